"""The team view for team leads: per officer of the authority their open, overdue and due-soon tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, func, select

from permits.core.actors import Actor
from permits.core.runtime import now
from permits.errors import PermissionDenied
from permits.extensions import db
from permits.models import OpenTask, User
from permits.services.tasks import colleagues, is_team_lead

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class OfficerLoad:
    user_id: int
    name: str
    team_lead: bool
    open: int
    overdue: int
    due_soon: int  # due within DUE_SOON_DAYS, not yet overdue


@dataclass(frozen=True)
class TeamView:
    officers: tuple[OfficerLoad, ...]
    unassigned_open: int
    unassigned_overdue: int
    due_soon_days: int = DUE_SOON_DAYS


def team_view(actor: Actor) -> TeamView:
    if not is_team_lead(actor):
        raise PermissionDenied("Die Teamübersicht ist der Teamleitung vorbehalten.")
    moment = now()
    soon = moment + timedelta(days=DUE_SOON_DAYS)
    people: list[User] = colleagues(actor)
    overdue = func.sum(case((OpenTask.due_at < moment, 1), else_=0))
    due_soon = func.sum(case(((OpenTask.due_at >= moment) & (OpenTask.due_at < soon), 1), else_=0))
    rows = db.session.execute(
        select(OpenTask.assignee_id, func.count(), overdue, due_soon)
        .where(OpenTask.assignee_id.in_([p.id for p in people]))
        .group_by(OpenTask.assignee_id)
    )
    loads = {assignee: (n, int(late or 0), int(near or 0)) for assignee, n, late, near in rows}
    officers = tuple(
        OfficerLoad(p.id, p.display_name, p.is_team_lead, *loads.get(p.id, (0, 0, 0))) for p in people
    )
    free = db.session.execute(
        select(func.count(), overdue).where(
            OpenTask.assignee_id.is_(None), OpenTask.candidate_group.in_(sorted(actor.groups))
        )
    ).one()
    return TeamView(officers=officers, unassigned_open=free[0], unassigned_overdue=int(free[1] or 0))
