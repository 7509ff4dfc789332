"""A new e-mail address for an account: asked for with the current password, valid once the new address
confirmed it by a mailed one-time link (48 h). The old address is told when the change is made."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select
from werkzeug.security import check_password_hash

from permits.core import audit
from permits.core.actors import Actor
from permits.core.mail import absolute_url, is_valid_address, queue_mail
from permits.core.transaction import transactional
from permits.errors import InvalidInput, Unauthenticated
from permits.extensions import db
from permits.models import User
from permits.services import account_links
from permits.services.registration import MAX_EMAIL, MAX_PASSWORD, USERNAME_LENGTH, user_by_email

TAKEN = "Diese E-Mail-Adresse gehört inzwischen zu einem anderen Konto."


@transactional
def request_email_change(actor: Actor, new_email: str, password: str) -> None:
    """Mails the confirmation link to the new address. An address that belongs to another account gets a
    note instead, and the page answers the same: nobody learns from it which addresses have accounts."""
    user = db.session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise Unauthenticated("Bitte melden Sie sich an.")
    address = new_email.strip().lower()
    errors: dict[str, list[str]] = {}
    if len(address) > MAX_EMAIL or not is_valid_address(address):
        errors["new_email"] = ["Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."]
    elif address == (user.email or "").lower():
        errors["new_email"] = ["Das ist schon Ihre E-Mail-Adresse."]
    if not check_password_hash(user.password_hash, password[:MAX_PASSWORD]):
        errors["email_password"] = ["Das Passwort ist nicht richtig."]
    if errors:
        raise InvalidInput("Bitte korrigieren Sie die markierten Angaben.", field_errors=errors)
    authority = current_app.config["AUTHORITY_NAME"]
    if user_by_email(address) is not None:
        body = render_template(
            "mail/registration_exists.txt",
            authority=authority,
            login_link=absolute_url("auth.login"),
            reset_link=absolute_url("account.forgot_password"),
        )
        queue_mail(address, "Sie haben bereits ein Konto", body, kind="email_change_taken")
        return
    token = account_links.issue(user, account_links.EMAIL, new_email=address)
    body = render_template(
        "mail/email_change.txt",
        name=user.display_name,
        authority=authority,
        link=absolute_url("account.confirm_email_change", token=token),
    )
    queue_mail(address, "Bitte bestätigen Sie Ihre neue E-Mail-Adresse", body, kind="email_change")
    audit.record("email_change_requested", actor)


def _username_free(address: str) -> bool:
    if len(address) > USERNAME_LENGTH:
        return False
    return db.session.scalars(select(User.id).filter_by(username=address)).first() is None


@transactional
def confirm_email_change(token: str) -> None:
    record = account_links.redeem(token, account_links.EMAIL)
    user, address = record.user, record.new_email
    if address is None or user_by_email(address) is not None:
        raise InvalidInput(TAKEN)
    old = user.email
    user.email = address
    if user.username == (old or "").lower() and _username_free(address):
        user.username = address  # the old address no longer signs in
    if old and is_valid_address(old):
        body = render_template(
            "mail/email_changed.txt", name=user.display_name, authority=current_app.config["AUTHORITY_NAME"]
        )
        queue_mail(old, "Ihre E-Mail-Adresse wurde geändert", body, kind="email_changed")
    audit.record("email_changed", Actor.for_user(user))
