"""One-time links sent by e-mail: random token, only its SHA-256 stored; single use, expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from permits.core.runtime import now
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import AccountToken, User

CONFIRM = "confirm"
RESET = "reset"
EMAIL = "email"  # a new e-mail address of an existing account
LIFETIMES = {CONFIRM: timedelta(hours=48), RESET: timedelta(hours=1), EMAIL: timedelta(hours=48)}
MAX_TOKEN_CHARS = 100
EXPIRED = "Dieser Link ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, purpose: str, new_email: str | None = None) -> str:
    """A new link token for `user`, in the caller's transaction; earlier unused ones of the purpose end."""
    moment = now()
    for earlier in db.session.scalars(
        select(AccountToken).filter_by(user_id=user.id, purpose=purpose, used_at=None)
    ):
        earlier.used_at = moment
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=user,
            purpose=purpose,
            new_email=new_email,
            token_hash=_hash(token),
            created_at=moment,
            expires_at=moment + LIFETIMES[purpose],
        )
    )
    return token


def redeem(token: str, purpose: str, *, use: bool = True) -> AccountToken:
    """The user a valid token belongs to; marks it used unless `use` is False (showing a form first)."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise InvalidInput(EXPIRED)
    record = db.session.scalars(
        select(AccountToken).filter_by(token_hash=_hash(token), purpose=purpose).with_for_update()
    ).first()
    if record is None or record.used_at is not None or record.expires_at <= now():
        raise InvalidInput(EXPIRED)
    if use:
        record.used_at = now()
    return record
