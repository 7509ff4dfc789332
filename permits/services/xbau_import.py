"""Incoming XBau messages: a portal's 0200 opens a case; 0303/0305 go to `services.xbau_statements`.

One transaction per message. Refused input stores nothing: not XML or hostile (400), not schema-valid (422,
each error with element path and line), test traffic we do not accept, a message addressed (leser) to
another authority, attachments that do not belong to the message or are not safe PDFs (422). We do not
keep refused messages in `xbau_messages` either: a message we did not accept belongs to no case file, the
sender still holds it and the log records why it was refused.

An accepted 0200 is kept byte for byte with its hash (`xbau_messages`, inbound), linked to its case and
stored before the procedure starts, so whatever the procedure sends can quote it. Nothing is invented:
what the message lacks is listed in `details["missing"]` for the completeness check.

Choices documented in docs/xbau.md:
- `test="true"`: refused with `urn:permits:problem:xbau_test_message` unless `XBAU_ACCEPT_TEST_MESSAGES`
  is on; then the case opens like any other and is flagged `details["test"] = True`.
- Verfahrensart: a code we know picks the procedure; none or an unknown one opens the case with the
  authority's default (`XBAU_DEFAULT_PROCEDURE`), keeps the code as sent in `details.project.procedure_code`,
  marks `details.project.procedure_assumed` and asks the officer in `details["missing"]`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from lxml import etree
from sqlalchemy import select

from permits import xbau
from permits.codelists import ProcedureType
from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, PermissionDenied
from permits.extensions import db
from permits.geometry import InvalidGeometry, parse_submission
from permits.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Case,
    MessageDirection,
    Role,
    XbauMessage,
)
from permits.services import applications, xbau_statements
from permits.xbau import outbound_status
from permits.xbau.codes import ROOT_ELEMENTS
from permits.xbau.correlation import authority_addresses

log = logging.getLogger(__name__)

APPLICATION_ROOT = ROOT_ELEMENTS["0200"]
PDF = "application/pdf"
MAX_LINK_LENGTH = 2000


def import_message(data: bytes, actor: Actor, files: Mapping[str, bytes] | None = None) -> dict[str, Any]:
    """Accept an incoming message: 0200 opens a case, 0303 answers a review request, 0305 is an agency's
    interim message. `files` are the attachments that came with it, by file name (or dokumentid)."""
    name = str(etree.QName(xbau.parse_xml(data)).localname)
    if name == APPLICATION_ROOT:
        application = import_application(data, actor, files)
        return {"message": "0200", "application_id": application.public_id, "case_id": application.case_id}
    if name == xbau_statements.STATEMENT_ROOT:
        return xbau_statements.result(xbau_statements.import_statement(data, actor, files))
    if name == xbau_statements.INTERIM_ROOT:
        return xbau_statements.result(xbau_statements.import_interim_message(data, actor))
    raise InvalidInput(f"Die Nachricht {name!r} wird hier nicht angenommen (erwartet: 0200, 0303 oder 0305).")


@transactional
def import_application(data: bytes, actor: Actor, files: Mapping[str, bytes] | None = None) -> Application:
    """Open the case of a portal's 0200: all or nothing, and the same message twice opens one case."""
    if actor.role not in (Role.ARCHITECT, Role.ADMIN) or actor.user_id is None:
        raise PermissionDenied("Bauanträge reichen Entwurfsverfasser/innen oder ihr Portal ein.")
    imported = xbau.parse_application(data)
    _check_addressed_to_us(imported)
    existing = db.session.scalars(
        select(Application).filter_by(public_id=str(imported.application_id))
    ).first()
    if existing is not None:
        return _sent_again(existing, imported, data, actor)
    delivered = _delivered_files(imported, files or {})
    application = _application(imported, actor, delivered)
    audit.record(
        "xbau_imported",
        actor,
        after={
            "message": "0200",
            "message_id": str(imported.message_id),
            "application": application.public_id,
        },
    )
    case = applications.open_application_case(application, actor)
    _keep_message(imported, data, case)
    outbound_status.acknowledge_import(case)  # 1120 receipt and 1121 file reference to the portal
    applications.start_application_procedure(application, case, actor)
    return application


