"""Use cases of an applicant after submission: add documents (Nachreichung) and answer the authority.

A submitted application is closed for changes, except while the procedure waits for the applicant: the
deficiency notice ("Unterlagen nachreichen", also in the grace period) and the hearing before a refusal
("Zur Anhörung Stellung nehmen") each open a task for the applicant. While such a task is open the
applicant may add documents (`add_supplement`, also through the API), and answers the task with a text and
documents in one go (`answer_request`): the documents are stored and the task is completed with the text
and the list of documents in one transaction, so the officer never sees an answer without its files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from permits.codelists import APPLICATION_DOCUMENT_TYPES, DocumentType
from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Application, ApplicationDocument, ApplicationStatus, Case, OpenTask
from permits.services.applications import add_document, checked_pdf, get_application
from permits.services.tasks import complete_task

# The applicant's answer tasks: form name -> the form field that carries the applicant's text.
ANSWER_FIELDS = {"procedure_resubmission": "resubmission_note", "procedure_hearing_reply": "hearing_reply"}
MAX_FILES_PER_ANSWER = 10
MAX_ANSWER_TEXT = 4000  # the form field holds 5000: room for the list of documents appended to it
NOT_AWAITED = (
    "Unterlagen können nach dem Einreichen nur nachgereicht werden, solange die Bauaufsicht sie "
    "nachgefordert hat oder Sie zu einer Anhörung Stellung nehmen können."
)


@dataclass(frozen=True)
class Upload:
    """A file as the page or the API received it."""

    document_type: str
    filename: str
    content: bytes


def answer_tasks(case_id: int) -> list[OpenTask]:
    """The open tasks in which the procedure waits for the applicant's answer, oldest first."""
    query = select(OpenTask).where(
        OpenTask.case_id == case_id,
        OpenTask.candidate_group == "applicant",
        OpenTask.form.in_(sorted(ANSWER_FIELDS)),
    )
    return list(db.session.scalars(query.order_by(OpenTask.created_at, OpenTask.id)))


def _submitted_own(public_id: str, actor: Actor) -> tuple[Application, Case]:
    application = get_application(public_id, actor)
    if application.applicant_id != actor.user_id and not actor.is_admin:
        raise PermissionDenied("Nur die Antragstellerin/der Antragsteller kann Unterlagen nachreichen.")
    if application.status != ApplicationStatus.SUBMITTED or application.case is None:
        raise Conflict("Der Antrag ist noch nicht eingereicht.")
    return application, application.case


def accepts_supplements(case_id: int) -> bool:
    """The one rule: documents may be added after submission while an answer task is open."""
    return bool(answer_tasks(case_id))


def _check_uploads(uploads: Sequence[Upload]) -> dict[str, list[str]]:
    """Every file is checked before anything is stored: a bad file refuses the whole answer."""
    errors: dict[str, list[str]] = {}
    if len(uploads) > MAX_FILES_PER_ANSWER:
        errors["files"] = [f"Höchstens {MAX_FILES_PER_ANSWER} Dateien auf einmal."]
    for number, upload in enumerate(uploads, start=1):
        if upload.document_type not in APPLICATION_DOCUMENT_TYPES:
            errors[f"document_type_{number}"] = ["Bitte wählen Sie die Art der Unterlage."]
        _media_type, problem = checked_pdf(upload.content)
        if problem is not None:
            errors[f"file_{number}"] = [f"{upload.filename or 'Datei'}: {problem}"]
    return errors


def _store(application: Application, case: Case, upload: Upload, actor: Actor) -> ApplicationDocument:
    media_type, problem = checked_pdf(upload.content)
    if problem is not None or media_type is None:
        raise InvalidInput("Die Unterlage wurde nicht angenommen.", field_errors={"file": [problem or ""]})
    document = ApplicationDocument(
        application=application,
        document_type=upload.document_type,
        filename=upload.filename[:200] or "unterlage.pdf",
        title=DocumentType.label_of(upload.document_type) or None,
        media_type=media_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        content=upload.content,
        uploaded_at=now(),
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        "supplement_added",
        actor,
        case_id=case.id,
        after={
            "application": application.public_id,
            "document": document.id,
            "document_type": upload.document_type,
            "filename": document.filename,
            "sha256": document.sha256,
        },
    )
    return document


@transactional
def add_supplement(public_id: str, upload: Upload, actor: Actor) -> ApplicationDocument:
    """One document added while the authority waits for documents or a hearing answer."""
    application, case = _submitted_own(public_id, actor)
    if not accepts_supplements(case.id):
        raise Conflict(NOT_AWAITED)
    errors = _check_uploads([upload])
    if errors:
        field_errors = {("file" if k.startswith("file") else "document_type"): v for k, v in errors.items()}
        raise InvalidInput("Die Unterlage wurde nicht angenommen.", field_errors=field_errors)
    return _store(application, case, upload, actor)


@transactional
def attach_document(public_id: str, upload: Upload, actor: Actor) -> ApplicationDocument:
    """The API's upload: to a draft as before, after submission as a supplement while one is awaited."""
    application = get_application(public_id, actor)
    if application.status == ApplicationStatus.DRAFT:
        return add_document(public_id, upload.document_type, upload.filename, upload.content, actor)
    return add_supplement(public_id, upload, actor)


def _answer_text(text: str, documents: Sequence[ApplicationDocument]) -> str:
    listed = [f"- {DocumentType.label_of(d.document_type) or 'Unterlage'}: {d.filename}" for d in documents]
    parts = [text.strip()] if text.strip() else []
    if listed:
        parts.append("Nachgereichte Unterlagen:\n" + "\n".join(listed))
    return "\n\n".join(parts)


@transactional
def answer_request(public_id: str, task_id: str, text: str, uploads: Sequence[Upload], actor: Actor) -> Case:
    """Answer a deficiency notice or a hearing: store the documents, complete the task with the text and
    the list of documents. All or nothing."""
    application, case = _submitted_own(public_id, actor)
    task = next((t for t in answer_tasks(case.id) if t.task_id == task_id), None)
    if task is None or task.form is None:
        raise NotFound("Diese Anfrage ist nicht mehr offen.")
    errors = _check_uploads(uploads)
    if len(text) > MAX_ANSWER_TEXT:
        errors["text"] = [f"Höchstens {MAX_ANSWER_TEXT} Zeichen."]
    if not text.strip() and not uploads:
        errors["text"] = ["Bitte schreiben Sie eine Antwort oder fügen Sie Unterlagen bei."]
    if errors:
        raise InvalidInput(
            "Die Antwort wurde nicht gesendet. Bitte prüfen Sie die markierten Felder.", errors
        )
    documents = [_store(application, case, upload, actor) for upload in uploads]
    field = ANSWER_FIELDS[task.form]
    try:
        return complete_task(task.task_id, {field: _answer_text(text, documents)}, actor)
    except InvalidInput as exc:  # the form's own limits, reported on the page's text field
        raise InvalidInput(exc.message, {"text": exc.field_errors.get(field, [exc.message])}) from None
