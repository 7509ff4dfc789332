"""Use cases on the lifetime of API tokens: when they expire, and revoking them."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from permits.extensions import db
from permits.models import ApiToken

MAX_TOKEN_DAYS = 3650


def token_expiry(days: int | None = None) -> datetime:
    """When a token created now expires: after `days`, by default after API_TOKEN_DAYS."""
    days = current_app.config["API_TOKEN_DAYS"] if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        message = f"Ein Token gilt zwischen 1 und {MAX_TOKEN_DAYS} Tagen."
        raise InvalidInput(message, field_errors={"days": [message]})
    return now() + timedelta(days=days)


def check_usable(token: ApiToken | None) -> ApiToken:
    """The token, if the API may accept it: known, not revoked, not expired."""
    if token is None or token.revoked_at is not None:
        raise Unauthenticated("Das API-Token ist ungültig oder widerrufen.")
    if token.expires_at is not None and token.expires_at <= now():
        raise Unauthenticated("Das API-Token ist abgelaufen. Bitte ein neues Token ausstellen lassen.")
    return token


def _find(name_or_id: str | int) -> ApiToken:
    text = str(name_or_id).strip()
    if text.isdigit():
        token = db.session.get(ApiToken, int(text))
        if token is not None:
            return token
    matches = list(db.session.scalars(select(ApiToken).filter_by(name=text, revoked_at=None)))
    if not matches:
        raise NotFound(f"Kein gültiges API-Token mit der Nummer oder dem Namen {text!r}.")
    if len(matches) > 1:
        numbers = ", ".join(str(t.id) for t in matches)
        raise InvalidInput(f"Mehrere Tokens heißen {text!r} (Nummern {numbers}); bitte die Nummer angeben.")
    return matches[0]


@transactional
def revoke_token(name_or_id: str | int, actor: Actor) -> ApiToken:
    """Revoke a token by its number or its name; the API refuses it from now on."""
    token = _find(name_or_id)
    if token.revoked_at is not None:
        raise Conflict(f"Das API-Token {token.name!r} ist bereits widerrufen.")
    token.revoked_at = now()
    audit.record(
        "token_revoked",
        actor,
        before={"name": token.name, "prefix": token.prefix},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token
