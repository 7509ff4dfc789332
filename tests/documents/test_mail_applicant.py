"""The applicant is mailed when a deficiency notice, hearing notice or decision is issued for their case."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.documents import enqueue_render
from permits.documents.registry import KINDS
from permits.extensions import db
from permits.models import Case, OutgoingMail, User
from tests.documents.document_helpers import build_example, make_case
from tests.mail_server import MailServer

NOTIFYING = {"deficiency_notice", "hearing_notice", "approval", "rejection", "deemed_approval_certificate"}


@pytest.fixture
def app_config(app_config, mail_server: MailServer):
    return {**app_config, **mail_server.config(), "BASE_URL": "https://bau.example.org"}


@pytest.fixture
def case(app: Flask, people: dict[str, User]) -> Case:
    case = make_case()
    case.applicant = people["architektin"]
    db.session.add(case)
    db.session.commit()
    return case


def _issue(case: Case, kind: str) -> None:
    enqueue_render(case.id, kind, build_example(kind, case), "user:sachbearbeitung")
    db.session.commit()
    while run_next_job("w1"):
        pass


def test_the_rule_names_exactly_the_letters_the_applicant_must_act_on_or_hear_of() -> None:
    assert {kind.name for kind in KINDS if kind.mails_applicant} == NOTIFYING


def test_applicant_is_mailed_with_the_file_reference_and_a_link_when_the_permit_is_issued(case, mail_server):
    _issue(case, "approval")

    [mail] = mail_server.to("architektin@example.org")
    assert mail.subject == f"{case.file_reference}: Baugenehmigung"
    assert case.file_reference in mail.text and "entschieden" in mail.text
    assert mail.links() == [f"https://bau.example.org/vorgaenge/{case.id}"]
    stored = db.session.scalars(select(OutgoingMail)).one()
    assert (stored.kind, stored.case_id) == ("document_approval", case.id)


def test_deficiency_notice_is_mailed_but_not_the_receipt(case, mail_server):
    _issue(case, "receipt")
    assert mail_server.inbox == []
    _issue(case, "deficiency_notice")
    [mail] = mail_server.to("architektin@example.org")
    assert mail.subject.endswith("Nachforderung") and "entschieden" not in mail.text


def test_case_without_a_registered_applicant_sends_nothing(app, mail_server):
    case = make_case()
    db.session.add(case)
    db.session.commit()
    _issue(case, "rejection")
    assert db.session.scalars(select(OutgoingMail)).all() == []
