"""The case file (Akte) of one case as the building authority's officer reads it: the case read model plus
the application's facts in words, documents with distinct titles, deadlines, the XBau message summary,
current tasks (with whether the reader may open them), internal comments and the history in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from permits.codelists import DocumentType, ReviewStatus
from permits.core.actors import Actor
from permits.errors import NotFound, PermissionDenied
from permits.extensions import db
from permits.models import (
    ApplicationDocument,
    IssuedDocument,
    OpenTask,
    ReviewRequest,
    Role,
    Timer,
    WorkflowInstance,
    XbauMessage,
)
from permits.services import case_view, comments, history, tasks
from permits.services.case_facts import FactSection, fact_sections
from permits.services.cases import case_history, get_case
from permits.services.engine import engine
from permits.services.views import CaseView
from permits.services.xbau_messages_view import XbauMessageView, case_messages

MESSAGES_SHOWN = 5

# What each deadline timer of the processes means, for people (the BPMN names say what happens at its end).
DEADLINE_NAMES = {
    "be_fiction_expired": "Bearbeitungsfrist (Genehmigungsfiktion)",
    "te_fiction_extended": "Verlängerte Bearbeitungsfrist (Genehmigungsfiktion)",
    "be_deficiency_expired": "Frist zur Nachreichung von Unterlagen",
    "be_grace_expired": "Nachfrist zur Nachreichung von Unterlagen",
    "be_hearing_expired": "Anhörungsfrist",
}
# Timers of a participation: shown per agency from the review requests instead.
PARTICIPATION_TIMERS = {"be_statement_deadline", "be_consent_deadline"}


@dataclass(frozen=True)
class DocumentEntry:
    id: int
    title: str
    type_label: str
    date: datetime | date | None
    filename: str
    available: bool  # the file is here (not a link or announced for later)
    previewable: bool  # a PDF the page can show inline
    supplement: bool = False  # handed in after a deficiency notice
    link_url: str | None = None


@dataclass(frozen=True)
class Deadline:
    name: str
    last_day: datetime | None = None  # a stored expiry moment (filter `last_day`)
    day: date | None = None  # a last day as such


@dataclass(frozen=True)
class TaskEntry:
    task_id: str
    name: str
    lane: str | None
    assignee: str | None
    due_at: datetime | None
    can_open: bool


@dataclass(frozen=True)
class CaseFile:
    case: CaseView
    facts: tuple[FactSection, ...]
    application_documents: tuple[DocumentEntry, ...]
    issued_documents: tuple[DocumentEntry, ...]
    deadlines: tuple[Deadline, ...]
    tasks: tuple[TaskEntry, ...]
    history: tuple[history.HistoryLine, ...]
    messages: tuple[XbauMessageView, ...] | None  # None: the reader may not see the message log
    message_count: int
    comments: tuple[comments.CommentView, ...] | None  # None: the reader may not see internal comments


def can_open_task(task: OpenTask, actor: Actor, four_eyes_of: str | None = None) -> bool:
    """May the actor work on this task? The rules `services.tasks` enforces: the routing group or the
    assignee (`get_task`), and the four-eyes rule (`fourEyesOf`: not whoever completed those steps last).
    One place to swap for `services.tasks.can_work_on` once it exists."""
    assigned = actor.user_id is not None and task.assignee_id == actor.user_id
    if not (assigned or actor.in_group(task.candidate_group, task.case)):
        return False
    try:
        tasks._check_four_eyes(four_eyes_of, task, actor)
    except PermissionDenied:
        return False
    return True


def _four_eyes(case_id: int) -> dict[str, str]:
    """The `fourEyesOf` property of each ready task of the case, read from its workflow (no lock)."""
    row = db.session.scalars(select(WorkflowInstance).where(WorkflowInstance.case_id == case_id)).first()
    if row is None:
        return {}
    version = row.process_version
    workflow = engine().load(version.content_hash, version.spec_json, row.state_json, {"case_id": case_id})
    return {
        t.task_id: t.properties["fourEyesOf"]
        for t in workflow.ready_tasks()
        if t.properties.get("fourEyesOf")
    }


def _task_entries(case_id: int, actor: Actor) -> tuple[TaskEntry, ...]:
    open_tasks = tasks.case_tasks(case_id)
    four_eyes = _four_eyes(case_id) if open_tasks else {}
    return tuple(
        TaskEntry(
            task_id=t.task_id,
            name=t.name,
            lane=t.lane,
            assignee=t.assignee.display_name if t.assignee else None,
            due_at=t.due_at,
            can_open=can_open_task(t, actor, four_eyes.get(t.task_id)),
        )
        for t in open_tasks
    )


def _application_documents(view: CaseView) -> tuple[DocumentEntry, ...]:
    first_day = view.created_at
    return tuple(
        DocumentEntry(
            id=d.id,
            title=d.title or DocumentType.label_of(d.document_type, "Unterlage"),
            type_label=DocumentType.label_of(d.document_type, "Sonstige Unterlage"),
            date=d.dated or d.uploaded_at,
            filename=d.filename,
            available=d.received,
            previewable=d.received and (d.media_type or "application/pdf") == "application/pdf",
            supplement=d.uploaded_at > first_day,
            link_url=d.link_url if (d.link_url or "").lower().startswith(("https://", "http://")) else None,
        )
        for d in view.application_documents
    )


def _review_names_by_document(case_id: int) -> dict[str, str]:
    """Issued letters to an agency (participation requests) by their request id: the agency's name. The
    letter's XBau twin (0300) names its review request (`document:<request id>` subject)."""
    query = (
        select(XbauMessage.subject, ReviewRequest)
        .join(ReviewRequest, XbauMessage.review_request_id == ReviewRequest.id)
        .where(XbauMessage.case_id == case_id, XbauMessage.subject.like("document:%"))
    )
    return {
        str(subject).removeprefix("document:"): review.authority.name
        for subject, review in db.session.execute(query).all()
    }


