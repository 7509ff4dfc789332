"""Read model of the case room (Vorgangsraum): a submitted application as its applicant follows it.

Timeline in words from the audit trail, the applicant's deadlines (last day, days left), what the
authority waits for, the letters issued to the applicant with distinct titles, the documents submitted.
Nothing here names process elements, codes or user names: the page prints it as it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from permits.codelists import DocumentType, PortalStatus
from permits.core.actors import Actor
from permits.core.runtime import local_today
from permits.documents.registry import KINDS
from permits.errors import NotFound
from permits.extensions import db
from permits.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AuditEntry,
    Case,
    IssuedDocument,
    OpenTask,
    Role,
    Timer,
)
from permits.services.applications import get_application
from permits.services.case_messages import check_authority_side
from permits.services.cases import get_case
from permits.services.supplements import ANSWER_FIELDS, answer_tasks

# Timers of the procedure that are the applicant's business: the date the permit is deemed granted.
DEEMED_APPROVAL_TIMERS = {"be_fiction_expired", "te_fiction_extended"}
REQUEST_KINDS = {"procedure_resubmission": "deficiency", "procedure_hearing_reply": "hearing"}
REQUEST_TITLES = {
    "deficiency": "Unterlagen nachreichen",
    "hearing": "Zur Anhörung vor einer Ablehnung Stellung nehmen",
}
NOTICE_OF_REQUEST = {"deficiency": "deficiency_notice", "hearing": "hearing_notice"}
_APPLICANT_KINDS = {k.name for k in KINDS if k.visible_to(Role.ARCHITECT)}


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime
    text: str


@dataclass(frozen=True)
class Deadline:
    label: str
    last_day: date
    days_left: int
    note: str


@dataclass(frozen=True)
class LetterView:
    id: int
    title: str
    issued_at: datetime


@dataclass(frozen=True)
class SubmittedDocument:
    id: int
    type_label: str
    filename: str
    uploaded_at: datetime
    supplement: bool  # added after submission
    available: bool


@dataclass(frozen=True)
class OpenRequest:
    task_id: str
    kind: str  # "deficiency" | "hearing"
    title: str
    deadline: Deadline | None
    notice: LetterView | None
    findings: tuple[str, ...]


@dataclass(frozen=True)
class RoomView:
    public_id: str
    case_id: int
    title: str
    file_reference: str
    status_label: str
    submitted_at: datetime | None
    closed: bool
    timeline: tuple[TimelineEntry, ...]
    deadlines: tuple[Deadline, ...]
    requests: tuple[OpenRequest, ...]
    letters: tuple[LetterView, ...]
    documents: tuple[SubmittedDocument, ...]


def room_application(public_id: str, actor: Actor) -> Application:
    """The application for its own architect or an administrator. Officers read the case file, not the
    room: for them (and anyone else) the room does not exist."""
    application = get_application(public_id, actor)
    if application.applicant_id != actor.user_id and not actor.is_admin:
        raise NotFound("Diesen Antrag gibt es nicht.")
    return application


def _last_day(moment: datetime) -> date:
    """Deadlines are stored as the moment they expire (local midnight after the last day)."""
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return (local - timedelta(microseconds=1)).date()


def _deadline(label: str, moment: datetime, note: str) -> Deadline:
    day = _last_day(moment)
    return Deadline(label=label, last_day=day, days_left=(day - local_today()).days, note=note)


def _timeline_text(entry: AuditEntry) -> str | None:
    after: dict[str, Any] = entry.after or {}
    if entry.action == "application_submitted":
        return "Antrag eingereicht"
    if entry.action == "status_changed":
        return PortalStatus.label_of(str(after.get("status") or "")) or None
    if entry.action == "supplement_added":
        kind = DocumentType.label_of(str(after.get("document_type") or "")) or "Unterlage"
        return f"Unterlage nachgereicht: {kind}"
    if entry.action == "task_completed" and entry.element_id == "ut_hearing_reply":
        return "Stellungnahme zur Anhörung gesendet"  # an answer to a deficiency notice shows as status 02
    return None


def _timeline(case: Case) -> tuple[TimelineEntry, ...]:
    """Status changes and the applicant's own steps. The submission is recorded after the procedure has
    started (and confirmed receipt) in the same transaction: it is placed at the moment the case opened."""
    query = select(AuditEntry).where(
        AuditEntry.case_id == case.id,
        AuditEntry.action.in_(
            ("application_submitted", "status_changed", "supplement_added", "task_completed")
        ),
    )
    rows = sorted(
        db.session.scalars(query),
        key=lambda e: (case.created_at, 0, e.id) if e.action == "application_submitted" else (e.at, 1, e.id),
    )
    return tuple(TimelineEntry(e.at, text) for e in rows if (text := _timeline_text(e)) is not None)


def _letters(case_id: int) -> tuple[LetterView, ...]:
    """Letters to the applicant, each with a title of its own: a second letter of the same kind and day
    is numbered, so no two links read the same."""
    query = select(IssuedDocument).where(
        IssuedDocument.case_id == case_id, IssuedDocument.kind.in_(sorted(_APPLICANT_KINDS))
    )
    documents = list(db.session.scalars(query.order_by(IssuedDocument.created_at, IssuedDocument.id)))
    totals = Counter(d.title for d in documents)
    seen: Counter[str] = Counter()
    letters = []
    for document in documents:
        seen[document.title] += 1
        title = document.title
        if totals[title] > 1:
            title = (
                f"{title} ({seen[title]}. Fassung)" if document.supersedes_id else f"{title} ({seen[title]})"
            )
        letters.append(LetterView(id=document.id, title=title, issued_at=document.created_at))
    return tuple(letters)


def _documents(application: Application) -> tuple[SubmittedDocument, ...]:
    supplied = {
        (entry.after or {}).get("document")
        for entry in db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.case_id == application.case_id, AuditEntry.action == "supplement_added"
            )
        )
    }
    query = select(ApplicationDocument).where(ApplicationDocument.application_id == application.id)
    return tuple(
        SubmittedDocument(
            id=d.id,
            type_label=DocumentType.label_of(d.document_type) or "Unterlage",
            filename=d.filename,
            uploaded_at=d.uploaded_at,
            supplement=d.id in supplied,
            available=d.content is not None,
        )
        for d in db.session.scalars(query.order_by(ApplicationDocument.id))
    )


def _request(task: OpenTask, case: Case, letters: tuple[LetterView, ...]) -> OpenRequest:
    kind = REQUEST_KINDS[task.form or ""]
    notice_kind = NOTICE_OF_REQUEST[kind]
    notice_ids = set(
        db.session.scalars(
            select(IssuedDocument.id).where(
                IssuedDocument.case_id == case.id, IssuedDocument.kind == notice_kind
            )
        )
    )
    notice = next((letter for letter in reversed(letters) if letter.id in notice_ids), None)
    findings: tuple[str, ...] = ()
    if kind == "deficiency":
        recorded = (case.details or {}).get("completeness") or {}
        findings = tuple(str(f) for f in recorded.get("findings") or () if isinstance(f, str))
    deadline = None
    if task.due_at is not None:
        late = task.element_id == "ut_late_resubmission"
        label = (
            "Nachfrist für die Unterlagen"
            if late
            else ("Frist für die Nachforderung" if kind == "deficiency" else "Frist für die Anhörung")
        )
        note = {
            "deficiency": "Reichen Sie die Unterlagen bis dahin nicht nach, beginnt eine Nachfrist von drei "
            "Wochen; danach gilt der Antrag als zurückgenommen (§ 69 Abs. 2 NBauO).",
            "late": "Nach Ablauf dieser Nachfrist gilt der Antrag als zurückgenommen (§ 69 Abs. 2 NBauO).",
            "hearing": "Danach entscheidet die Bauaufsicht ohne Ihre Stellungnahme.",
        }["late" if late else kind]
        deadline = _deadline(label, task.due_at, note)
    return OpenRequest(
        task_id=task.task_id,
        kind=kind,
        title=REQUEST_TITLES[kind],
        deadline=deadline,
        notice=notice,
        findings=findings,
    )


def _deemed_approval(case_id: int) -> tuple[Deadline, ...]:
    query = select(Timer).where(
        Timer.case_id == case_id, Timer.element_id.in_(sorted(DEEMED_APPROVAL_TIMERS))
    )
    timer = db.session.scalars(query.order_by(Timer.due_at.desc())).first()
    if timer is None:
        return ()
    note = (
        "Ergeht bis zum Ablauf dieses Tages kein Bescheid, gilt die Baugenehmigung als erteilt "
        "(Genehmigungsfiktion, § 70a NBauO)."
    )
    return (_deadline("Genehmigungsfiktion", timer.due_at, note),)


def _fee_due(case: Case) -> tuple[Deadline, ...]:
    """The payment date of the fee notice, while it lies ahead (payments are not recorded here)."""
    fee = (case.details or {}).get("fee") or {}
    try:
        day = date.fromisoformat(str(fee.get("due_on"))[:10])
    except ValueError:
        return ()
    if day < local_today():
        return ()
    reference = fee.get("payment_reference")
    note = "Laut Gebührenbescheid" + (f"; Verwendungszweck: {reference}." if reference else ".")
    return (Deadline("Gebühr zahlen bis", day, (day - local_today()).days, note),)


def room_detail(public_id: str, actor: Actor) -> RoomView:
    application = room_application(public_id, actor)
    case = application.case
    if application.status != ApplicationStatus.SUBMITTED or case is None:
        raise NotFound("Dieser Antrag ist noch nicht eingereicht.")
    letters = _letters(case.id)
    requests = tuple(_request(t, case, letters) for t in answer_tasks(case.id) if t.form in ANSWER_FIELDS)
    deadlines = (
        tuple(r.deadline for r in requests if r.deadline is not None)
        + _deemed_approval(case.id)
        + _fee_due(case)
    )
    return RoomView(
        public_id=application.public_id,
        case_id=case.id,
        title=case.title,
        file_reference=case.file_reference,
        status_label=PortalStatus.label_of(case.status) or "Eingereicht",
        submitted_at=application.submitted_at,
        closed=case.closed_at is not None,
        timeline=_timeline(case),
        deadlines=tuple(sorted(deadlines, key=lambda d: d.last_day)),
        requests=requests,
        letters=letters,
        documents=_documents(application),
    )


def room_letter(public_id: str, document_id: int, actor: Actor) -> IssuedDocument:
    application = room_application(public_id, actor)
    document = db.session.get(IssuedDocument, document_id)
    if (
        document is None
        or application.case_id is None
        or document.case_id != application.case_id
        or document.kind not in _APPLICANT_KINDS
    ):
        raise NotFound("Dieses Dokument gibt es nicht.")
    return document


def room_document(public_id: str, document_id: int, actor: Actor) -> ApplicationDocument:
    application = room_application(public_id, actor)
    document = db.session.get(ApplicationDocument, document_id)
    if document is None or document.application_id != application.id:
        raise NotFound("Diese Unterlage gibt es nicht.")
    return document


def authority_supplements(case_id: int, actor: Actor) -> tuple[SubmittedDocument, ...]:
    """The documents the applicant added after submission, for the case's officers (correspondence)."""
    case = get_case(case_id, actor)
    check_authority_side(case, actor)
    application = db.session.scalars(select(Application).filter_by(case_id=case.id)).first()
    if application is None:
        return ()
    return tuple(d for d in _documents(application) if d.supplement)


def authority_document(case_id: int, document_id: int, actor: Actor) -> ApplicationDocument:
    case = get_case(case_id, actor)
    check_authority_side(case, actor)
    document = db.session.get(ApplicationDocument, document_id)
    if document is None or document.application.case_id != case.id:
        raise NotFound("Diese Unterlage gibt es nicht.")
    return document
