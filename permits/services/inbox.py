"""The officer's inbox: views with capped counts, filters, sort orders and keyset paging; saved views.

Paging is by keyset (the sort key and id of the last row shown travel in the `weiter` cursor), never by
OFFSET, so a page costs the same at the end of the list as at its start and rows inserted meanwhile do not
shift the next page. Counts are capped (COUNT_CAP): a view with more tasks shows "mehr als 99" instead of
a total that would have to read every row.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Case, OpenTask, SavedInboxView
from permits.services.engine import engine
from permits.services.tasks import is_team_lead, visible_condition, workable

PAGE_SIZE = 50
COUNT_CAP = 99
MAX_SAVED_VIEWS = 20
TEXT_LIMIT = 100

VIEWS = {
    "behoerde": "Alle meiner Behörde",
    "meine": "Mir zugewiesen",
    "gruppe": "Meine Gruppen",
    "ueberfaellig": "Überfällig",
    "faellig": "Fällig in {days} Tagen",
}
SORTS = {"eingang": "Eingang", "frist": "Frist", "aktenzeichen": "Aktenzeichen"}
# Query parameters a saved view keeps (the cursor is a position, not part of a view).
FILTER_PARAMS = (
    "ansicht",
    "tage",
    "verfahren",
    "aufgabe",
    "gemarkung",
    "antragsteller",
    "aktenzeichen",
    "bearbeitung",
    "sortierung",
)


@dataclass(frozen=True)
class InboxQuery:
    view: str = "behoerde"
    due_days: int = 7
    procedure: str = ""  # the case's process id
    task: str = ""  # part of the task name
    gemarkung: str = ""
    applicant: str = ""  # part of the applicant's name
    file_reference: str = ""  # start of the file reference
    assignee_id: int | None = None
    sort: str = "eingang"
    cursor: str = ""

    @classmethod
    def from_params(cls, params: Any) -> InboxQuery:
        """From query parameters; unknown values fall back to the defaults, texts are cut to size."""

        def text(name: str) -> str:
            return str(params.get(name) or "").strip()[:TEXT_LIMIT]

        days = text("tage")
        assignee = text("bearbeitung")
        return cls(
            view=text("ansicht") if text("ansicht") in VIEWS else "behoerde",
            due_days=min(max(int(days), 1), 90) if days.isdigit() else 7,
            procedure=text("verfahren"),
            task=text("aufgabe"),
            gemarkung=text("gemarkung"),
            applicant=text("antragsteller"),
            file_reference=text("aktenzeichen"),
            assignee_id=int(assignee) if assignee.isdigit() else None,
            sort=text("sortierung") if text("sortierung") in SORTS else "eingang",
            cursor=text("weiter") if len(str(params.get("weiter") or "")) <= 200 else "",
        )

    def params(self) -> dict[str, str]:
        """The query parameters that describe this view (defaults left out), without the cursor."""
        values = {
            "ansicht": self.view if self.view != "behoerde" else "",
            "tage": str(self.due_days) if self.view == "faellig" and self.due_days != 7 else "",
            "verfahren": self.procedure,
            "aufgabe": self.task,
            "gemarkung": self.gemarkung,
            "antragsteller": self.applicant,
            "aktenzeichen": self.file_reference,
            "bearbeitung": str(self.assignee_id) if self.assignee_id is not None else "",
            "sortierung": self.sort if self.sort != "eingang" else "",
        }
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class InboxRow:
    task: OpenTask
    procedure: str  # in words
    overdue: bool
    may_work: bool  # opening the form will not be refused
    may_claim: bool
    may_release: bool


@dataclass(frozen=True)
class ViewCount:
    key: str
    label: str
    count: str  # "12" or "mehr als 99"


@dataclass(frozen=True)
class InboxPage:
    query: InboxQuery
    rows: tuple[InboxRow, ...]
    next_cursor: str | None
    counts: tuple[ViewCount, ...]
    procedures: tuple[tuple[str, str], ...]
    team_lead: bool
    filtered: bool = field(default=False)


def procedure_names() -> dict[str, str]:
    return {d.process_id: d.name for d in engine().definitions.values()}


def inbox_page(actor: Actor, query: InboxQuery, limit: int = PAGE_SIZE) -> InboxPage:
    moment = now()
    base = _filtered(actor, query, moment)
    items = _rows(_ordered(_in_view(base, actor, query, moment), query.sort), query, limit + 1)
    more = len(items) > limit
    items = items[:limit]
    names = procedure_names()
    allowed = workable(items, actor)
    rows = tuple(
        InboxRow(
            task=t,
            procedure=names.get(t.case.process_id, t.case.process_id),
            overdue=t.due_at is not None and t.due_at < moment,
            may_work=t.task_id in allowed,
            may_claim=t.task_id in allowed and t.assignee_id is None and actor.user_id is not None,
            may_release=t.assignee_id is not None and t.assignee_id == actor.user_id,
        )
        for t in items
    )
    return InboxPage(
        query=query,
        rows=rows,
        next_cursor=_encode(items[-1], query.sort) if more and items else None,
        counts=_counts(_filtered(actor, query, moment, with_case=False), actor, query, moment),
        procedures=tuple(sorted(((d.process_id, d.name) for d in engine().startable()), key=lambda p: p[1])),
        team_lead=is_team_lead(actor),
        filtered=bool(set(query.params()) - {"ansicht", "tage", "sortierung"}),
    )


def view_label(key: str, due_days: int) -> str:
    return VIEWS[key].format(days=due_days)


def _filtered(
    actor: Actor, query: InboxQuery, moment: datetime, *, with_case: bool = True
) -> Select[OpenTask]:
    """Visible tasks with the filters applied, joined to their case (shown in every row). Counts join the
    case only when a filter reads it: PostgreSQL may otherwise plan a hash join over every case."""
    statement = select(OpenTask).where(visible_condition(actor))
    if with_case or query.procedure or query.file_reference or query.gemarkung or query.applicant:
        statement = statement.join(OpenTask.case)
    if query.procedure:
        statement = statement.where(Case.process_id == query.procedure)
    if query.task:
        statement = statement.where(func.lower(OpenTask.name).contains(query.task.lower(), autoescape=True))
    if query.file_reference:
        statement = statement.where(
            Case.file_reference.startswith(query.file_reference.upper(), autoescape=True)
        )
    if query.gemarkung:
        gemarkung = func.lower(Case.details["plot"]["gemarkung"].as_string())
        statement = statement.where(gemarkung == query.gemarkung.lower())
    if query.applicant:
        name = func.lower(Case.details["applicant"]["name"].as_string())
        statement = statement.where(name.contains(query.applicant.lower(), autoescape=True))
    if query.assignee_id is not None:
        statement = statement.where(OpenTask.assignee_id == query.assignee_id)
    return statement


def _in_view(
    statement: Select[OpenTask], actor: Actor, query: InboxQuery, moment: datetime
) -> Select[OpenTask]:
    if query.view == "meine":
        return (
            statement.where(OpenTask.assignee_id == actor.user_id)
            if actor.user_id
            else statement.where(false())
        )
    if query.view == "gruppe":
        return statement.where(OpenTask.candidate_group.in_(sorted(actor.groups)))
    if query.view == "ueberfaellig":
        return statement.where(OpenTask.due_at < moment)
    if query.view == "faellig":
        return statement.where(
            OpenTask.due_at >= moment, OpenTask.due_at < moment + timedelta(days=query.due_days)
        )
    return statement


def _counts(
    base: Select[OpenTask], actor: Actor, query: InboxQuery, moment: datetime
) -> tuple[ViewCount, ...]:
    """How many tasks each view holds, reading at most COUNT_CAP + 1 rows per view. One small query per
    view: SQLite plans them well one by one, not as scalar subqueries of one statement."""
    counts = []
    for key in VIEWS:
        view = _in_view(base, actor, replace(query, view=key), moment)
        capped = view.with_only_columns(OpenTask.id).limit(COUNT_CAP + 1).subquery()
        n = db.session.scalar(select(func.count()).select_from(capped)) or 0
        shown = f"mehr als {COUNT_CAP}" if n > COUNT_CAP else str(n)
        counts.append(ViewCount(key, view_label(key, query.due_days), shown))
    return tuple(counts)


def _rows(page: Select[OpenTask], query: InboxQuery, wanted: int) -> list[OpenTask]:
    """Up to `wanted` rows after the cursor. By due date in two index-friendly steps: tasks with a
    deadline in (due_at, id) order, then those without one in id order (NULLs sort differently on
    SQLite and PostgreSQL, and an `IS NULL` sort key would defeat the index)."""
    after = _decode(query.cursor, query.sort)
    if query.sort != "frist":
        if after is not None:
            page = page.where(_after(query.sort, *after))
        return list(db.session.scalars(page.limit(wanted)).unique())
    items: list[OpenTask] = []
    if after is None or after[0] is not None:
        dated = page.where(OpenTask.due_at.is_not(None))
        if after is not None:
            dated = dated.where(_after(query.sort, *after))
        items = list(db.session.scalars(dated.order_by(OpenTask.due_at, OpenTask.id).limit(wanted)).unique())
    if len(items) < wanted:
        undated = page.where(OpenTask.due_at.is_(None))
        if after is not None and after[0] is None:
            undated = undated.where(OpenTask.id > after[1])
        rest = db.session.scalars(undated.order_by(OpenTask.id).limit(wanted - len(items))).unique()
        items += list(rest)
    return items


def _sort_column(sort: str) -> Any:
    return {"frist": OpenTask.due_at, "aktenzeichen": Case.file_reference}.get(sort, OpenTask.created_at)


def _ordered(statement: Select[OpenTask], sort: str) -> Select[OpenTask]:
    # The rows show the case's file reference, title and procedure: leave its large JSON facts unread.
    case = contains_eager(OpenTask.case).load_only(
        Case.id, Case.file_reference, Case.title, Case.process_id, Case.applicant_id
    )
    statement = statement.options(case, selectinload(OpenTask.assignee))
    if sort == "frist":  # ordered per step in _rows
        return statement
    return statement.order_by(_sort_column(sort), OpenTask.id)


def _after(sort: str, key: Any, task_id: int) -> Any:
    """Rows after (key, id) in the sort order."""
    column = _sort_column(sort)
    if sort == "frist" and key is None:
        return and_(OpenTask.due_at.is_(None), OpenTask.id > task_id)
    return or_(column > key, and_(column == key, OpenTask.id > task_id))


def _encode(task: OpenTask, sort: str) -> str:
    key: Any = {"frist": task.due_at, "aktenzeichen": task.case.file_reference}.get(sort, task.created_at)
    if isinstance(key, datetime):
        key = key.isoformat()
    raw = json.dumps([sort, key, task.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, int] | None:
    """(key, id) from a cursor made for this sort order; None for none or a damaged one (first page)."""
    if not cursor:
        return None
    try:
        made_for, key, task_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if made_for != sort or not isinstance(task_id, int):
            return None
        if sort in ("eingang", "frist") and key is not None:
            key = datetime.fromisoformat(str(key))
        elif sort == "eingang" or (sort == "aktenzeichen" and not isinstance(key, str)):
            return None
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        return None
    return key, task_id


# -- saved views --------------------------------------------------------------------------------------------


def saved_views(actor: Actor) -> list[SavedInboxView]:
    if actor.user_id is None:
        return []
    query = (
        select(SavedInboxView).where(SavedInboxView.user_id == actor.user_id).order_by(SavedInboxView.name)
    )
    return list(db.session.scalars(query))


@transactional
def save_view(name: str, query: InboxQuery, actor: Actor) -> SavedInboxView:
    """Save the current filter under a name; the same name again replaces that view's filter."""
    if actor.user_id is None:
        raise PermissionDenied("Nur angemeldete Personen können Ansichten speichern.")
    name = " ".join(name.split())
    if not name or len(name) > 80:
        message = "Bitte geben Sie einen Namen mit höchstens 80 Zeichen an."
        raise InvalidInput(message, field_errors={"name": [message]})
    existing = {v.name: v for v in saved_views(actor)}
    view = existing.get(name)
    if view is None:
        if len(existing) >= MAX_SAVED_VIEWS:
            message = f"Sie können höchstens {MAX_SAVED_VIEWS} Ansichten speichern."
            raise InvalidInput(message, field_errors={"name": [message]})
        view = SavedInboxView(user_id=actor.user_id, name=name, created_at=now())
        db.session.add(view)
    view.params = query.params()
    db.session.flush()
    return view


@transactional
def delete_saved_view(view_id: int, actor: Actor) -> None:
    view = db.session.get(SavedInboxView, view_id)
    if view is None or view.user_id != actor.user_id:
        raise NotFound("Diese gespeicherte Ansicht gibt es nicht.")
    db.session.delete(view)
