"""Joint sign-off (gemeinsame digitale Freizeichnung): the Bauherr confirms the application instead of a
wet signature (§ 67(3) NBauO asks both to sign).

The designer invites the Bauherr (the e-mail address of the step "Bauherr"); the Bauherr opens a one-time
link, needs no account, sees the application read-only and confirms. Only the SHA-256 of the link's token is
stored; a link expires after SIGNOFF_LINK_DAYS and is used up by the confirmation. The confirmation records
the hash of what was shown: any later change to the draft no longer matches it, so the confirmation lapses
and the Bauherr has to be invited again. Whether the authority requires it: SIGNOFF_REQUIRED (default on).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from sqlalchemy import select

from permits.core import audit
from permits.core.actors import Actor
from permits.core.mail import absolute_url, is_valid_address, queue_mail
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound
from permits.extensions import db
from permits.models import Application, ApplicationSignoff, ApplicationStatus

CONFIRMATION = "Ich habe den Antrag geprüft und stimme der Einreichung zu."


@dataclass(frozen=True)
class SignoffState:
    """Where the sign-off of a draft stands, for the summary page and the list of applications."""

    required: bool
    state: str  # none | invited | confirmed | lapsed (confirmed, then the draft changed)
    email: str | None
    invited_at: datetime | None
    expires_at: datetime | None
    confirmed_at: datetime | None

    @property
    def done(self) -> bool:
        return self.state == "confirmed"

    @property
    def label(self) -> str:
        return {
            "none": "Die Bauherrschaft ist noch nicht zur Freizeichnung eingeladen.",
            "invited": "Die Bauherrschaft ist eingeladen; die Freizeichnung steht noch aus.",
            "confirmed": "Die Bauherrschaft hat den Antrag freigezeichnet.",
            "lapsed": "Der Antrag wurde nach der Freizeichnung geändert; "
            "bitte laden Sie die Bauherrschaft erneut ein.",
        }[self.state]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def content_hash(application: Application) -> str:
    """What the Bauherr signs off: the draft's facts and the exact documents."""
    content = {
        "title": application.title,
        "procedure": application.procedure,
        "details": application.details or {},
        "geometry": application.geometry,
        "documents": sorted((d.document_type, d.sha256 or "") for d in application.documents),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def owner_email(application: Application) -> str | None:
    owners = ((application.details or {}).get("parties") or {}).get("owners") or []
    email = (owners[0] if owners else (application.details or {}).get("applicant") or {}).get("email")
    return str(email) if email else None


def _latest(application: Application) -> ApplicationSignoff | None:
    query = select(ApplicationSignoff).filter_by(application_id=application.id)
    return db.session.scalars(query.order_by(ApplicationSignoff.id.desc()).limit(1)).first()


def signoff_required() -> bool:
    return bool(current_app.config.get("SIGNOFF_REQUIRED", True))


def signoff_state(application: Application) -> SignoffState:
    latest = _latest(application)
    if latest is None:
        state = "none"
    elif latest.confirmed_at is None:
        state = "invited"
    else:
        state = "confirmed" if latest.content_hash == content_hash(application) else "lapsed"
    return SignoffState(
        required=signoff_required(),
        state=state,
        email=latest.email if latest else None,
        invited_at=latest.invited_at if latest else None,
        expires_at=latest.expires_at if latest else None,
        confirmed_at=latest.confirmed_at if latest else None,
    )


@transactional
def invite_owner(application: Application, actor: Actor) -> str:
    """A new one-time link for the Bauherr (earlier open links lapse); returns the token for the link."""
    email = owner_email(application)
    if email is None:
        message = "Geben Sie im Schritt „Bauherrschaft“ eine E-Mail-Adresse an."
        raise InvalidInput(message, field_errors={"freizeichnung": [message]})
    if not is_valid_address(email):
        message = "An diese E-Mail-Adresse der Bauherrschaft kann keine E-Mail gesendet werden."
        raise InvalidInput(message, field_errors={"freizeichnung": [message]})
    moment = now()
    for earlier in db.session.scalars(
        select(ApplicationSignoff).filter_by(application_id=application.id, confirmed_at=None)
    ):
        earlier.expires_at = min(earlier.expires_at, moment)
    token = secrets.token_urlsafe(32)
    days = int(current_app.config.get("SIGNOFF_LINK_DAYS", 14))
    db.session.add(
        ApplicationSignoff(
            application=application,
            email=email,
            token_hash=_hash(token),
            invited_at=moment,
            expires_at=moment + timedelta(days=days),
        )
    )
    audit.record("signoff_invited", actor, after={"application": application.public_id, "email": email})
    body = render_template(
        "mail/signoff_invitation.txt",
        title=application.title,
        architect=application.applicant.display_name,
        link=absolute_url("signoff.confirm", token=token),
        valid_until=(moment + timedelta(days=days)).astimezone(ZoneInfo(current_app.config["TIMEZONE"])),
        authority=current_app.config["AUTHORITY_NAME"],
    )
    subject = f"Bitte geben Sie Ihren Bauantrag frei: {application.title}"[:200]
    queue_mail(email, subject, body, kind="signoff")
    return token


def application_for_token(token: str) -> Application:
    """The draft a valid, unused link is for; NotFound for an unknown, used or expired link."""
    signoff = _open_signoff(token)
    return signoff.application


def _open_signoff(token: str) -> ApplicationSignoff:
    signoff = db.session.scalars(select(ApplicationSignoff).filter_by(token_hash=_hash(token[:100]))).first()
    if (
        signoff is None
        or signoff.confirmed_at is not None
        or signoff.expires_at <= now()
        or signoff.application.status != ApplicationStatus.DRAFT
    ):
        raise NotFound(
            "Dieser Link ist nicht mehr gültig. Bitten Sie Ihre Entwurfsverfasserin oder Ihren "
            "Entwurfsverfasser um eine neue Einladung."
        )
    return signoff


@transactional
def confirm_signoff(token: str, agreed: bool) -> Application:
    """The Bauherr confirms what the link showed; the link is used up."""
    signoff = _open_signoff(token)
    if not agreed:
        message = "Bitte bestätigen Sie, dass Sie den Antrag geprüft haben und der Einreichung zustimmen."
        raise InvalidInput(message, field_errors={"agreed": [message]})
    signoff.confirmed_at = now()
    signoff.content_hash = content_hash(signoff.application)
    audit.record(
        "signoff_confirmed",
        Actor.system("freizeichnung"),
        after={"application": signoff.application.public_id, "email": signoff.email},
    )
    return signoff.application


def missing_signoff(application: Application) -> dict[str, str]:
    state = signoff_state(application)
    if not state.required or state.done:
        return {}
    return {"freizeichnung": state.label}
