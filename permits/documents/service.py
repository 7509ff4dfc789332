"""Issuing documents: render and store immutably. Runs in the caller's transaction.

`issue_document` adds the row and flushes (to assign the id) but does not commit: the procedure step that
issues a document commits it together with its own changes, so a failed step leaves no orphan document.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from sqlalchemy import select

from permits.core.runtime import now
from permits.documents.notifications import mail_applicant
from permits.documents.registry import DocumentKindSpec, spec, spec_of
from permits.documents.render import XmlAttachment, render_pdf
from permits.documents.viewmodels.base import ViewModel
from permits.errors import Conflict, InvalidInput, NotFound
from permits.extensions import db
from permits.models import Case, IssuedDocument

PDF_MEDIA_TYPE = "application/pdf"
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def issue_document(
    case_id: int,
    kind: str,
    view_model: ViewModel,
    actor: str,
    supersedes_id: int | None = None,
    attachment: XmlAttachment | None = None,
    request_id: str | None = None,
) -> IssuedDocument:
    """Render `view_model` to PDF/A-3b and store it for the case. Does not commit (see module doc)."""
    kind_spec = spec(kind)
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"Vorgang {case_id} nicht gefunden.")
    _check_view_model(case, kind_spec, view_model)
    if supersedes_id is not None:
        _check_supersedes(case, kind_spec, supersedes_id)
    content = render_pdf(view_model, attachment)
    document = IssuedDocument(
        case_id=case.id,
        kind=kind_spec.name,
        title=document_title(kind_spec, view_model.header.issued_on),
        filename=document_filename(case.file_reference, kind_spec, view_model),
        media_type=PDF_MEDIA_TYPE,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        template_version=kind_spec.template_version,
        created_at=now(),
        created_by=actor,
        supersedes_id=supersedes_id,
        xbau_attachment_name=attachment.name if attachment else None,
        request_id=request_id,
    )
    db.session.add(document)
    db.session.flush()
    mail_applicant(case, kind_spec, document)
    return document


def find_by_request(request_id: str) -> IssuedDocument | None:
    return db.session.scalars(select(IssuedDocument).where(IssuedDocument.request_id == request_id)).first()


def document_filename(file_reference: str, kind: DocumentKindSpec, view_model: ViewModel) -> str:
    """'BA-2026-000123_Baugenehmigung_2026-03-02.pdf': ASCII only, safe in Content-Disposition headers."""
    return filename_for(file_reference, kind, view_model.header.issued_on)


def filename_for(file_reference: str, kind: DocumentKindSpec, issued_on: date) -> str:
    """The file name, known before the PDF is rendered (an XBau message names it as its anlage)."""
    stem = f"{file_reference}_{kind.title}_{issued_on.isoformat()}".translate(_UMLAUTS)
    return _UNSAFE_FILENAME.sub("-", stem)[:190] + ".pdf"


def document_title(kind: DocumentKindSpec, issued_on: date) -> str:
    """'Baugenehmigung vom 02.03.2026': the stored title."""
    return f"{kind.title} vom {issued_on.strftime('%d.%m.%Y')}"


def _check_view_model(case: Case, kind: DocumentKindSpec, view_model: ViewModel) -> None:
    if spec_of(view_model) is not kind:
        raise InvalidInput(
            f"Die Daten gehören zu einer anderen Dokumentart ({spec_of(view_model).name}).",
            field_errors={"kind": ["Passt nicht zu den Dokumentdaten."]},
        )
    if view_model.header.file_reference != case.file_reference:
        # A view-model built from another case must never be filed here.
        raise InvalidInput(
            "Das Aktenzeichen des Dokuments passt nicht zum Vorgang.",
            field_errors={"file_reference": ["Abweichendes Aktenzeichen."]},
        )


def _check_supersedes(case: Case, kind: DocumentKindSpec, supersedes_id: int) -> None:
    old = db.session.get(IssuedDocument, supersedes_id)
    if old is None or old.case_id != case.id:
        raise NotFound(f"Zu ersetzendes Dokument {supersedes_id} gehört nicht zu diesem Vorgang.")
    old_kind = spec(old.kind)
    if old_kind is not kind and not (old_kind.decision and kind.decision):
        raise InvalidInput(
            "Ein Dokument kann nur durch ein Dokument derselben Art ersetzt werden.",
            field_errors={"supersedes_id": ["Andere Dokumentart."]},
        )
    successor = db.session.scalars(
        select(IssuedDocument.id).where(IssuedDocument.supersedes_id == supersedes_id)
    ).first()
    if successor is not None:
        raise Conflict(f"Dokument {supersedes_id} wurde bereits durch Dokument {successor} ersetzt.")
