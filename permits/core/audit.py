"""Writing the append-only audit log.

Every state change calls `record` inside the use case that makes it: the entry joins the caller's
transaction (`permits.core.transaction`), so the change and its audit entry are stored together or not at
all. `record` never commits.
"""

from __future__ import annotations

from typing import Any

from permits.core.actors import Actor
from permits.core.runtime import now
from permits.extensions import db
from permits.models import AuditEntry


def record(
    action: str,
    actor: Actor,
    *,
    case_id: int | None = None,
    element_id: str | None = None,
    task_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=now(),
        actor=actor.name,
        action=action,
        case_id=case_id,
        element_id=element_id,
        task_id=task_id,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
