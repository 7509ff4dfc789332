"""A signed-in person's own account (`/konto`): profile, password, ending the sessions on other devices."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.security import check_password_hash

from permits.codelists import FederalState
from permits.core import audit
from permits.core.actors import Actor
from permits.core.transaction import transactional
from permits.errors import InvalidInput, Unauthenticated
from permits.extensions import db
from permits.models import Role, User
from permits.models.user import ROLE_LABELS
from permits.services.registration import hash_password, name_errors, password_errors, profile_errors


@dataclass(frozen=True)
class AccountView:
    name: str
    email: str | None
    role_label: str
    is_architect: bool
    chamber_number: str
    federal_state: str
    federal_state_label: str
    authority_name: str | None


def _me(actor: Actor) -> User:
    user = db.session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise Unauthenticated("Bitte melden Sie sich an.")
    return user


def account_of(actor: Actor) -> AccountView:
    user = _me(actor)
    return AccountView(
        name=user.display_name,
        email=user.email,
        role_label=ROLE_LABELS[user.role],
        is_architect=user.role == Role.ARCHITECT,
        chamber_number=user.chamber_number or "",
        federal_state=user.federal_state or "",
        federal_state_label=FederalState.label_of(user.federal_state, "—"),
        authority_name=user.authority.name if user.authority else None,
    )


@transactional
def update_profile(actor: Actor, name: str, chamber_number: str, federal_state: str) -> None:
    """Name for everyone; chamber number and Land for architects (the only ones who have them)."""
    user = _me(actor)
    name, chamber_number = " ".join(name.split()), chamber_number.strip()
    if user.role == Role.ARCHITECT:
        errors = profile_errors(name, chamber_number, federal_state)
    else:
        errors = name_errors(name)
    if errors:
        raise InvalidInput("Bitte korrigieren Sie die markierten Angaben.", field_errors=errors)
    before = {
        "name": user.display_name,
        "chamber_number": user.chamber_number,
        "federal_state": user.federal_state,
    }
    user.display_name = name
    if user.role == Role.ARCHITECT:
        user.chamber_number, user.federal_state = chamber_number, federal_state
    after = {
        "name": user.display_name,
        "chamber_number": user.chamber_number,
        "federal_state": user.federal_state,
    }
    audit.record("profile_updated", actor, before=before, after=after)


@transactional
def change_own_password(actor: Actor, current: str, new: str, repeat: str) -> int:
    """Needs the current password. Ends every session of the user; returns the new session generation,
    so the page can keep the session it was asked from."""
    user = _me(actor)
    errors = (
        {}
        if check_password_hash(user.password_hash, current[:200])
        else {"current_password": ["Das bisherige Passwort ist nicht richtig."]}
    )
    errors.update(password_errors(new, repeat))
    if errors:
        raise InvalidInput("Bitte korrigieren Sie die markierten Angaben.", field_errors=errors)
    user.password_hash = hash_password(new)
    user.session_generation += 1
    audit.record("password_changed", actor, after={"by": "self"})
    return user.session_generation


@transactional
def end_other_sessions(actor: Actor) -> int:
    """Signs the user out everywhere; returns the new generation for the session that asked to stay."""
    user = _me(actor)
    user.session_generation += 1
    audit.record("other_sessions_ended", actor)
    return user.session_generation
