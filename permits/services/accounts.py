"""Use cases on users, authorities and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound, Unauthenticated
from permits.extensions import db
from permits.models import ApiToken, Authority, Role, User
from permits.services.registration import user_by_email
from permits.services.tokens import token_expiry

TOKEN_PREFIX = "pmt_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authority_by_code(code: str) -> Authority:
    authority = db.session.scalars(select(Authority).filter_by(code=code)).first()
    if authority is None:
        raise NotFound(f"Unbekannte Behörde {code!r}.")
    return authority


@transactional
def create_user(
    username: str,
    role: str,
    display_name: str,
    password: str,
    actor: Actor,
    *,
    email: str | None = None,
    authority_code: str | None = None,
) -> User:
    if db.session.scalars(select(User).filter_by(username=username)).first() is not None:
        raise InvalidInput("Benutzername vergeben.", field_errors={"username": ["Benutzername vergeben."]})
    if len(password) < 8:
        raise InvalidInput("Passwort zu kurz.", field_errors={"password": ["Mindestens 8 Zeichen."]})
    authority = authority_by_code(authority_code) if authority_code else None
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        role=Role(role),
        password_hash=generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"]),
        authority=authority,
        created_at=now(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_created", actor, after={"username": username, "role": role, "authority": authority_code}
    )
    return user


WRONG_CREDENTIALS = "Benutzername oder Passwort ist falsch."
_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash of nothing anyone knows, made with the configured method, so an unknown user name costs
    the same hashing time as a known one and the answer time does not reveal which names exist."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_urlsafe(32), method=method)
    return _dummy_hashes[method]


def authenticate(username: str, password: str, ip: str | None = None) -> User:
    """Checks a sign-in and audits it either way (without the password); the record of a failed attempt is
    committed before the refusal is raised."""
    user = _sign_in_name(username)
    password_ok = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None:
        failure: str | None = "unknown_user"
    elif not password_ok:
        failure = "wrong_password"
    elif not user.active:
        failure = "inactive"
    else:
        failure = None
    _record_sign_in(username, user, failure, ip)
    if failure is not None or user is None:
        raise Unauthenticated(WRONG_CREDENTIALS)
    return user


def _sign_in_name(name: str) -> User | None:
    """People sign in with their user name or their e-mail address (self-registered architects know only
    the latter)."""
    user = db.session.scalars(select(User).filter_by(username=name)).first()
    if user is None and "@" in name:
        user = user_by_email(name)
    return user


@transactional
def _record_sign_in(username: str, user: User | None, failure: str | None, ip: str | None) -> None:
    actor = Actor.for_user(user) if user is not None else Actor(name="anonymous")
    details: dict[str, str | None] = {"username": username[:80], "ip": ip}
    if failure is None:
        audit.record("login_succeeded", actor, after=details)
    else:
        audit.record("login_failed", actor, after={**details, "reason": failure})


@transactional
def sign_out(user_id: int) -> None:
    """Ends every session of the user: cookies issued before (even copied ones) stop working."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    user.session_generation += 1
    audit.record("logged_out", Actor.for_user(user))


@transactional
def change_password(username: str, new_password: str, actor: Actor) -> None:
    """Sets a new password and ends every existing session of the user."""
    user = db.session.scalars(select(User).filter_by(username=username)).first()
    if user is None:
        raise NotFound(f"Unbekannte Person {username!r}.")
    if len(new_password) < 8:
        raise InvalidInput("Passwort zu kurz.", field_errors={"password": ["Mindestens 8 Zeichen."]})
    user.password_hash = generate_password_hash(
        new_password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    user.session_generation += 1
    audit.record("password_changed", actor, after={"username": username})


@transactional
def create_token(
    name: str,
    actor: Actor,
    *,
    username: str | None = None,
    authority_code: str | None = None,
    days: int | None = None,
) -> str:
    """Returns the plain token once; only its hash is stored. It expires after `days` (default
    API_TOKEN_DAYS)."""
    if bool(username) == bool(authority_code):
        raise InvalidInput("Ein Token gehört entweder zu einer Person oder zu einer Behörde.")
    user = None
    if username:
        user = db.session.scalars(select(User).filter_by(username=username)).first()
        if user is None:
            raise NotFound(f"Unbekannte Person {username!r}.")
    authority = authority_by_code(authority_code) if authority_code else None
    expires_at = token_expiry(days)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            name=name,
            token_hash=hash_token(token),
            prefix=token[:12],
            user=user,
            authority=authority,
            created_at=now(),
            expires_at=expires_at,
        )
    )
    audit.record(
        "token_created",
        actor,
        after={
            "name": name,
            "user": username,
            "authority": authority_code,
            "expires_at": expires_at.isoformat(),
        },
    )
    return token


# A token's last use is kept to the minute: enough to spot unused tokens, and a burst of requests with one
# token writes once, not once per request.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def note_token_use(token: ApiToken) -> None:
    """Remember that `token` was used now; opens a transaction only when the stored time is stale."""
    moment = now()
    if token.last_used_at is None or moment - token.last_used_at > TOKEN_USE_RESOLUTION:
        _mark_token_used(token, moment)


@transactional
def _mark_token_used(token: ApiToken, moment: datetime) -> None:
    token.last_used_at = moment
