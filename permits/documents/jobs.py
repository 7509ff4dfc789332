"""The `render_document` worker job: render and store a document outside the request.

Two ways in, both in the caller's transaction: `request_document` (a procedure step: the kind's adapter
turns the process data into the builder's arguments) and `enqueue_render` (an already built view-model).
A kind with an `xbau_twin` has its XBau message built and stored when the document is requested; the
payload carries the stored bytes as the attachment the PDF/A-3 embeds.

Payload (JSON): {"request_id", "case_id", "kind", "actor"} plus either "arguments" (the builder's keyword
arguments as JSON) or "view_model" (a view-model's `to_dict`, frozen when the render was requested).
Optional: "supersedes_id", "attachment" {"name", "content_base64", "description", "relationship"}.

Idempotent: the stored document carries the request id (unique), so a retried job finds it and stops.
"""

from __future__ import annotations

import base64
import binascii
import logging
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from permits import xbau
from permits.core.jobs import enqueue, job_handler
from permits.core.runtime import local_today
from permits.documents.arguments import build_view_model
from permits.documents.registry import DocumentKindSpec, spec, spec_of, view_model_from_dict
from permits.documents.render import XmlAttachment
from permits.documents.service import (
    PDF_MEDIA_TYPE,
    document_title,
    filename_for,
    find_by_request,
    issue_document,
)
from permits.documents.viewmodels import ViewModel
from permits.errors import InvalidInput, NotFound, PermitsError, ProcessError
from permits.extensions import db
from permits.models import Case, Job
from permits.xbau import outbound, outbound_messages
from permits.xbau.codes import ROOT_ELEMENTS
from permits.xbau.correlation import NotAddressable

log = logging.getLogger(__name__)
JOB_KIND = "render_document"
# PDF/A-3 AFRelationship: a decision and a fee notice say the same as their 0205/1160 (Alternative); the
# other messages are data sent alongside the letter (a 0201 with findings, a 0300 with the project).
TWIN_RELATIONSHIP = {"0205": "Alternative", "1160": "Alternative"}
AF_RELATIONSHIPS = frozenset({"Source", "Data", "Alternative", "Supplement", "Unspecified"})  # PDF 2.0


def request_document(
    case: Case,
    kind: str,
    given: Mapping[str, Any],
    process_data: Mapping[str, Any],
    actor: str,
    request_id: str,
) -> Job:
    """Queue the render of `kind` that a procedure step asks for, with the step's `given` arguments.

    The kind's adapter reads what it needs from `given`, the process data and the case's records; a value
    it misses fails the step with ProcessError (the step, not the worker, is where it can be fixed).
    """
    kind_spec = spec(kind)
    try:
        arguments = kind_spec.adapt(case, given, process_data)
    except (LookupError, ValueError) as exc:
        raise ProcessError(f"Für das Dokument {kind!r} fehlt eine Angabe: {exc}") from exc
    # The letter is dated the day the step asked for it, not the day the worker renders it (its deadlines
    # count from that day, and an XBau twin names the PDF by that date).
    arguments.setdefault("issued_on", local_today().isoformat())
    attachment = None
    if kind_spec.xbau_twin and outbound.enabled():
        attachment = xbau_twin(case, kind_spec, arguments, request_id)
    payload = {
        "case_id": case.id,
        "kind": kind_spec.name,
        "arguments": arguments,
        "request_id": request_id,
        "actor": actor,
        "attachment": _attachment_payload(attachment),
    }
    return enqueue(JOB_KIND, payload)