# -- checks before anything is stored ---------------------------------------------------------------


def _check_addressed_to_us(imported: xbau.ImportedApplication) -> None:
    ours = authority_addresses()
    if imported.reader.id not in ours:
        log.info("refused 0200 %s addressed to %s", imported.message_id, imported.reader.id)
        raise xbau.WrongReader(
            f"Die Nachricht ist an „{imported.reader.id}“ gerichtet; diese Bauaufsichtsbehörde ist unter "
            f"„{', '.join(sorted(ours))}“ erreichbar. Bitte an die zuständige Behörde senden.",
            field_errors={"nachrichtenkopf.g2g/leser/kennung": [f"erwartet: {', '.join(sorted(ours))}"]},
        )
    if imported.test and not current_app.config.get("XBAU_ACCEPT_TEST_MESSAGES"):
        log.info("refused test 0200 %s", imported.message_id)
        raise xbau.RefusedTestMessage(
            'Die Nachricht ist als Testnachricht gekennzeichnet (test="true"). Dieses System nimmt keine '
            "Testnachrichten an; es wurde kein Vorgang angelegt."
        )


def _attachment_key(files: Mapping[str, bytes], attachment: xbau.Attachment) -> str | None:
    for key in (attachment.document_id, attachment.file_name):
        if key and key in files:
            return key
    return None


def _is_web_address(url: str) -> bool:
    # Officers follow these links from the case page: nothing but http(s), nothing absurdly long.
    return urlsplit(url).scheme in ("http", "https") and len(url) <= MAX_LINK_LENGTH


def _link_problems(imported: xbau.ImportedApplication) -> dict[str, list[str]]:
    return {
        attachment.title or attachment.url[:50]: ["Die Verlinkung muss eine http(s)-Adresse sein."]
        for attachment in imported.attachments
        if attachment.url is not None and not _is_web_address(attachment.url)
    }


