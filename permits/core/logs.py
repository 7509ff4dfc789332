"""Log lines for operators: one JSON object per line in production (`PERMITS_LOG_FORMAT=json`), plain text
in development. Every line carries the request id or job id it belongs to and, where known, the case's
file reference, so one request or job can be followed across app and worker logs.

Never log personal data or secrets: no names, e-mail addresses, tokens, passwords, query strings or bodies.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

# What the current request or job is about; set by the web layer and the worker, read by the formatter.
_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "permits_log_context", default=None
)

# Extra attributes a log call may pass (`log.info("...", extra={...})`) that belong in the JSON line.
FIELDS = (
    "request_id",
    "job_id",
    "job_kind",
    "case_id",
    "method",
    "endpoint",
    "path",
    "status",
    "duration_ms",
    "outcome",
    "worker",
)


def bind(**values: Any) -> contextvars.Token[dict[str, Any] | None]:
    """Add fields to every log line of the current request or job (until `unbind`)."""
    return _context.set({**(_context.get() or {}), **values})


def unbind(token: contextvars.Token[dict[str, Any] | None]) -> None:
    _context.reset(token)


def context() -> dict[str, Any]:
    return dict(_context.get() or {})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, bound context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **context(),
        }
        for field in FIELDS:
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Plain lines for a terminal, with the bound context appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = {**context(), **{f: record.__dict__[f] for f in FIELDS if f in record.__dict__}}
        if fields:
            text += " " + " ".join(f"{key}={value}" for key, value in fields.items())
        return text


def configure(log_format: str, level: str = "INFO") -> None:
    """Send permits' logs (and the libraries') to stderr in the chosen format; idempotent."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_permits", False):
            root.removeHandler(existing)
    handler._permits = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    # These libraries log every layout step, font subset or task state change at INFO.
    for noisy in ("weasyprint", "fontTools", "fontTools.subset", "fontTools.ttLib", "spiff"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