def xbau_twin(
    case: Case, kind_spec: DocumentKindSpec, arguments: Mapping[str, Any], request_id: str
) -> XmlAttachment | None:
    """Build and store the XBau message the document carries; the PDF embeds exactly the stored bytes.

    The message lists the PDF as its anlage by a document id and file name fixed before rendering (the
    render request id, the issue date), so neither has to wait for the other.
    """
    code = str(kind_spec.xbau_twin)
    issued_on = date.fromisoformat(str(arguments["issued_on"]))
    pdf = xbau.Attachment(
        title=document_title(kind_spec, issued_on),
        attachment_type=kind_spec.anlage.value,
        mime_type=PDF_MEDIA_TYPE,
        dated=issued_on,
        document_id=outbound_messages.pdf_document_id(request_id),
        file_name=filename_for(case.file_reference, kind_spec, issued_on),
    )
    try:
        message = outbound_messages.document_twin(case, code, pdf, arguments, request_id)
        content = outbound.require_valid(message)
    except (NotAddressable, NotFound, outbound.MessageNotFormable) as exc:
        # The records cannot make the message (no DVDV address, no recorded result, no Flurstück): the
        # letter still goes out; a schema-invalid message, our own fault, stops the step below.
        log.warning("%s for case %s goes without XBau twin: %s", kind_spec.name, case.id, exc.message)
        return None
    except PermitsError as exc:
        raise ProcessError(
            f"Die XBau-Nachricht {code} zum Dokument {kind_spec.title!r} kann nicht erstellt werden: "
            f"{exc.message}"
        ) from exc
    root = ROOT_ELEMENTS[code]
    return XmlAttachment(
        name=f"{root}.xml",
        content=content,
        description=f"XBau-Nachricht {root} (XBau 2.6)",
        relationship=TWIN_RELATIONSHIP.get(code, "Data"),
    )


def enqueue_render(
    case_id: int,
    kind: str,
    view_model: ViewModel,
    actor: str,
    supersedes_id: int | None = None,
    attachment: XmlAttachment | None = None,
    request_id: str | None = None,
) -> Job:
    """Queue the render of an already built view-model in the caller's transaction."""
    if spec_of(view_model) is not spec(kind):
        raise InvalidInput(
            "Die Daten gehören zu einer anderen Dokumentart.", field_errors={"kind": ["Passt nicht."]}
        )
    payload: dict[str, Any] = {
        "request_id": request_id or str(uuid.uuid4()),
        "case_id": case_id,
        "kind": kind,
        "actor": actor,
        "view_model": view_model.to_dict(),
        "supersedes_id": supersedes_id,
        "attachment": _attachment_payload(attachment),
    }
    return enqueue(JOB_KIND, payload)


@job_handler(JOB_KIND, label="Dokument erstellen", failure="Das Dokument konnte nicht erstellt werden")
def render_document_job(payload: dict[str, Any]) -> None:
    request_id = str(payload["request_id"])
    existing = find_by_request(request_id)
    if existing is not None:
        log.info("render request %s already stored as document %s", request_id, existing.id)
        return
    kind = str(payload["kind"])
    view_model = _view_model(kind, payload)
    document = issue_document(
        int(payload["case_id"]),
        kind,
        view_model,
        actor=str(payload["actor"]),
        supersedes_id=payload.get("supersedes_id"),
        attachment=_attachment(payload.get("attachment")),
        request_id=request_id,
    )
    log.info("rendered %s for case %s as document %s", kind, payload["case_id"], document.id)


def _view_model(kind: str, payload: dict[str, Any]) -> ViewModel:
    if "view_model" in payload:
        return view_model_from_dict(kind, payload["view_model"])
    case = db.session.get(Case, int(payload["case_id"]))
    if case is None:
        raise NotFound(f"Vorgang {payload['case_id']} nicht gefunden.")
    return build_view_model(kind, case, payload.get("arguments") or {}, str(payload["actor"]))


def _attachment_payload(attachment: XmlAttachment | None) -> dict[str, Any] | None:
    if attachment is None:
        return None
    return {
        "name": attachment.name,
        "content_base64": base64.b64encode(attachment.content).decode("ascii"),
        "description": attachment.description,
        "relationship": attachment.relationship,
    }


def _attachment(data: dict[str, Any] | None) -> XmlAttachment | None:
    if not data:
        return None
    try:
        content = base64.b64decode(data["content_base64"], validate=True)
    except (KeyError, binascii.Error) as exc:
        raise InvalidInput(
            "Anhang im Auftrag ist ungültig.", field_errors={"attachment": ["Ungültig."]}
        ) from exc
    relationship = str(data.get("relationship") or "Alternative")
    if relationship not in AF_RELATIONSHIPS:
        raise InvalidInput("Anhang im Auftrag ist ungültig.", field_errors={"attachment": ["Ungültig."]})
    description = data.get("description")
    return XmlAttachment(str(data["name"]), content, description, relationship=relationship)
