"""The workflow engine of this app: every process in `processes/`, with the registered task handlers."""

from __future__ import annotations

from flask import Flask, current_app

from permits.core.runtime import runtime
from permits.engine import Engine
from permits.tasks.registry import registry  # importing permits.tasks registers every handler

EXTENSION_KEY = "permits.engine"


def load_engine(app: Flask) -> Engine:
    """Parse and check every process file now (at start), so a broken file stops the app, not a request."""
    with app.app_context():
        engine = Engine(app.config["PROCESSES_DIR"], handlers=registry, clock=runtime().clock)
    app.extensions[EXTENSION_KEY] = engine
    return engine


def engine() -> Engine:
    current = current_app.extensions.get(EXTENSION_KEY)
    if current is None:
        # Commands that never touch a process (db upgrade, users create) start without parsing them.
        current = load_engine(current_app._get_current_object())  # type: ignore[attr-defined]
    result: Engine = current
    return result
