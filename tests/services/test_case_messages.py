"""Messages between the applicant and the building authority: who may write and read, unread markers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.errors import InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import CaseMessage, OutgoingMail
from permits.services import case_messages
from permits.services.case_messages import Attachment
from tests.factories import ROOM_PDF, AuthorityFactory, UserFactory, submitted_application


def test_applicant_and_officer_exchange_messages_with_attachments(actors):
    application = submitted_application(actors["architektin"])
    case_messages.write_to_authority(
        application.public_id,
        "Frage zur Nachforderung",
        Attachment("skizze.pdf", ROOM_PDF),
        actors["architektin"],
    )
    assert case_messages.unread_for_authority(application.case_id) == 1
    thread = case_messages.authority_thread(application.case_id, actors["sachbearbeitung"])
    assert case_messages.unread_for_authority(application.case_id) == 0
    assert [(m.side, m.sender_name, m.unread) for m in thread] == [("applicant", "Anna Architektin", True)]
    assert case_messages.authority_thread(application.case_id, actors["sachbearbeitung"])[0].unread is False
    attachment = case_messages.authority_attachment(
        application.case_id, thread[0].id, actors["sachbearbeitung"]
    )
    assert attachment.filename == "skizze.pdf" and attachment.content == ROOM_PDF

    case_messages.write_to_applicant(
        application.case_id, "Bitte Ansichten nachreichen.", None, actors["sachbearbeitung"]
    )
    seen = case_messages.applicant_thread(application.public_id, actors["architektin"])
    assert [(m.side, m.unread) for m in seen] == [("applicant", False), ("authority", True)]
    assert seen[1].sender_name == "Sabine Sachbearbeiterin"
    assert case_messages.applicant_thread(application.public_id, actors["architektin"])[1].unread is False


def test_bad_attachment_stores_no_message(actors):
    application = submitted_application(actors["architektin"])
    with pytest.raises(InvalidInput) as refused:
        case_messages.write_to_authority(
            application.public_id, "Anbei", Attachment("x.pdf", b"GIF89a not a pdf"), actors["architektin"]
        )
    assert "attachment" in refused.value.field_errors
    db.session.rollback()
    assert db.session.scalars(select(CaseMessage)).all() == []


def test_empty_or_overlong_message_is_refused(actors):
    application = submitted_application(actors["architektin"])
    for body in ("   ", "x" * 5001):
        with pytest.raises(InvalidInput) as refused:
            case_messages.write_to_authority(application.public_id, body, None, actors["architektin"])
        assert "body" in refused.value.field_errors


def test_only_the_authority_side_reads_the_correspondence(actors):
    application = submitted_application(actors["architektin"])
    for name in ("architektin", "feuerwehr"):
        with pytest.raises(PermissionDenied):
            case_messages.authority_thread(application.case_id, actors[name])
    with pytest.raises(PermissionDenied):
        case_messages.write_to_applicant(application.case_id, "Hallo", None, actors["architektin"])


def test_officers_of_another_authority_are_refused_once_the_case_is_assigned(actors, people):
    application = submitted_application(actors["architektin"])
    application.case.authority_id = people["sachbearbeitung"].authority_id
    stranger = UserFactory(
        username="fremd", role=people["sachbearbeitung"].role, authority=AuthorityFactory(code="celle")
    )
    db.session.commit()
    from permits.core.actors import Actor

    with pytest.raises(PermissionDenied):
        case_messages.authority_thread(application.case_id, Actor.for_user(stranger))
    assert case_messages.authority_thread(application.case_id, actors["sachbearbeitung"]) == ()


def test_officers_do_not_write_through_the_room_and_strangers_do_not_see_it(actors, people):
    application = submitted_application(actors["architektin"])
    with pytest.raises(NotFound):
        case_messages.write_to_authority(application.public_id, "Hallo", None, actors["sachbearbeitung"])
    other_architect = UserFactory(username="andere", role=people["architektin"].role)
    db.session.commit()
    from permits.core.actors import Actor

    with pytest.raises(PermissionDenied):
        case_messages.applicant_thread(application.public_id, Actor.for_user(other_architect))


def test_the_other_side_is_told_by_mail_without_the_text(actors, people):
    application = submitted_application(actors["architektin"])
    case_messages.write_to_applicant(
        application.case_id, "Bitte die Ansichten nachreichen.", None, actors["sachbearbeitung"]
    )
    case_messages.write_to_authority(
        application.public_id, "Anbei die Ansichten.", None, actors["architektin"]
    )

    mails = db.session.scalars(
        select(OutgoingMail).filter_by(kind="case_message").order_by(OutgoingMail.id)
    ).all()
    assert [m.recipient for m in mails] == [people["architektin"].email, people["sachbearbeitung"].email]
    assert f"/antraege/{application.public_id}" in mails[0].body
    assert f"/vorgaenge/{application.case_id}/schriftverkehr" in mails[1].body
    assert all("Ansichten" not in m.body for m in mails)  # the message itself stays in the portal
