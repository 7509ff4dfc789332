from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, ForeignKey, Index, String, Table, event
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.types import UTCDateTime


class AuditEntry(Model):
    """Append-only record of every state change. Updates and deletes are refused by the database."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_case_at", "case_id", "at"),
        # "was this task completed?" tells a lost race (409) from an unknown task (404)
        Index("ix_audit_entries_task_id", "task_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))  # "user:<name>", "agency:<code>", "system:worker"
    action: Mapped[str] = mapped_column(String(100))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    element_id: Mapped[str | None] = mapped_column(String(100))
    task_id: Mapped[str | None] = mapped_column(String(36))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AppendOnlyViolation(Exception):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, _target: AuditEntry) -> None:
    raise AppendOnlyViolation("audit entries are append-only")


# The ORM guard above does not stop bulk statements or other clients; these triggers do.
# The migration creates the same triggers (see migrations/versions).
TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
        "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
    ],
}


@event.listens_for(AuditEntry.__table__, "after_create")
def _create_triggers(_table: Table, connection: Connection, **_kw: Any) -> None:
    for statement in TRIGGERS.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)
