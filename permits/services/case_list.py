"""The case list of an authority (`/vorgaenge`): search and keyset paging, newest case first.

Search terms match the file reference (its start), the address and applicant (part of the text) and the
parcel (Flurstück: "85", "85/2", optionally after the Gemarkung: "Döhren 85/2"). Like the inbox, a page
continues after the last row shown (created_at, id) instead of an OFFSET, and no total is counted.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import load_only

from permits.core.actors import Actor
from permits.errors import PermissionDenied
from permits.extensions import db
from permits.models import Case, OpenTask, Role, User
from permits.services.inbox import procedure_names

PAGE_SIZE = 50
TEXT_LIMIT = 100
_PARCEL = re.compile(r"^(?:(?P<gemarkung>\D.*?)\s+)?(?P<zaehler>\d{1,6})(?:/(?P<nenner>\d{1,6}))?$")


@dataclass(frozen=True)
class CaseListQuery:
    file_reference: str = ""
    address: str = ""
    parcel: str = ""
    applicant: str = ""
    cursor: str = ""

    @classmethod
    def from_params(cls, params: Any) -> CaseListQuery:
        def text(name: str) -> str:
            return " ".join(str(params.get(name) or "").split())[:TEXT_LIMIT]

        return cls(
            file_reference=text("aktenzeichen"),
            address=text("adresse"),
            parcel=text("flurstueck"),
            applicant=text("antragsteller"),
            cursor=text("weiter") if len(str(params.get("weiter") or "")) <= 200 else "",
        )

    def params(self) -> dict[str, str]:
        values = {
            "aktenzeichen": self.file_reference,
            "adresse": self.address,
            "flurstueck": self.parcel,
            "antragsteller": self.applicant,
        }
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class CaseRow:
    id: int
    file_reference: str
    title: str
    status: str  # in words
    procedure: str  # in words
    next_deadline: datetime | None
    officers: tuple[str, ...]  # who holds its open tasks
    closed: bool


@dataclass(frozen=True)
class CaseListPage:
    query: CaseListQuery
    rows: tuple[CaseRow, ...]
    next_cursor: str | None
    parcel_error: str | None = None


def check_may_list_cases(actor: Actor) -> None:
    if actor.role not in (Role.CASE_OFFICER, Role.ADMIN):
        raise PermissionDenied("Die Vorgangsliste ist der Bauaufsicht vorbehalten.")


def case_list(actor: Actor, query: CaseListQuery, limit: int = PAGE_SIZE) -> CaseListPage:
    check_may_list_cases(actor)
    statement, parcel_error = _searched(_of_authority(actor), query)
    after = _decode(query.cursor)
    if after is not None:
        moment, case_id = after
        statement = statement.where(
            or_(Case.created_at < moment, and_(Case.created_at == moment, Case.id < case_id))
        )
    cases = list(
        db.session.scalars(statement.order_by(Case.created_at.desc(), Case.id.desc()).limit(limit + 1))
    )
    more = len(cases) > limit
    cases = cases[:limit]
    deadlines, officers = _open_task_facts([c.id for c in cases])
    names = procedure_names()
    rows = tuple(
        CaseRow(
            id=c.id,
            file_reference=c.file_reference,
            title=c.title,
            status=c.status.label if c.status else "Eingegangen",
            procedure=names.get(c.process_id, c.process_id),
            next_deadline=deadlines.get(c.id),
            officers=tuple(sorted(officers.get(c.id, set()))),
            closed=c.closed_at is not None,
        )
        for c in cases
    )
    cursor = _encode(cases[-1]) if more and cases else None
    return CaseListPage(query=query, rows=rows, next_cursor=cursor, parcel_error=parcel_error)


def _of_authority(actor: Actor) -> Select[Case]:
    """Cases of the actor's building authority; cases not tied to one belong to every authority here."""
    # The list shows no application facts: leave the large JSON column unread.
    statement = select(Case).options(
        load_only(
            Case.id,
            Case.file_reference,
            Case.title,
            Case.status,
            Case.process_id,
            Case.created_at,
            Case.closed_at,
        )
    )
    if not actor.is_admin:
        statement = statement.where(or_(Case.authority_id.is_(None), Case.authority_id == actor.authority_id))
    return statement


def _searched(statement: Select[Case], query: CaseListQuery) -> tuple[Select[Case], str | None]:
    if query.file_reference:
        statement = statement.where(
            Case.file_reference.startswith(query.file_reference.upper(), autoescape=True)
        )
    if query.address:
        street = func.lower(Case.details["plot"]["street"].as_string())
        city = func.lower(Case.details["plot"]["city"].as_string())
        needle = query.address.lower()
        statement = statement.where(
            or_(
                street.contains(needle, autoescape=True),
                city.contains(needle, autoescape=True),
                func.lower(Case.title).contains(needle, autoescape=True),
            )
        )
    if query.applicant:
        name = func.lower(Case.details["applicant"]["name"].as_string())
        statement = statement.where(name.contains(query.applicant.lower(), autoescape=True))
    if query.parcel:
        match = _PARCEL.match(query.parcel)
        if match is None:
            return statement, "Bitte geben Sie das Flurstück als Zähler oder Zähler/Nenner an, z. B. 85/2."
        statement = statement.where(Case.details["plot"]["zaehler"].as_string() == match["zaehler"])
        if match["nenner"]:
            statement = statement.where(Case.details["plot"]["nenner"].as_string() == match["nenner"])
        if match["gemarkung"]:
            gemarkung = func.lower(Case.details["plot"]["gemarkung"].as_string())
            statement = statement.where(gemarkung == match["gemarkung"].strip().lower())
    return statement, None


def _open_task_facts(case_ids: list[int]) -> tuple[dict[int, datetime], dict[int, set[str]]]:
    """For the cases of one page: the next deadline of their open tasks and who holds those tasks."""
    if not case_ids:
        return {}, {}
    rows = db.session.execute(
        select(OpenTask.case_id, OpenTask.due_at, User.display_name)
        .outerjoin(User, User.id == OpenTask.assignee_id)
        .where(OpenTask.case_id.in_(case_ids))
    )
    deadlines: dict[int, datetime] = {}
    officers: dict[int, set[str]] = {}
    for case_id, due_at, officer in rows:
        if due_at is not None and (case_id not in deadlines or due_at < deadlines[case_id]):
            deadlines[case_id] = due_at
        if officer:
            officers.setdefault(case_id, set()).add(officer)
    return deadlines, officers


def _encode(case: Case) -> str:
    raw = json.dumps([case.created_at.isoformat(), case.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        moment, case_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(case_id, int):
            return None
        return datetime.fromisoformat(str(moment)), case_id
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        return None