def _issued_title(title: str, addressee: str | None) -> str:
    """ "Beteiligung vom 01.12.2026" → "Beteiligung Feuerwehr … vom 01.12.2026"."""
    if not addressee:
        return title
    head, separator, tail = title.partition(" vom ")
    return f"{head} {addressee}{separator}{tail}"


def _issued_documents(case_id: int, view: CaseView) -> tuple[DocumentEntry, ...]:
    if not view.documents:
        return ()
    names = _review_names_by_document(case_id)
    request_ids = dict(
        db.session.execute(
            select(IssuedDocument.id, IssuedDocument.request_id).where(IssuedDocument.case_id == case_id)
        ).all()
    )
    return tuple(
        DocumentEntry(
            id=d.id,
            title=_issued_title(d.title, names.get(str(request_ids.get(d.id)))),
            type_label="Schreiben der Bauaufsicht",
            date=d.created_at,
            filename=d.filename,
            available=True,
            previewable=d.media_type == "application/pdf",
        )
        for d in view.documents
    )


def _deadlines(case_id: int) -> tuple[Deadline, ...]:
    result = [
        Deadline(name=DEADLINE_NAMES.get(t.element_id, t.name or "Frist"), last_day=t.due_at)
        for t in db.session.scalars(select(Timer).where(Timer.case_id == case_id).order_by(Timer.due_at))
        if t.element_id not in PARTICIPATION_TIMERS
    ]
    reviews = db.session.scalars(
        select(ReviewRequest)
        .where(ReviewRequest.case_id == case_id, ReviewRequest.status == ReviewStatus.OPEN)
        .order_by(ReviewRequest.due_on, ReviewRequest.id)
    )
    result += [Deadline(name=f"Stellungnahme {r.authority.name}", day=r.effective_due_on) for r in reviews]
    return tuple(result)


def _messages(case_id: int, actor: Actor) -> tuple[tuple[XbauMessageView, ...] | None, int]:
    if actor.role not in (Role.CASE_OFFICER, Role.ADMIN):
        return None, 0
    try:
        view = case_messages(case_id, actor)
    except PermissionDenied:  # for another authority's officer: no summary, no link
        return None, 0
    return view.messages[:MESSAGES_SHOWN], len(view.messages)


def case_file(case_id: int, actor: Actor) -> CaseFile:
    case = get_case(case_id, actor)
    view = case_view.case_detail(case_id, actor)
    sees_history = actor.role in (Role.CASE_OFFICER, Role.ADMIN, Role.ARCHITECT)
    messages, count = _messages(case.id, actor)
    return CaseFile(
        case=view,
        facts=fact_sections(view.details, view.process_name),
        application_documents=_application_documents(view),
        issued_documents=_issued_documents(case.id, view),
        deadlines=_deadlines(case.id),
        tasks=_task_entries(case.id, actor),
        history=history.history_lines(case_history(case.id)) if sees_history else (),
        messages=messages,
        message_count=count,
        comments=comments.list_comments(case.id, actor) if comments.may_comment(case, actor) else None,
    )


def application_document(case_id: int, document_id: int, actor: Actor) -> ApplicationDocument:
    """A building document of the case's application: for the authority and the applicant (agencies get
    theirs through their review request)."""
    case = get_case(case_id, actor)
    document = db.session.get(ApplicationDocument, document_id)
    if (
        document is None
        or document.application.case_id != case.id
        or actor.role == Role.AGENCY
        or document.content is None
    ):
        raise NotFound("Diese Unterlage gibt es nicht oder sie liegt nicht als Datei vor.")
    return document
