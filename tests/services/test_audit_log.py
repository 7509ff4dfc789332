"""The audit log only ever grows."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from permits.extensions import db
from permits.models import AuditEntry
from permits.models.audit import AppendOnlyViolation
from permits.services.cases import start_case


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_every_change_adds_entries(app, actors):
    before = _count()
    case = start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    entries = db.session.scalars(select(AuditEntry).filter_by(case_id=case.id).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["case_started", "status_changed"]
    assert entries[1].before == {"status": None} and entries[1].after == {"status": "14"}
    assert _count() == before + 2


def test_orm_refuses_update_and_delete(app, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    entry = db.session.scalars(select(AuditEntry)).first()
    entry.action = "tampered"
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(AuditEntry)).first())
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize(
    "statement",
    [update(AuditEntry).values(action="tampered"), delete(AuditEntry)],
    ids=["update", "delete"],
)
def test_database_refuses_bulk_update_and_delete(app, actors, statement):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    count = _count()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(statement)
        db.session.commit()
    db.session.rollback()
    assert _count() == count
    assert db.session.scalar(text("SELECT count(*) FROM audit_entries WHERE action = 'tampered'")) == 0
