"""Use cases of the administration on user accounts and API tokens: list, create, change, (de)activate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from permits.core import audit
from permits.core.actors import Actor
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import ApiToken, Authority, Role, User
from permits.models.user import ROLE_LABELS
from permits.services import accounts

USERNAME_MAX = 80
NAME_MAX = 200


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    name: str
    email: str | None
    role: str
    role_label: str
    authority_code: str | None
    authority_name: str | None
    active: bool
    is_team_lead: bool


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str
    holder: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Nur die Administration verwaltet Benutzerkonten und API-Schlüssel.")


def _row(user: User) -> UserRow:
    authority = user.authority
    return UserRow(
        id=user.id,
        username=user.username,
        name=user.display_name,
        email=user.email,
        role=user.role.value,
        role_label=ROLE_LABELS[user.role],
        authority_code=authority.code if authority else None,
        authority_name=authority.name if authority else None,
        active=user.active,
        is_team_lead=user.is_team_lead,
    )


def list_users(actor: Actor) -> list[UserRow]:
    _require_admin(actor)
    users = db.session.scalars(select(User).order_by(User.display_name, User.username))
    return [_row(user) for user in users]


def get_user(user_id: int, actor: Actor) -> UserRow:
    _require_admin(actor)
    return _row(_user(user_id))


def authority_choices() -> list[tuple[str, str]]:
    return [(a.code, a.name) for a in db.session.scalars(select(Authority).order_by(Authority.name))]


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Unbekanntes Benutzerkonto.")
    return user


def _checked(role: str, authority_code: str | None, errors: dict[str, list[str]]) -> None:
    if role not in {r.value for r in Role}:
        errors["role"] = ["Bitte eine Rolle auswählen."]
    if authority_code and authority_code not in {code for code, _ in authority_choices()}:
        errors["authority"] = ["Bitte eine Behörde aus der Liste auswählen."]
    elif role == Role.AGENCY.value and not authority_code:
        errors["authority"] = ["Eine Fachbehörde braucht die Angabe ihrer Behörde."]


@transactional
def create_account(
    actor: Actor,
    *,
    username: str,
    name: str,
    email: str,
    role: str,
    authority_code: str | None,
    password: str,
    is_team_lead: bool,
) -> User:
    """An account made by the administration, with an initial password the person changes on /konto."""
    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    if not username.strip():
        errors["username"] = ["Bitte einen Benutzernamen angeben."]
    elif len(username) > USERNAME_MAX or not username.replace(".", "").replace("-", "").isalnum():
        errors["username"] = ["Bis zu 80 Buchstaben, Ziffern, Punkte oder Bindestriche."]
    if not name.strip() or len(name) > NAME_MAX:
        errors["name"] = ["Bitte den Namen angeben (bis zu 200 Zeichen)."]
    if email and ("@" not in email or len(email) > NAME_MAX):
        errors["email"] = ["Bitte eine gültige E-Mail-Adresse angeben."]
    if not 8 <= len(password) <= 200:
        errors["password"] = ["Mindestens 8, höchstens 200 Zeichen."]
    _checked(role, authority_code, errors)
    if errors:
        raise InvalidInput("Bitte korrigieren Sie Ihre Angaben.", field_errors=errors)
    user = accounts.create_user(
        username.strip(),
        role,
        name.strip(),
        password,
        actor,
        email=email.strip() or None,
        authority_code=authority_code or None,
    )
    user.is_team_lead = is_team_lead
    return user


@transactional
def update_account(
    user_id: int, actor: Actor, *, role: str, authority_code: str | None, is_team_lead: bool
) -> User:
    """Changes role, authority and team lead; an admin keeps their own admin role."""
    _require_admin(actor)
    user = _user(user_id)
    errors: dict[str, list[str]] = {}
    _checked(role, authority_code, errors)
    if user.id == actor.user_id and role != Role.ADMIN.value:
        errors["role"] = ["Die eigene Administrationsrolle können Sie nicht abgeben."]
    if errors:
        raise InvalidInput("Bitte korrigieren Sie Ihre Angaben.", field_errors=errors)
    before = {"role": user.role.value, "authority": _code(user), "team_lead": user.is_team_lead}
    user.role = Role(role)
    user.authority = accounts.authority_by_code(authority_code) if authority_code else None
    user.is_team_lead = is_team_lead
    # New groups: sessions started with the old role end, so no page keeps showing the old rights.
    user.session_generation += 1
    after = {"role": role, "authority": authority_code or None, "team_lead": is_team_lead}
    audit.record("user_updated", actor, before={"username": user.username, **before}, after=after)
    return user


def _code(user: User) -> str | None:
    return user.authority.code if user.authority else None


@transactional
def set_active(user_id: int, active: bool, actor: Actor) -> User:
    """Deactivating ends every session of the person and refuses their sign-in; reactivating lets them in
    again with their password."""
    _require_admin(actor)
    user = _user(user_id)
    if not active and user.id == actor.user_id:
        raise PermissionDenied("Sie können Ihr eigenes Konto nicht deaktivieren.")
    user.active = active
    user.session_generation += 1
    audit.record(
        "user_reactivated" if active else "user_deactivated", actor, after={"username": user.username}
    )
    return user


def list_tokens(actor: Actor) -> list[TokenRow]:
    _require_admin(actor)
    tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [
        TokenRow(
            id=t.id,
            name=t.name,
            prefix=t.prefix,
            holder=t.user.display_name if t.user else (t.authority.name if t.authority else "—"),
            created_at=t.created_at,
            last_used_at=t.last_used_at,
            expires_at=t.expires_at,
            revoked_at=t.revoked_at,
        )
        for t in tokens
    ]


@transactional
def issue_token(actor: Actor, *, name: str, holder: str, days: str) -> str:
    """A token for a person ("user:<id>") or an authority ("authority:<code>"); returns it in plain text,
    the only time anyone sees it."""
    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > NAME_MAX:
        errors["name"] = ["Bitte einen Namen angeben (bis zu 200 Zeichen)."]
    kind, _, key = holder.partition(":")
    username = authority_code = None
    if kind == "user" and key.isdigit() and (user := db.session.get(User, int(key))) is not None:
        username = user.username
    elif kind == "authority" and key in {code for code, _ in authority_choices()}:
        authority_code = key
    else:
        errors["holder"] = ["Bitte eine Person oder Behörde auswählen."]
    if not days.strip().isdigit() or len(days) > 5:
        errors["days"] = ["Bitte die Gültigkeit in ganzen Tagen angeben."]
    if errors:
        raise InvalidInput("Bitte korrigieren Sie Ihre Angaben.", field_errors=errors)
    return accounts.create_token(
        name.strip(), actor, username=username, authority_code=authority_code, days=int(days)
    )


def holder_choices() -> list[tuple[str, str]]:
    people = db.session.scalars(select(User).filter_by(active=True).order_by(User.display_name))
    return [(f"user:{u.id}", f"{u.display_name} ({ROLE_LABELS[u.role]})") for u in people] + [
        (f"authority:{code}", f"Behörde: {name}") for code, name in authority_choices()
    ]
