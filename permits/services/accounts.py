"""Use cases on users, authorities and API tokens."""

from __future__ import annotations

import hashlib
import secrets

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


def authenticate(username: str, password: str) -> User:
    user = db.session.scalars(select(User).filter_by(username=username)).first()
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        raise Unauthenticated("Benutzername oder Passwort ist falsch.")
    return user


@transactional
def create_token(
    name: str, actor: Actor, *, username: str | None = None, authority_code: str | None = None
) -> str:
    """Returns the plain token once; only its hash is stored."""
    if bool(username) == bool(authority_code):
        raise InvalidInput("Ein Token gehört entweder zu einer Person oder zu einer Behörde.")
    user = None
    if username:
        user = db.session.scalars(select(User).filter_by(username=username)).first()
        if user is None:
            raise NotFound(f"Unbekannte Person {username!r}.")
    authority = authority_by_code(authority_code) if authority_code else None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            name=name,
            token_hash=hash_token(token),
            prefix=token[:12],
            user=user,
            authority=authority,
            created_at=now(),
        )
    )
    audit.record("token_created", actor, after={"name": name, "user": username, "authority": authority_code})
    return token
