"""Bearer-token authentication for the API. Tokens act as a user or as an agency."""

from __future__ import annotations

from flask import request
from sqlalchemy import select

from permits.core.actors import Actor
from permits.errors import PermissionDenied, Unauthenticated
from permits.extensions import db
from permits.models import ApiToken, Role
from permits.services.accounts import hash_token, note_token_use
from permits.services.tokens import check_usable


def _actor_for(token: ApiToken) -> Actor:
    if token.user is not None:
        if not token.user.active:
            raise Unauthenticated("Das Benutzerkonto des Tokens ist deaktiviert.")
        return Actor.for_user(token.user)
    authority = token.authority
    assert authority is not None
    return Actor(
        name=f"agency:{authority.code}",
        role=Role.AGENCY,
        groups=frozenset({authority.group}),
        authority_id=authority.id,
    )


def api_actor() -> Actor:
    """The actor of the current API request (cached on the request)."""
    cached: Actor | None = request.environ.get("permits.actor")
    if cached is not None:
        return cached
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthenticated("Bitte ein API-Token als 'Authorization: Bearer …' mitsenden.")
    token = db.session.scalars(select(ApiToken).filter_by(token_hash=hash_token(value.strip()))).first()
    token = check_usable(token)
    actor = request.environ["permits.actor"] = _actor_for(token)
    note_token_use(token)
    return actor


def require_role(*roles: Role) -> Actor:
    actor = api_actor()
    if actor.role not in roles and not actor.is_admin:
        raise PermissionDenied("Diese Schnittstelle steht Ihrer Rolle nicht zur Verfügung.")
    return actor
