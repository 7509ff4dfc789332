"""Liveness and readiness of this process, for load balancers and orchestrators (`/healthz`, `/readyz`).

Readiness is what a request needs to succeed: the database answers, its schema is at the migrations'
head, the processes are loaded, a worker has beaten recently (timers, documents and webhooks depend on
one), and the XBau schemas compile when XBau is configured. Every check is cheap: one or two small
queries, everything else is cached in the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from permits.core.runtime import now
from permits.errors import PermitsError
from permits.extensions import db
from permits.models import Worker
from permits.services.engine import EXTENSION_KEY as ENGINE_KEY
from permits.xbau import schemas

XBAU_PROBE_SCHEMA = "xbau-nachrichten-baugenehmigung.xsd"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)


@lru_cache(maxsize=4)
def _migrations_head(directory: str) -> str | None:
    return ScriptDirectory(directory).get_current_head()


def _database() -> tuple[Check, Check]:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        reason = type(exc).__name__
        return Check("database", False, f"unreachable ({reason})"), Check("migrations", False, "unknown")
    head = _migrations_head(str(Path(current_app.extensions["migrate"].directory)))
    at_head = current == head
    return (
        Check("database", True, "reachable"),
        Check("migrations", at_head, f"at {current}" if at_head else f"at {current}, head is {head}"),
    )


def _processes() -> Check:
    engine = current_app.extensions.get(ENGINE_KEY)
    count = len(engine.definitions) if engine is not None else 0
    return Check("processes", count > 0, f"{count} loaded")


def _worker() -> Check:
    horizon = now() - timedelta(seconds=current_app.config["READY_WORKER_SECONDS"])
    try:
        latest = db.session.scalar(
            select(func.max(Worker.last_heartbeat_at)).where(Worker.stopped_at.is_(None))
        )
    except SQLAlchemyError:
        db.session.rollback()
        return Check("worker", False, "unknown")
    if latest is None:
        return Check("worker", False, "no heartbeat seen")
    fresh = latest >= horizon
    return Check("worker", fresh, "heartbeat fresh" if fresh else f"last heartbeat {latest.isoformat()}")


def _xbau() -> Check:
    if not current_app.config.get(schemas.CONFIG_KEY):
        return Check("xbau_schemas", True, "not configured (XBau messages are refused)")
    try:
        schemas.load_schema(XBAU_PROBE_SCHEMA)
    except PermitsError as exc:
        return Check("xbau_schemas", False, exc.message)
    return Check("xbau_schemas", True, "loaded")


def readiness() -> Readiness:
    return Readiness((*_database(), _processes(), _worker(), _xbau()))
