"""The applicant is told by e-mail when a letter to them is issued (kinds with `mails_applicant`).

Called from `issue_document`, the one place an issued document comes into being, so the mail is queued
in the same transaction as the stored PDF: no mail for a render that fails, one for each that succeeds.
The mail names the file reference and the document and links to the case; the letter itself stays behind
the sign-in.
"""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from permits.core.mail import absolute_url, is_valid_address, queue_mail
from permits.documents.registry import DocumentKindSpec
from permits.extensions import db
from permits.models import Application, Case, IssuedDocument


def mail_applicant(case: Case, kind: DocumentKindSpec, document: IssuedDocument) -> None:
    """Queue the notice for the architect who submitted the case, if the kind asks for it."""
    applicant = case.applicant
    if not kind.mails_applicant or applicant is None or not applicant.active:
        return
    if applicant.email is None or not is_valid_address(applicant.email):
        return  # applied through XBau or a staff account without an address: nobody to mail
    body = render_template(
        "mail/document_issued.txt",
        name=applicant.display_name,
        file_reference=case.file_reference,
        document_title=document.title,
        decision=kind.decision,
        link=_case_link(case),
        authority=current_app.config["AUTHORITY_NAME"],
    )
    subject = f"{case.file_reference}: {kind.title}"
    queue_mail(applicant.email, subject, body, kind=f"document_{kind.name}"[:40], case_id=case.id)


def _case_link(case: Case) -> str:
    """The applicant's case room when the case came from a portal application, else the case page."""
    public_id = db.session.scalars(select(Application.public_id).filter_by(case_id=case.id)).first()
    if public_id is not None:
        return absolute_url("room.room", public_id=public_id)
    return absolute_url("pages.case", case_id=case.id)
