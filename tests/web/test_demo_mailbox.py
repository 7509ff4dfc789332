"""Without a mail server administrators read the portal's e-mails in the demo mailbox (/admin/postfach)."""

from __future__ import annotations

from permits.core.jobs import run_next_job
from permits.core.mail import queue_mail
from permits.extensions import db
from tests.factories import CaseFactory


def _queue_and_run(app, case_id: int | None = None) -> None:
    link = app.config["BASE_URL"] + "/registrieren/bestaetigen/abc"
    queue_mail(
        "neu@example.org",
        "Bitte bestätigen Sie Ihre E-Mail-Adresse",
        f"Guten Tag,\n\nbitte öffnen Sie diesen Link:\n{link}\n\nhttps://fremd.example.org/x bleibt Text.",
        kind="registration_confirmation",
        case_id=case_id,
    )
    db.session.commit()
    assert run_next_job("w1") is True


def test_admin_reads_a_kept_mail_with_its_own_links_clickable(app, signed_in):
    case = CaseFactory()
    _queue_and_run(app, case.id)
    client = signed_in("admin")

    listing = client.get("/admin/postfach").get_data(as_text=True)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in listing
    assert "neu@example.org" in listing and case.file_reference in listing
    assert "kein Mailserver eingerichtet" in listing

    page = client.get("/admin/postfach/1").get_data(as_text=True)
    assert '<a href="http://127.0.0.1:5000/registrieren/bestaetigen/abc">' in page
    assert "https://fremd.example.org/x bleibt Text." in page
    assert 'href="https://fremd.example.org' not in page  # only our own links become links


def test_only_administrators_see_the_mailbox(app, signed_in):
    _queue_and_run(app)
    client = signed_in("sachbearbeitung")
    assert client.get("/admin/postfach").status_code == 403
    assert client.get("/admin/postfach/1").status_code == 403


def test_unknown_mail_is_not_found(app, signed_in):
    assert signed_in("admin").get("/admin/postfach/99").status_code == 404
