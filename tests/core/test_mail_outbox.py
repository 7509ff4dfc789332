"""Transactional e-mail: queued with the change that causes it, sent by the worker to a real SMTP server."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from permits.codelists import MailStatus
from permits.core.jobs import run_next_job
from permits.core.mail import MAX_ATTEMPTS, absolute_url, queue_mail
from permits.core.transaction import transactional
from permits.extensions import db
from permits.models import Job, JobStatus, OutgoingMail
from tests.mail_server import MailServer

TEXT = (
    "Guten Tag,\n\nIhr Antrag ist eingegangen: https://bau.example.org/antraege/1\n\nMit freundlichen Grüßen"
)


@pytest.fixture
def app_config(app_config, mail_server: MailServer):
    return {**app_config, **mail_server.config()}


@transactional
def _confirm_receipt(recipient: str = "a.architektin@example.org") -> None:
    queue_mail(recipient, "Eingangsbestätigung", TEXT, kind="test_receipt")


def _the_mail() -> OutgoingMail:
    return db.session.scalars(select(OutgoingMail)).one()


def test_worker_delivers_a_queued_mail_to_the_mail_server(app, mail_server):
    _confirm_receipt()
    assert mail_server.inbox == []  # queued, not sent within the transaction

    assert run_next_job("w1") is True

    [received] = mail_server.to("a.architektin@example.org")
    assert received.subject == "Eingangsbestätigung"
    assert received.message["From"] == "Bauamt <bauamt@example.org>"
    assert received.text.strip() == TEXT
    assert received.links() == ["https://bau.example.org/antraege/1"]
    mail = _the_mail()
    assert mail.status == MailStatus.SENT and mail.attempts == 1 and mail.sent_at is not None
    assert mail.body == ""  # handed over: the text (and any one-time link in it) is not kept
    assert run_next_job("w1") is False


def test_mail_is_retried_with_backoff_while_the_server_is_down(app, clock, mail_server):
    mail_server.stop()
    _confirm_receipt()

    assert run_next_job("w1") is True
    mail = _the_mail()
    assert mail.status == MailStatus.QUEUED and mail.attempts == 1
    assert mail.last_error is not None and "nicht erreichbar" in mail.last_error
    assert run_next_job("w1") is False  # waits for its backoff

    mail_server.start()
    clock.advance(timedelta(minutes=5))
    assert run_next_job("w1") is True

    assert len(mail_server.to("a.architektin@example.org")) == 1
    db.session.refresh(mail)
    assert mail.status == MailStatus.SENT and mail.attempts == 2 and mail.last_error is None


def test_mail_that_never_gets_through_fails_and_becomes_an_incident(app, clock, mail_server):
    mail_server.stop()
    _confirm_receipt()
    for _ in range(MAX_ATTEMPTS):
        assert run_next_job("w1") is True
        clock.advance(timedelta(hours=7))

    mail = _the_mail()
    assert mail.status == MailStatus.FAILED and mail.attempts == MAX_ATTEMPTS
    job = db.session.scalars(select(Job)).one()
    assert job.status == JobStatus.FAILED
    assert job.last_error_summary is not None and job.last_error_summary.startswith(
        "Die E-Mail konnte nicht versendet werden"
    )


def test_nothing_is_sent_when_the_transaction_rolls_back(app, mail_server):
    @transactional
    def submit_and_fail() -> None:
        queue_mail("a.architektin@example.org", "Eingangsbestätigung", TEXT, kind="test_receipt")
        raise RuntimeError("the change itself failed")

    with pytest.raises(RuntimeError):
        submit_and_fail()

    assert db.session.scalars(select(OutgoingMail)).all() == []
    assert run_next_job("w1") is False
    assert mail_server.inbox == []


def test_subject_stays_one_line_and_addresses_are_checked(app, mail_server):
    @transactional
    def inject() -> None:
        queue_mail("a@example.org", "Hallo\r\nBcc: alle@example.org", "Text", kind="test")

    inject()
    assert _the_mail().subject == "Hallo Bcc: alle@example.org"
    for bad in (
        "kein-at.example.org",
        "a@b@example.org",
        "a@example.org\r\nBcc: x@example.org",
        "a@localhost",
    ):
        with pytest.raises(ValueError):
            queue_mail(bad, "Betreff", "Text", kind="test")
    with pytest.raises(ValueError):
        queue_mail("a@example.org", "Betreff", "x" * 20_001, kind="test")
    db.session.rollback()


def test_links_in_mails_are_absolute_under_the_base_url(app):
    app.config["BASE_URL"] = "https://bau.example.org/portal"
    assert absolute_url("auth.login") == "https://bau.example.org/portal/anmelden"


def test_without_a_mail_server_mails_are_kept_for_the_demo_mailbox(app, mail_server, caplog):
    app.config["MAIL_SERVER"] = ""
    _confirm_receipt()

    with caplog.at_level(logging.INFO, logger="permits.core.mail"):
        assert run_next_job("w1") is True

    mail = _the_mail()
    assert mail.status == MailStatus.KEPT and mail.body == TEXT
    assert mail_server.inbox == []
    assert "a.architektin@example.org" in caplog.text
    assert "antraege/1" not in caplog.text  # the text (and any link in it) never goes to the log
