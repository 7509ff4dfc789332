"""The administrators' demo mailbox: every e-mail the portal queued; without a mail server, its text too."""

from __future__ import annotations

from flask import Blueprint, render_template

from permits.services import mailbox
from permits.web.auth import current_actor, login_required

bp = Blueprint("mailbox", __name__, url_prefix="/admin/postfach")


@bp.get("")
@login_required
def mails() -> str:
    return render_template("admin_mailbox.html", mails=mailbox.list_mails(current_actor()))


@bp.get("/<id:mail_id>")
@login_required
def mail(mail_id: int) -> str:
    return render_template("admin_mail.html", mail=mailbox.read_mail(mail_id, current_actor()))
