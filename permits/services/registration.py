"""Architects register themselves, confirm their e-mail address by a one-time link, and reset a forgotten
password by another. No answer reveals whether an address has an account: the mail says so instead."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from permits.codelists import FederalState
from permits.core import audit
from permits.core.actors import Actor
from permits.core.mail import absolute_url, is_valid_address, queue_mail
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Role, User
from permits.services import account_links

MIN_PASSWORD = 8
MAX_PASSWORD = 200
MAX_NAME = 200
MAX_EMAIL = 200
MAX_CHAMBER_NUMBER = 40
USERNAME_LENGTH = 80


@dataclass(frozen=True)
class Registration:
    """What a person types into the registration form (strings as typed; the use case checks them)."""

    name: str
    email: str
    password: str
    password_repeat: str
    chamber_number: str
    federal_state: str


def user_by_email(email: str) -> User | None:
    address = email.strip().lower()
    if not address:
        return None
    query = select(User).where(func.lower(User.email) == address).order_by(User.id)
    return db.session.scalars(query).first()


def password_errors(password: str, repeat: str) -> dict[str, list[str]]:
    """The one password rule of the pages: long enough, not absurdly long, typed the same twice."""
    errors: dict[str, list[str]] = {}
    if len(password) < MIN_PASSWORD:
        errors["password"] = [f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein."]
    elif len(password) > MAX_PASSWORD:
        errors["password"] = [f"Das Passwort darf höchstens {MAX_PASSWORD} Zeichen lang sein."]
    elif password != repeat:
        errors["password_repeat"] = ["Die beiden Passwörter stimmen nicht überein."]
    return errors


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def name_errors(name: str) -> dict[str, list[str]]:
    if not name:
        return {"name": ["Bitte geben Sie Ihren Namen an."]}
    if len(name) > MAX_NAME:
        return {"name": [f"Der Name darf höchstens {MAX_NAME} Zeichen lang sein."]}
    return {}


def profile_errors(name: str, chamber_number: str, federal_state: str) -> dict[str, list[str]]:
    """An architect's profile: name, chamber membership number, Land of the chamber."""
    errors = name_errors(name)
    if not chamber_number:
        errors["chamber_number"] = [
            "Bitte geben Sie Ihre Mitgliedsnummer der Architekten- oder Ingenieurkammer an."
        ]
    elif len(chamber_number) > MAX_CHAMBER_NUMBER or not chamber_number.isprintable():
        errors["chamber_number"] = [
            f"Die Mitgliedsnummer darf höchstens {MAX_CHAMBER_NUMBER} Zeichen lang sein."
        ]
    if federal_state not in {state.value for state in FederalState}:
        errors["federal_state"] = ["Bitte wählen Sie das Land Ihrer Kammer aus."]
    return errors


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput("Bitte korrigieren Sie die markierten Angaben.", field_errors=errors)


def _username_for(email: str) -> str:
    taken = db.session.scalars(select(User.id).filter_by(username=email)).first() is not None
    if len(email) <= USERNAME_LENGTH and not taken:
        return email
    return f"architekt-{secrets.token_hex(6)}"


def _authority() -> str:
    return str(current_app.config["AUTHORITY_NAME"])


@transactional
def register_architect(form: Registration) -> None:
    """Creates an inactive architect account and mails the confirmation link. For an address that has an
    account already, nothing is created and that account's owner is told by mail instead."""
    name, email = " ".join(form.name.split()), form.email.strip().lower()
    chamber_number = form.chamber_number.strip()
    errors = profile_errors(name, chamber_number, form.federal_state)
    if len(email) > MAX_EMAIL or not is_valid_address(email):
        errors["email"] = ["Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."]
    errors.update(password_errors(form.password, form.password_repeat))
    _refuse(errors)
    existing = user_by_email(email)
    if existing is not None:
        body = render_template(
            "mail/registration_exists.txt",
            authority=_authority(),
            login_link=absolute_url("auth.login"),
            reset_link=absolute_url("account.forgot_password"),
        )
        queue_mail(email, "Sie haben bereits ein Konto", body, kind="registration_exists")
        audit.record("registration_for_existing_account", Actor.for_user(existing))
        return
    user = User(
        username=_username_for(email),
        display_name=name,
        email=email,
        password_hash=hash_password(form.password),
        role=Role.ARCHITECT,
        active=False,
        chamber_number=chamber_number,
        federal_state=form.federal_state,
        created_at=now(),
    )
    db.session.add(user)
    db.session.flush()
    token = account_links.issue(user, account_links.CONFIRM)
    body = render_template(
        "mail/registration_confirmation.txt",
        name=name,
        authority=_authority(),
        link=absolute_url("account.confirm_registration", token=token),
    )
    queue_mail(email, "Bitte bestätigen Sie Ihre E-Mail-Adresse", body, kind="registration_confirmation")
    audit.record("architect_registered", Actor.for_user(user), after={"federal_state": form.federal_state})


@transactional
def confirm_registration(token: str) -> None:
    """Activates the account the link was sent for; the link works once, for 48 hours."""
    user = account_links.redeem(token, account_links.CONFIRM).user
    user.active = True
    audit.record("registration_confirmed", Actor.for_user(user))


@transactional
def request_password_reset(email: str) -> None:
    """Mails a link to set a new password to an active account with this address; otherwise nothing
    happens, and the page says the same either way."""
    user = user_by_email(email[:MAX_EMAIL])
    if user is None or not user.active or user.email is None:
        return
    token = account_links.issue(user, account_links.RESET)
    body = render_template(
        "mail/password_reset.txt",
        name=user.display_name,
        authority=_authority(),
        link=absolute_url("account.reset_password", token=token),
    )
    queue_mail(user.email, "Neues Passwort festlegen", body, kind="password_reset")
    audit.record("password_reset_requested", Actor.for_user(user))


def check_reset_link(token: str) -> None:
    """Raises InvalidInput when the link cannot be used (before showing the form)."""
    account_links.redeem(token, account_links.RESET, use=False)


@transactional
def reset_password(token: str, password: str, repeat: str) -> None:
    """Sets the new password and ends every session of the user."""
    _refuse(password_errors(password, repeat))
    user = account_links.redeem(token, account_links.RESET).user
    user.password_hash = hash_password(password)
    user.session_generation += 1
    audit.record("password_reset", Actor.for_user(user))
