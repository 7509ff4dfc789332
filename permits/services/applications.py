"""Use cases of architects (and portals): prepare an application, attach documents, submit it.

Submitting opens the case, stores the geometry check and starts the procedure in one transaction: either
the applicant gets a file reference and a running procedure, or nothing at all is stored.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from permits.codelists import APPLICATION_DOCUMENT_TYPES
from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.documents.inspection import UnsafeDocument, inspect_pdf
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Application, ApplicationDocument, ApplicationStatus, Case, Role
from permits.services import application_steps
from permits.services.application_fields import Form
from permits.services.cases import begin_procedure, open_case

PROCESS_BY_PROCEDURE = {"simplified": "simplified_procedure", "full": "full_procedure"}
EDITABLE = ("title", "procedure", "details", "geometry", "facts")
REQUIRED_FOR_SUBMISSION = {
    "details.applicant.name": "Name der Antragstellerin/des Antragstellers fehlt.",
    "details.designer.name": "Name der Entwurfsverfasserin/des Entwurfsverfassers fehlt.",
    "details.project.description": "Beschreibung des Vorhabens fehlt.",
    "details.plot.gemarkung": "Gemarkung des Baugrundstücks fehlt.",
    "details.plot.flur": "Flur des Baugrundstücks fehlt.",
    "details.plot.zaehler": "Flurstücksnummer (Zähler) fehlt.",
}


def _validate_geometry(geometry: dict[str, Any] | None) -> None:
    if geometry:
        from permits.geometry import parse_submission

        parse_submission(geometry)  # raises InvalidGeometry (an InvalidInput) naming feature and problem


def _check_owner(application: Application, actor: Actor) -> None:
    if actor.is_admin or application.applicant_id == actor.user_id:
        return
    if actor.role == Role.CASE_OFFICER and application.status == ApplicationStatus.SUBMITTED:
        return
    raise PermissionDenied("Dieser Antrag gehört jemand anderem.")


def applications_query(actor: Actor) -> Select[Application]:
    query = select(Application).order_by(Application.created_at.desc(), Application.id.desc())
    if not actor.is_admin:
        query = query.where(Application.applicant_id == actor.user_id)
    return query


def get_application(public_id: str, actor: Actor) -> Application:
    application = db.session.scalars(select(Application).filter_by(public_id=public_id)).first()
    if application is None:
        raise NotFound("Diesen Antrag gibt es nicht.")
    _check_owner(application, actor)
    return application


def _editable(public_id: str, actor: Actor) -> Application:
    application = get_application(public_id, actor)
    if application.applicant_id != actor.user_id and not actor.is_admin:
        raise PermissionDenied("Nur die Antragstellerin/der Antragsteller kann den Antrag ändern.")
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict("Der Antrag ist bereits eingereicht und kann nicht mehr geändert werden.")
    return application


@transactional
def create_application(fields: dict[str, Any], actor: Actor) -> Application:
    if actor.role != Role.ARCHITECT or actor.user_id is None:
        raise PermissionDenied("Anträge legen Entwurfsverfasser/innen an.")
    _validate_geometry(fields.get("geometry"))
    moment = now()
    application = Application(
        public_id=str(uuid.uuid4()),
        applicant_id=actor.user_id,
        title=fields["title"],
        procedure=fields.get("procedure", "simplified"),
        details=fields.get("details") or {},
        geometry=fields.get("geometry"),
        facts=fields.get("facts") or {},
        created_at=moment,
        updated_at=moment,
    )
    db.session.add(application)
    db.session.flush()
    audit.record("application_created", actor, after={"application": application.public_id})
    return application


@transactional
def update_application(public_id: str, changes: dict[str, Any], actor: Actor) -> Application:
    application = _editable(public_id, actor)
    if "geometry" in changes:
        _validate_geometry(changes["geometry"])
    before = {key: getattr(application, key) for key in changes if key in EDITABLE}
    for key, value in changes.items():
        if key in EDITABLE:
            setattr(application, key, value)
    application.updated_at = now()
    audit.record(
        "application_updated",
        actor,
        before={"application": public_id, **before},
        after={"application": public_id, **{k: v for k, v in changes.items() if k in EDITABLE}},
    )
    return application


@transactional
def add_document(
    public_id: str, document_type: str, filename: str, content: bytes, actor: Actor
) -> ApplicationDocument:
    application = _editable(public_id, actor)
    errors: dict[str, list[str]] = {}
    if document_type not in APPLICATION_DOCUMENT_TYPES:
        errors["document_type"] = ["Unbekannte Art der Bauvorlage (XBau-Codeliste anlagen)."]
    media_type, problem = checked_pdf(content)
    if problem is not None:
        errors["file"] = [problem]
    if errors or media_type is None:
        raise InvalidInput("Die Unterlage wurde nicht angenommen.", field_errors=errors)
    document = ApplicationDocument(
        application=application,
        document_type=document_type,
        filename=filename[:200] or "unterlage.pdf",
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_at=now(),
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        "application_document_added",
        actor,
        after={"application": public_id, "document_type": document_type, "sha256": document.sha256},
    )
    return document


@transactional
def save_step(public_id: str, step: str, form: Form, actor: Actor) -> Application:
    """Store one wizard step of a draft (see `application_steps`); a malformed value stores nothing."""
    application = _editable(public_id, actor)
    return update_application(public_id, application_steps.read_step(step, form, application), actor)


@transactional
def put_document(
    public_id: str, document_type: str, filename: str, content: bytes, actor: Actor
) -> ApplicationDocument:
    """Upload a checklist item of a draft, replacing what was uploaded for it before."""
    application = _editable(public_id, actor)
    document = add_document(public_id, document_type, filename, content, actor)
    for earlier in [
        d for d in application.documents if d.document_type == document_type and d is not document
    ]:
        _delete_document(application, earlier, actor)
    return document


@transactional
def remove_document(public_id: str, document_id: int, actor: Actor) -> None:
    """Take an uploaded document off a draft (before submission only)."""
    application = _editable(public_id, actor)
    document = next((d for d in application.documents if d.id == document_id), None)
    if document is None:
        raise NotFound("Diese Unterlage gibt es nicht.")
    _delete_document(application, document, actor)
    application.updated_at = now()


def _delete_document(application: Application, document: ApplicationDocument, actor: Actor) -> None:
    application.documents.remove(document)
    db.session.delete(document)
    audit.record(
        "application_document_removed",
        actor,
        before={
            "application": application.public_id,
            "document_type": document.document_type,
            "sha256": document.sha256,
        },
    )


def checked_pdf(content: bytes) -> tuple[str | None, str | None]:
    """(media type, None) for a safe PDF within the size limit, else (None, the German reason)."""
    limit = current_app.config["MAX_DOCUMENT_BYTES"]
    if len(content) > limit:
        return None, f"Die Datei ist größer als {limit // (1024 * 1024)} MB."
    try:  # active content, polyglots, passwords: see permits.documents.inspection
        return inspect_pdf(content).media_type, None
    except UnsafeDocument as refused:
        return None, refused.message


def _missing(application: Application) -> dict[str, list[str]]:
    errors = {}
    for path, message in REQUIRED_FOR_SUBMISSION.items():
        value: Any = {"details": application.details}
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value in (None, ""):
            errors[path] = [message]
    if application.procedure not in PROCESS_BY_PROCEDURE:
        errors["procedure"] = ["Verfahrensart muss 'simplified' oder 'full' sein."]
    return errors


def _start_data(application: Application) -> dict[str, Any]:
    project = application.details.get("project") or {}
    cents = project.get("construction_value_cents") or 0
    return {
        "construction_value": round(int(cents) / 100),
        "building_class": int(project.get("building_class") or 1),
        "housing_project": bool(application.facts.get("housing_project", False)),
        "municipality_is_authority": bool(application.facts.get("municipality_is_authority", False)),
    }


@transactional
def submit_application(public_id: str, actor: Actor) -> Application:
    """Open the case (file reference), store the geometry check, start the procedure; all or nothing."""
    application = _editable(public_id, actor)
    errors = _missing(application)
    if errors:
        raise InvalidInput("Der Antrag ist noch nicht vollständig ausgefüllt.", field_errors=errors)
    case = open_application_case(application, actor)
    start_application_procedure(application, case, actor)
    return application


@transactional
def submit_prepared_application(public_id: str, actor: Actor) -> Application:
    """Submit from the wizard: every step complete, every required document there and, where the
    authority requires it, the Bauherr's sign-off of exactly this draft."""
    application = _editable(public_id, actor)
    if application_steps.missing_for_submission(application):
        raise InvalidInput("Der Antrag ist noch nicht vollständig. Bitte ergänzen Sie die genannten Angaben.")
    return submit_application(public_id, actor)


def open_application_case(application: Application, actor: Actor) -> Case:
    """The case of a complete (or imported) application with its geometry check, in the caller's transaction.

    Shared by API submissions and XBau imports, so both get the same plot check and agency routing. An
    imported application is not held to REQUIRED_FOR_SUBMISSION: what it lacks is for the completeness check.
    """
    case = open_case(
        PROCESS_BY_PROCEDURE[application.procedure],
        application.title,
        actor,
        details=application.details,
        applicant_id=application.applicant_id,
    )
    if application.geometry:
        from permits.services.geometry import check_case_geometry

        check_case_geometry(case.id, application.geometry, case.created_at.date())
    return case


def start_application_procedure(application: Application, case: Case, actor: Actor) -> None:
    """Start the procedure of the case `open_application_case` opened and mark the application submitted."""
    begin_procedure(case, actor, _start_data(application))
    application.status, application.case, application.submitted_at = ApplicationStatus.SUBMITTED, case, now()
    audit.record(
        "application_submitted",
        actor,
        case_id=case.id,
        after={"application": application.public_id, "file_reference": case.file_reference},
    )
