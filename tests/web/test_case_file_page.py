"""The case file as the officer reads it: every fact in words, documents with preview, comments, diagram;
nothing for those who may not see it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from permits.extensions import db
from permits.models import ApplicationDocument, IssuedDocument, ReviewRequest
from tests.case_file_data import case_in_participation
from tests.factories import PDF, CaseFactory, XbauMessageFactory
from tests.web.conftest import post_form

DETAILS_WITH_EVERYTHING = {
    "project": {
        "description": "Mehrfamilienhaus",
        "measure_type": "11",
        "building_height_m": 1.6,
        "floor_area_m2": 1234.5,
        "planned_grz": 0.35,
        "procedure": "full",
    },
    "plot": {
        "gemarkung": "Döhren",
        "parcels": [
            {"gemarkung": "Döhren", "flur": "3", "zaehler": "85", "nenner": "2"},
            {"gemarkung": "Döhren", "flur": "3", "zaehler": "86"},
        ],
        "area_m2": 684.25,
    },
    "parties": {"owners": [{"name": "Erika Eigentümer", "city": "Hannover"}]},
    "deviations": [{"id": "d1", "type": "3", "rule": "§ 5 NBauO", "description": "Abstand zur Garage"}],
    "completeness": {"complete": False, "findings": ["Ansichten fehlen."], "due_on": "2027-01-04"},
}


def test_officer_sees_every_fact_in_words_without_codes(signed_in, actors):
    case = case_in_participation(actors)
    case.details = {**case.details, **DETAILS_WITH_EVERYTHING}
    db.session.commit()
    page = signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    for words in (
        "Gebäudehöhe</dt><dd>1,6 m",
        "Geschossfläche</dt><dd>1.234,5 m²",
        "Geplante GRZ</dt><dd>0,35",
        "Gemarkung Döhren, Flur 3, Flurstück 85/2",
        "Gemarkung Döhren, Flur 3, Flurstück 86",
        "684,25 m²",
        "Erika Eigentümer",
        "Abweichung (§ 67 Abs. 1 MBO)",
        "noch nicht entschieden",
        "Baugenehmigungsverfahren (§ 64 NBauO)",
        "Errichtung",
        "Unterlagen nachgefordert",
        "bis 04.01.2027",
        "Stellungnahme Feuerwehr Hannover – Vorbeugender Brandschutz",
        "Lageplan mit Auszug",
    ):
        assert words in page, words
    text = re.sub(r"<[^>]+>", " ", page)
    assert "user:" not in text and not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert not re.search(r"\((1[0-9]|0[0-9])\)", text)  # no status codes like "(14)"
    assert not re.search(r"\b(fire|monument|case_started|st_status_\w+|task_completed)\b", text)


def test_task_of_the_agency_is_shown_but_not_linked_for_the_officer(signed_in, actors):
    case = case_in_participation(actors)
    page = signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Stellungnahme abgeben" in page and 'href="/aufgaben/' not in page


def test_documents_download_and_preview_inline_only_in_this_app(signed_in, actors):
    case = case_in_participation(actors)
    document = db.session.scalars(select(ApplicationDocument)).one()
    client = signed_in("sachbearbeitung")
    page = client.get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    link = f"/vorgaenge/{case.id}/unterlagen/{document.id}"
    assert f'href="{link}"' in page and f'src="{link}?ansicht=inline"' in page
    download = client.get(link)
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")
    inline = client.get(f"{link}?ansicht=inline")
    assert inline.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in inline.headers["Content-Security-Policy"]
    assert inline.headers["X-Frame-Options"] == "SAMEORIGIN"
    framed = client.get(f"/vorgaenge/{case.id}")
    assert "frame-ancestors 'none'" in framed.headers["Content-Security-Policy"]
    assert framed.headers["X-Frame-Options"] == "DENY"


def test_letters_to_agencies_carry_the_agency_in_their_title(signed_in, actors):
    case = case_in_participation(actors)
    review = db.session.scalars(select(ReviewRequest)).one()
    for request_id, subject in (("r-1", "document:r-1"), ("r-2", None)):
        db.session.add(
            IssuedDocument(
                case_id=case.id,
                kind="participation_request",
                title="Beteiligung vom 01.12.2026",
                filename=f"{request_id}.pdf",
                media_type="application/pdf",
                content=PDF,
                sha256="0" * 64,
                template_version=1,
                created_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
                created_by="system:worker",
                request_id=request_id,
            )
        )
        if subject:
            XbauMessageFactory(case=case, message_type="0300", subject=subject, review_request_id=review.id)
    db.session.commit()
    page = signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Beteiligung Feuerwehr Hannover – Vorbeugender Brandschutz vom 01.12.2026" in page
    assert "Beteiligung vom 01.12.2026" in page  # a letter whose addressee is not recorded keeps its title


def test_officer_adds_comment_on_the_page(signed_in, actors):
    case = case_in_participation(actors)
    client = signed_in("sachbearbeitung")
    refused = post_form(client, f"/vorgaenge/{case.id}/vermerke", {"text": "  "})
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.get_data(as_text=True)
    saved = post_form(client, f"/vorgaenge/{case.id}/vermerke", {"text": "Rückruf Bauherr: Termin 10.12."})
    assert saved.status_code == 302
    page = client.get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Rückruf Bauherr: Termin 10.12." in page and "Sabine Sachbearbeiterin" in page


def test_applicant_sees_no_comments_and_no_diagram(signed_in, actors):
    case = case_in_participation(actors)
    post_form(signed_in("sachbearbeitung"), f"/vorgaenge/{case.id}/vermerke", {"text": "Nur intern"})
    client = signed_in("architektin")
    page = client.get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Nur intern" not in page and "Interne Vermerke" not in page and "process-diagram" not in page
    assert post_form(client, f"/vorgaenge/{case.id}/vermerke", {"text": "x"}).status_code == 403
    assert client.get(f"/vorgaenge/{case.id}/prozess").status_code == 403


def test_agency_gets_no_case_file_of_a_case_it_was_not_asked_about(signed_in, people):
    case = CaseFactory()
    db.session.commit()
    client = signed_in("denkmal")
    assert client.get(f"/vorgaenge/{case.id}").status_code in (403, 404)
    assert client.get(f"/vorgaenge/{case.id}/prozess").status_code in (403, 404)
    assert post_form(client, f"/vorgaenge/{case.id}/vermerke", {"text": "x"}).status_code in (403, 404)


def test_diagram_endpoint_answers_the_unit_as_json(signed_in, actors):
    case = case_in_participation(actors)
    client = signed_in("sachbearbeitung")
    data = client.get(f"/vorgaenge/{case.id}/prozess").get_json()
    assert data["title"] == "Baugenehmigungsverfahren (§ 64 NBauO)" and "ca_processing" in data["current"]
    assert client.get(f"/vorgaenge/{case.id}/prozess?einheit=unbekannt").status_code == 404
