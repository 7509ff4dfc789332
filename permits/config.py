"""Settings: defaults in `Config`, overridden by `PERMITS_*` environment variables and test_config."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Environment variable suffix -> Flask config key, where the two differ.
_ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


class Config:
    DEBUG = False
    TESTING = False
    # Demo mode (`make run`): a built-in secret key is acceptable.
    DEMO = False
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}
    PROCESSES_DIR = str(PROJECT_ROOT / "processes")
    XBAU_SCHEMA_DIR: str | None = None
    # Timezone of the authority; statutory deadlines end at local midnight.
    TIMEZONE = "Europe/Berlin"
    # Land whose public holidays count for deadlines (ISO 3166-2 subdivision of DE).
    HOLIDAY_SUBDIVISION = "NI"
    WORKER_POLL_SECONDS = 2.0
    WORKER_BATCH = 20
    JOB_LEASE_SECONDS = 300
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
    WEBHOOKS_ALLOW_HTTP = False
    WEBHOOK_TIMEOUT_SECONDS = 10.0
    REMINDER_DAYS_BEFORE = 5
    AUTHORITY_NAME = "Landeshauptstadt Hannover – Bauordnung"
    AUTHORITY_ADDRESS = "Rudolf-Hillebrecht-Platz 1, 30159 Hannover"
    AUTHORITY_DVDV = "bab:03241001"
    # Demo bank details (a syntactically valid test IBAN); set the authority's own in production.
    AUTHORITY_IBAN = "DE02120300000000202051"
    AUTHORITY_BIC = "BYLADEM1001"
    AUTHORITY_BANK_NAME = "Deutsche Kreditbank (Demo)"
    FILE_REFERENCE_PREFIX = "BA"
    PASSWORD_HASH_METHOD = "scrypt"


def _coerce(raw: str, current: Any) -> Any:
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    if isinstance(current, dict):
        return json.loads(raw)
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every `PERMITS_<KEY>` variable overrides the `Config` attribute `<KEY>` (with a few aliases)."""
    environ = dict(os.environ if environ is None else environ)
    overrides: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("PERMITS_"):
            continue
        key = name.removeprefix("PERMITS_")
        key = _ENV_ALIASES.get(key, key)
        if key.isupper() and hasattr(Config, key):
            overrides[key] = _coerce(raw, getattr(Config, key))
    return overrides