def _delivered_files(imported: xbau.ImportedApplication, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files that came with the message, by dokumentid: each a safe PDF of an `anhang`, else 422."""
    errors = _link_problems(imported)
    delivered: dict[str, bytes] = {}
    used: set[str] = set()
    for attachment in imported.attachments:
        key = _attachment_key(files, attachment) if attachment.url is None else None
        if key is None or attachment.document_id is None:
            continue
        used.add(key)
        if attachment.mime_type != PDF:
            problem: str | None = (
                f"Als Bauvorlage werden nur PDF-Dateien übernommen (mimeType „{attachment.mime_type}“)."
            )
        else:
            _, problem = applications.checked_pdf(files[key])
        if problem is not None:
            errors[key] = [problem]
        delivered[attachment.document_id] = files[key]
    errors.update({name: ["Die Datei gehört zu keiner Anlage der Nachricht."] for name in set(files) - used})
    if errors:
        raise InvalidInput("Anlagen des Bauantrags wurden nicht angenommen.", field_errors=errors)
    return delivered


# -- the application, its documents and the message ---------------------------------------------------


def _procedure(imported: xbau.ImportedApplication) -> tuple[str, list[str]]:
    """(procedure to open the case with, what to ask the officer about it)."""
    if imported.procedure is not None:
        return imported.procedure.value, []
    default = str(current_app.config.get("XBAU_DEFAULT_PROCEDURE") or "")
    if default not in applications.PROCESS_BY_PROCEDURE:
        log.error("XBAU_DEFAULT_PROCEDURE %r is no procedure; using simplified", default)
        default = ProcedureType.SIMPLIFIED.value
    assumed = ProcedureType.label_of(default, default)
    code = imported.procedure_code
    if code is None:
        return default, [f"Verfahrensart (nicht angegeben; vorläufig: {assumed})"]
    listed = f", Liste {code.list_uri}" if code.list_uri else ""
    return default, [f"Verfahrensart „{code.code}“{listed} ist unbekannt (vorläufig: {assumed})"]


def _geometry(imported: xbau.ImportedApplication) -> tuple[dict[str, Any] | None, list[str]]:
    """The geometry check input the message allows (the same check as an API draft), or what stops it."""
    submission = xbau.geometry_input(imported)
    if submission is None:
        return None, []
    try:
        parse_submission(submission)
    except InvalidGeometry as invalid:
        problems = "; ".join(m for messages in invalid.field_errors.values() for m in messages)
        return None, [f"Geometrie des Bauvorhabens nicht prüfbar: {problems}"]
    return submission, []


def _details(imported: xbau.ImportedApplication, procedure: str, missing: list[str]) -> dict[str, Any]:
    details = xbau.case_details(imported)
    project = details.setdefault("project", {})
    project["procedure"] = procedure
    if imported.procedure is None:
        project["procedure_assumed"] = True
    if imported.test:
        details["test"] = True
    details["missing"] = missing
    return details


def _application(
    imported: xbau.ImportedApplication, actor: Actor, delivered: Mapping[str, bytes]
) -> Application:
    procedure, procedure_missing = _procedure(imported)
    geometry, geometry_missing = _geometry(imported)
    missing = procedure_missing + xbau.missing_facts(imported, delivered.keys()) + geometry_missing
    moment = now()
    application = Application(
        public_id=str(imported.application_id),
        applicant_id=actor.user_id,
        status=ApplicationStatus.DRAFT,
        title=(imported.description or "Bauantrag")[:300],
        procedure=procedure,
        details=_details(imported, procedure, missing),
        geometry=geometry,
        facts={},
        created_at=moment,
        updated_at=moment,
    )
    db.session.add(application)
    for attachment in imported.attachments:
        content = delivered.get(attachment.document_id or "")
        db.session.add(_document(application, attachment, content))
    db.session.flush()
    return application


def _document(
    application: Application, attachment: xbau.Attachment, content: bytes | None
) -> ApplicationDocument:
    """An `anlage` as an application document: a file, a link, or an outstanding (announced) document."""
    return ApplicationDocument(
        application=application,
        document_type=attachment.attachment_type[:8],
        filename=(attachment.file_name or attachment.title or "anlage")[:200],
        media_type=attachment.mime_type[:100],
        size=len(content) if content is not None else None,
        sha256=hashlib.sha256(content).hexdigest() if content is not None else None,
        content=content,
        uploaded_at=now(),
        title=attachment.title[:300] or None,
        dated=attachment.dated if attachment.dated.year > 1 else None,
        version=attachment.version,
        link_url=attachment.url,
        deferred=attachment.deferred,
        xbau_document_id=(attachment.document_id or "")[:200] or None,
    )


def _keep_message(imported: xbau.ImportedApplication, data: bytes, case: Case | None) -> None:
    """The 0200 as received, the file of record (append-only)."""
    db.session.add(
        XbauMessage(
            direction=MessageDirection.INBOUND,
            message_type="0200",
            message_uuid=str(imported.message_id),
            case_id=case.id if case is not None else None,
            author=imported.author.id,
            reader=imported.reader.id,
            portal_reference=str(imported.application_id),
            is_test=imported.test,
            xml=bytes(data),
            sha256=hashlib.sha256(data).hexdigest(),
            valid=True,
            validation_errors=[],
            created_at=now(),
        )
    )
    db.session.flush()


def _sent_again(
    existing: Application, imported: xbau.ImportedApplication, data: bytes, actor: Actor
) -> Application:
    """The portal sent an application we have: answer with its case; keep a new message once."""
    if existing.applicant_id != actor.user_id and not actor.is_admin:
        raise Conflict("Diese referenzAntragsservice gehört zu einem Antrag eines anderen Absenders.")
    stored = db.session.scalars(
        select(XbauMessage.id).where(
            XbauMessage.direction == MessageDirection.INBOUND,
            XbauMessage.message_uuid == str(imported.message_id),
        )
    ).first()
    if stored is None:
        _keep_message(imported, data, existing.case)
    return existing
