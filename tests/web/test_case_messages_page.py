"""Officers read a case's XBau message log: every message in and out, in German, with its schema check."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

from permits.codelists import ReviewKind
from permits.extensions import db
from permits.models import MessageDirection
from permits.services import xbau_import
from tests.conftest import needs_xbau
from tests.factories import (
    AuthorityFactory,
    CaseFactory,
    ReviewRequestFactory,
    UserFactory,
    XbauMessageFactory,
)

FIXTURES = Path(__file__).resolve().parents[1] / "xbau" / "fixtures"
MINIMAL_0200 = FIXTURES / "baugenehmigung.antrag.0200_minimal.xml"
PORTAL = "bap:03000000"  # the configured default portal (XBAU_PORTAL_DVDV)
OTHER_PORTAL = "bap:03459999"  # an address nobody in our directory has
OURS = "bab:03241001"


def _rows(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body, page
    rows = body.group(1).split("</tr>")[:-1]
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))).strip() for row in rows]


def _log_with_four_messages(people):
    case = CaseFactory()
    fire = people["feuerwehr"].authority
    review = ReviewRequestFactory(case=case, authority=fire, kind=ReviewKind.PARTICIPATION)
    XbauMessageFactory(
        case=case,
        direction=MessageDirection.INBOUND,
        message_type="0200",
        author=PORTAL,
        reader=OURS,
        created_at=datetime(2026, 12, 1, 8, 15, tzinfo=UTC),
    )
    XbauMessageFactory(
        case=case,
        message_type="1170",
        subject="status:14:7",
        author=OURS,
        reader=OTHER_PORTAL,
        is_test=True,
        created_at=datetime(2026, 12, 1, 8, 16, tzinfo=UTC),
    )
    XbauMessageFactory(
        case=case,
        message_type="0300",
        review_request_id=review.id,
        author=OURS,
        reader=fire.dvdv_address,
        created_at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC),
    )
    XbauMessageFactory(
        case=case,
        direction=MessageDirection.INBOUND,
        message_type="0303",
        review_request_id=review.id,
        author=fire.dvdv_address,
        reader=OURS,
        valid=False,
        validation_errors=[
            {
                "path": "/xbau:beteiligung.stellungnahme.0303/xbau:stellungnahme",
                "line": 12,
                "message": "Element 'stellungnahme': Missing child element(s).",
            },
            {"path": "/xbau:beteiligung.stellungnahme.0303/xbau:frist", "line": 30, "message": "…"},
        ],
        created_at=datetime(2026, 12, 4, 13, 3, tzinfo=UTC),
    )
    db.session.commit()
    return case


def test_officer_reads_messages_in_and_out_newest_first_in_german(signed_in, people):
    case = _log_with_four_messages(people)
    response = signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}/nachrichten")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<caption>" in page and '<th scope="col">Zeitpunkt</th>' in page
    statement, request, status, application = _rows(page)

    assert statement.startswith("04.12.2026 14:03 eingegangen 0303 Stellungnahme")
    assert "von Feuerwehr Hannover – Vorbeugender Brandschutz (bet:03241101)" in statement
    assert "an Landeshauptstadt Hannover – Bauordnung (bab:03241001)" in statement
    assert "Beteiligung: Feuerwehr Hannover – Vorbeugender Brandschutz" in statement
    assert (
        "ungültig: Zeile 12, Element /xbau:beteiligung.stellungnahme.0303/xbau:stellungnahme: "
        "Element 'stellungnahme': Missing child element(s). (und 1 weitere)"
    ) in statement

    assert request.startswith("02.12.2026 10:00 gesendet 0300 Aufforderung zur Stellungnahme")
    assert " gültig nein " in request
    assert status.startswith("01.12.2026 09:16 gesendet 1170 Statusmitteilung")
    assert "Status „Eingang bestätigt“" in status and "Testnachricht" in status
    assert "an bap:03459999 " in status  # an address nobody in our directory has stays an address
    assert application.startswith("01.12.2026 09:15 eingegangen 0200 Bauantrag")
    assert "Antrag auf Baugenehmigung" in application
    assert "von Bauportal Niedersachsen (bap:03000000)" in application
    shown = " ".join(_rows(page))
    assert "inbound" not in shown and "outbound" not in shown and "status:14" not in shown


def test_log_shows_only_the_messages_of_its_case(signed_in, people):
    case = CaseFactory()
    XbauMessageFactory(case=case, message_type="0205")
    XbauMessageFactory(message_type="1160")  # another case
    db.session.commit()
    rows = _rows(signed_in("admin").get(f"/vorgaenge/{case.id}/nachrichten").get_data(as_text=True))
    assert len(rows) == 1 and "0205 Bescheid" in rows[0]


def test_case_without_messages_says_so(signed_in, people):
    case = CaseFactory()
    db.session.commit()
    page = signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}/nachrichten").get_data(as_text=True)
    assert "noch keine XBau-Nachrichten" in page and "<table" not in page


def test_architect_and_agency_may_not_read_the_log(signed_in, people):
    case = CaseFactory(applicant=people["architektin"])  # the architect may read the case itself
    ReviewRequestFactory(case=case, authority=people["feuerwehr"].authority)
    message = XbauMessageFactory(case=case, message_type="0205")
    db.session.commit()
    for username in ("architektin", "feuerwehr"):
        client = signed_in(username)
        assert client.get(f"/vorgaenge/{case.id}").status_code == 200
        response = client.get(f"/vorgaenge/{case.id}/nachrichten")
        assert response.status_code == 403
        assert "Keine Berechtigung" in response.get_data(as_text=True)
        assert client.get(f"/vorgaenge/{case.id}/nachrichten/{message.id}.xml").status_code == 403


def test_officer_of_another_authority_may_not_read_the_log(signed_in, people, client):
    case = CaseFactory(authority_id=people["sachbearbeitung"].authority_id)
    other = AuthorityFactory(code="bab-celle", name="Landkreis Celle – Bauaufsicht")
    UserFactory(username="celle", role=people["sachbearbeitung"].role, authority=other)
    db.session.commit()
    assert signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}/nachrichten").status_code == 200
    assert signed_in("celle").get(f"/vorgaenge/{case.id}/nachrichten").status_code == 403


def test_xml_download_is_the_stored_message_byte_for_byte(signed_in, people):
    case = CaseFactory(file_reference="BA-2026-000042")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<x:nachricht xmlns:x="urn:x">Weißmüller</x:nachricht>\n'
    message = XbauMessageFactory(case=case, message_type="0205", xml=xml.encode())
    db.session.commit()
    client = signed_in("sachbearbeitung")
    page = client.get(f"/vorgaenge/{case.id}/nachrichten").get_data(as_text=True)
    assert f'href="/vorgaenge/{case.id}/nachrichten/{message.id}.xml"' in page

    response = client.get(f"/vorgaenge/{case.id}/nachrichten/{message.id}.xml")
    assert response.status_code == 200
    assert response.data == message.xml
    assert response.mimetype == "application/xml"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename*=UTF-8''BA-2026-000042_0205_{message.message_uuid}.xml"


def test_message_of_another_case_is_not_served_under_this_case(signed_in, people):
    case = CaseFactory()
    foreign = XbauMessageFactory(message_type="0205")
    db.session.commit()
    client = signed_in("sachbearbeitung")
    assert client.get(f"/vorgaenge/{case.id}/nachrichten/{foreign.id}.xml").status_code == 404
    assert client.get(f"/vorgaenge/{case.id}/nachrichten/999999.xml").status_code == 404


def test_case_page_links_to_the_log_for_officers_only(signed_in, people):
    case = CaseFactory(applicant=people["architektin"])
    db.session.commit()
    link = f'href="/vorgaenge/{case.id}/nachrichten"'
    assert link in signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert link not in signed_in("architektin").get(f"/vorgaenge/{case.id}").get_data(as_text=True)


@needs_xbau
def test_an_imported_application_and_the_replies_it_caused_are_in_the_log(signed_in, actors):
    imported = xbau_import.import_message(MINIMAL_0200.read_bytes(), actors["architektin"])
    rows = _rows(
        signed_in("sachbearbeitung")
        .get(f"/vorgaenge/{imported['case_id']}/nachrichten")
        .get_data(as_text=True)
    )
    assert "eingegangen 0200 Bauantrag" in rows[-1]
    sent = {row.split(" gesendet ")[1].split(" von ")[0] for row in rows[:-1]}
    assert {"1120 Eingangsbestätigung", "1121 Mitteilung des Aktenzeichens", "1170 Statusmitteilung"} <= sent
    assert all(" gültig " in row for row in rows)
