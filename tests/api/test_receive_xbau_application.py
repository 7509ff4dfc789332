"""Portals submit XBau 0200 applications: every fact reaches the case, refused input stores nothing."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from permits.extensions import db
from permits.models import Application, ApplicationDocument, AuditEntry, Case, MessageDirection, XbauMessage
from permits.services.layers import import_layer
from tests.conftest import XBAU_SAMPLE, needs_xbau

XML = {"Content-Type": "application/xml"}
FIXTURES = Path(__file__).resolve().parents[1] / "xbau" / "fixtures"
RICH = FIXTURES / "baugenehmigung.antrag.0200_rich.xml"
MINIMAL = FIXTURES / "baugenehmigung.antrag.0200_minimal.xml"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = needs_xbau


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Case, Application, ApplicationDocument, XbauMessage, AuditEntry)
    )


def _inbound() -> list[XbauMessage]:
    return list(
        db.session.scalars(select(XbauMessage).where(XbauMessage.direction == MessageDirection.INBOUND))
    )


def _sample_for_us() -> bytes:
    """The shared sample is a test message to another authority: address it to us, as real traffic."""
    return (
        XBAU_SAMPLE.read_bytes()
        .replace(b"<kennung>bab:05112000</kennung>", b"<kennung>bab:03241001</kennung>")
        .replace(b' test="true"', b"")
    )


def _post(api, data: bytes, who: str = "architektin"):
    return api(who).post("/api/v1/xbau/messages", data=data, headers=XML)


def _case(api, response) -> dict:
    assert response.status_code == 201, response.json
    case = api("sachbearbeitung").get(f"/api/v1/cases/{response.json['case_id']}")
    assert case.status_code == 200, case.json
    return case.json


def test_sample_0200_opens_a_case_with_plot_applicant_and_architect(api):
    response = _post(api, _sample_for_us())
    case = _case(api, response)
    details = case["details"]
    assert details["plot"]["gemarkung"] == "3290" and details["plot"]["zaehler"] == "85"
    assert details["applicant"]["name"] == "Erika Muster"
    assert details["designer"]["name"] == "Max Planer, Architekt"
    assert details["footprint"]["type"] == "Polygon"
    assert case["status"] == "14"
    # No plot outline and no height in the sample: the check cannot run, and the officer is told why.
    assert case["geometry"] is None
    assert "Grundstücksfläche als Geometrie (für die Geometrieprüfung)" in case["missing"]
    assert "Höhe der baulichen Anlage (für die Abstandsflächen)" in case["missing"]
    again = _post(api, _sample_for_us())
    assert again.status_code == 201 and again.json["case_id"] == case["id"]
    assert len(_inbound()) == 1
    status = api("architektin").get(f"/api/v1/cases/{case['id']}/xbau/status")
    assert status.status_code == 200 and b"statusFuerAntragsportal.1170" in status.data


def test_minimal_valid_0200_is_accepted_and_asks_for_what_it_lacks(api):
    case = _case(api, _post(api, MINIMAL.read_bytes()))
    details = case["details"]
    assert "designer" not in details and "footprint" not in details
    assert details["plot"] == {
        "gemarkung": "4711",
        "zaehler": "42",
        "parcels": [{"land": "03", "gemarkung": "4711", "gemarkung_number": "4711", "zaehler": "42"}],
    }
    assert details["project"]["procedure"] == "simplified" and details["project"]["procedure_assumed"] is True
    assert "procedure_code" not in details["project"]
    assert details["applicant"] == {"name": "Karla Kurz"}
    assert case["process_id"] == "simplified_procedure"
    assert case["missing"] == details["missing"]
    assert case["missing"] == [
        "Verfahrensart (nicht angegeben; vorläufig: vereinfachtes Baugenehmigungsverfahren (§ 63 NBauO))",
        "Anschrift der Antragstellerin/des Antragstellers",
        "Entwurfsverfasserin/Entwurfsverfasser",
        "Anschrift des Baugrundstücks",
        "Flur von Flurstück 42 (Gemarkung 4711)",
        "Gebäudeklasse",
        "Herstellungskosten (für die Gebühr)",
        "Lage des Bauvorhabens (Gebäudegrundriss als Geometrie)",
        "Grundstücksfläche als Geometrie (für die Geometrieprüfung)",
        "Höhe der baulichen Anlage (für die Abstandsflächen)",
        "Zahl der Vollgeschosse",
        "Bauvorlage „Lageplan“ (Lageplan mit Auszug aus der Liegenschaftskarte): Datei nicht übermittelt",
    ]
    assert case["geometry"] is None


def test_rich_0200_keeps_every_fact_on_the_case(api):
    case = _case(api, _post(api, RICH.read_bytes()))
    details = case["details"]
    project, plot, parties = details["project"], details["plot"], details["parties"]
    assert case["process_id"] == "full_procedure"
    assert project["procedure"] == "full" and "procedure_assumed" not in project
    assert project["procedure_code"] == {
        "code": "64",
        "list_uri": "urn:permits:codeliste:verfahrensart",
        "list_version": "1.0",
    }
    assert project["measure_types"] == ["11", "30"] and project["measure_type"] == "11"
    assert (project["building_class"], project["height_mbo_m"], project["building_height_m"]) == (3, 6.9, 9.8)
    assert (project["full_storeys"], project["planned_grz"], project["planned_gfz"]) == (3, 0.16, 0.48)
    assert (project["footprint_area_m2"], project["floor_area_m2"]) == (120, 360)
    assert project["construction_value_cents"] == 185_000_000
    assert project["structural_check_required"] is True
    assert project["structural_checks"] == [{"required": True, "kind": "1"}]
    assert project["monument_affected"] is True
    assert project["monuments"] == [
        {
            "kind": "3",
            "reasons": "Das Nachbargebäude Lindenstraße 3 ist als Einzeldenkmal in das "
            "Denkmalverzeichnis eingetragen.",
        }
    ]
    assert project["prior_consultation"] == "BB-2025/0815"
    assert [
        (p["gemarkung"], p["flur"], p["zaehler"], p.get("nenner"), p["land"]) for p in plot["parcels"]
    ] == [
        ("Linden", "4", "112", "3", "03"),
        ("Linden", "4", "113", None, "03"),
    ]
    assert (plot["municipality_key"], plot["development_plan"], plot["area_m2"]) == ("03241001", "1234", 750)
    assert (plot["street"], plot["postal_code"], plot["city"]) == ("Lindenstraße 5", "30449", "Hannover")
    (applicant,) = parties["applicants"]
    assert applicant["kind"] == "organisation" and applicant["name"] == "Wohnbau Leinetal GmbH"
    assert applicant["representatives"] == ["Anna Berger"]
    assert parties["owners"][0]["representatives"] == ["Anna Berger"]
    assert parties["authorised_representative"]["name"] == "Jonas Vollmer"
    assert parties["authorised_representative"]["email"] == "vollmer@kanzlei.example"
    assert parties["designer"]["name"] == "Clara Entwurf"
    assert details["designer"]["chamber_number"] == "AKNDS-12345"
    (other,) = parties["others"]
    assert (other["name"], other["role"], other["role_label"], other["discipline"]) == (
        "Tom Statik",
        "06",
        "Fachplaner/in",
        "1",
    )
    assert parties["fee_debtor"]["name"] == "Leinetal Immobilienverwaltung GmbH"
    assert [(d["type"], d["type_label"], d["rule"]) for d in details["deviations"]] == [
        ("3", "Abweichung (§ 67 Abs. 1 MBO)", "§ 5 Abs. 2 NBauO"),
        ("1", "Befreiung", "Bebauungsplan Nr. 1234, textliche Festsetzung Nr. 3 (Dachneigung)"),
    ]
    assert details["deviations"][0]["reasons"] == "Der Nachbar hat zugestimmt; Belichtung bleibt gewahrt."
    assert details["xbau"]["portal_reference"] == "c0ffee00-1234-4abc-8def-0123456789ab"
    assert details["xbau"]["author"] == {"id": "bap:03000000", "name": "Bauportal Niedersachsen"}
    assert "test" not in details


def test_rich_0200_attachments_become_application_documents(api):
    case = _case(api, _post(api, RICH.read_bytes()))
    documents = case["application_documents"]
    assert len(documents) == 10
    assert [d["document_type"] for d in documents] == [
        "1800", "1500", "2001", "2002", "2003", "0401", "0603", "0800", "2801", "2701",
    ]  # fmt: skip
    link = documents[8]
    assert link["link_url"] == "https://bauportal.niedersachsen.example/dokumente/statik-v2.pdf"
    assert (link["received"], link["size"], link["version"], link["title"]) == (
        False,
        None,
        2,
        "Standsicherheitsnachweis (Prüfstatik)",
    )
    deferred = documents[9]
    assert deferred["deferred"] is True and deferred["xbau_document_id"] == "_brandschutz"
    assert "Bauvorlage „Brandschutznachweis“: wird nachgereicht" in case["missing"]
    assert not any("Prüfstatik" in m for m in case["missing"])  # a link is not outstanding
    application = api("architektin").get(f"/api/v1/applications/{details_reference(case)}").json
    assert [d["filename"] for d in application["documents"]][:2] == ["lageplan.pdf", "baubeschreibung.pdf"]
    assert application["documents"][0]["dated"] == "2026-04-01"
    assert application["documents"][8]["link_url"].startswith("https://")
    assert application["details"]["plot"]["parcels"][1]["zaehler"] == "113"
    no_file = api("architektin").get(f"/api/v1/applications/{details_reference(case)}/documents/{link['id']}")
    assert no_file.status_code == 404 and "nicht als Datei" in no_file.json["detail"]


def details_reference(case: dict) -> str:
    return case["details"]["xbau"]["portal_reference"]


def test_rich_0200_gets_the_geometry_check_and_agency_routing(api):
    # A listed monument next door and the plot inside its protected surroundings.
    import_layer(
        "Denkmale",
        "monument",
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "Lindenstraße 3"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [
                            [
                                [552395, 5800300],
                                [552402, 5800300],
                                [552402, 5800310],
                                [552395, 5800310],
                                [552395, 5800300],
                            ]
                        ],
                    },
                }
            ],
        },
    )
    case = _case(api, _post(api, RICH.read_bytes()))
    geometry = case["geometry"]
    assert geometry is not None and geometry["passed"] is True
    assert "monument_authority" in [a["agency_type"] for a in geometry["agencies"]]
    application = db.session.scalars(select(Application)).one()
    footprint = application.geometry["footprints"]["features"][0]
    assert footprint["properties"] == {"height": 9.8, "floors": 3, "building_class": 3}
    # The footprint was drawn clockwise; it is the same building, wound counterclockwise.
    assert footprint["geometry"]["coordinates"][0][1] == [552422.0, 5800308.0]
    assert application.geometry["plot"]["features"][0]["geometry"]["coordinates"][0][1] == [
        552430.0,
        5800300.0,
    ]


def test_the_received_0200_is_kept_byte_for_byte_with_its_hash(api):
    data = RICH.read_bytes()
    case = _case(api, _post(api, data))
    (message,) = _inbound()
    assert (message.direction.value, message.message_type, message.case_id) == ("inbound", "0200", case["id"])
    assert message.xml == data and message.sha256 == hashlib.sha256(data).hexdigest()
    assert message.message_uuid == "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    assert (message.author, message.reader) == ("bap:03000000", "bab:03241001")
    assert message.portal_reference == "c0ffee00-1234-4abc-8def-0123456789ab"
    assert (message.is_test, message.valid, message.validation_errors) == (False, True, [])
    again = _post(api, data)
    assert again.json["case_id"] == case["id"]
    assert len(_inbound()) == 1
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1


def test_files_sent_with_the_message_are_stored_as_documents(api):
    response = api("architektin").post(
        "/api/v1/xbau/messages",
        data={
            "message": (io.BytesIO(RICH.read_bytes()), "antrag.xml"),
            "lageplan": (io.BytesIO(PDF), "lageplan.pdf"),
            "grundrisse": (io.BytesIO(PDF), "_grundrisse"),
        },
    )
    case = _case(api, response)
    documents = case["application_documents"]
    assert [d["received"] for d in documents[:3]] == [True, False, True]
    assert documents[0]["sha256"] == hashlib.sha256(PDF).hexdigest() and documents[0]["size"] == len(PDF)
    assert not any("„Lageplan“" in m for m in case["missing"])
    assert "Bauvorlage „Baubeschreibung“: Datei nicht übermittelt" in case["missing"]
    download = api("architektin").get(
        f"/api/v1/applications/{details_reference(case)}/documents/{documents[0]['id']}"
    )
    assert download.status_code == 200 and download.data == PDF


def test_unsafe_or_stray_files_refuse_the_whole_message(api, people):
    before = _counts()
    for name, content in (("lageplan.pdf", b"GIF89a not a pdf"), ("fremd.pdf", PDF)):
        response = api("architektin").post(
            "/api/v1/xbau/messages",
            data={"message": (io.BytesIO(RICH.read_bytes()), "antrag.xml"), "f": (io.BytesIO(content), name)},
        )
        assert response.status_code == 422, response.json
        assert name in response.json["errors"]
    assert _counts() == before


def test_unknown_procedure_code_opens_with_the_default_and_keeps_the_code(api):
    data = RICH.read_bytes().replace(
        b"<code>64</code></bau:verfahrensart>", b"<code>62</code></bau:verfahrensart>"
    )
    case = _case(api, _post(api, data))
    project = case["details"]["project"]
    assert case["process_id"] == "simplified_procedure"
    assert project["procedure"] == "simplified" and project["procedure_assumed"] is True
    assert project["procedure_code"]["code"] == "62"
    assert case["missing"][0] == (
        "Verfahrensart „62“, Liste urn:permits:codeliste:verfahrensart ist unbekannt "
        "(vorläufig: vereinfachtes Baugenehmigungsverfahren (§ 63 NBauO))"
    )


def test_test_messages_are_refused_unless_accepted(api, people):
    before = _counts()
    test_message = RICH.read_bytes().replace(b'version="2.6">', b'version="2.6" test="true">', 1)
    response = _post(api, test_message)
    assert response.status_code == 422
    assert response.json["type"] == "urn:permits:problem:xbau_test_message"
    assert "Testnachricht" in response.json["detail"]
    assert _counts() == before


@pytest.fixture
def accepting_tests(app):
    app.config["XBAU_ACCEPT_TEST_MESSAGES"] = True
    yield
    app.config["XBAU_ACCEPT_TEST_MESSAGES"] = False


def test_accepted_test_messages_open_a_flagged_case(api, accepting_tests):
    test_message = RICH.read_bytes().replace(b'version="2.6">', b'version="2.6" test="true">', 1)
    case = _case(api, _post(api, test_message))
    assert case["details"]["test"] is True
    assert _inbound()[0].is_test is True


def test_a_message_for_another_authority_is_refused(api, people):
    before = _counts()
    response = _post(api, XBAU_SAMPLE.read_bytes())  # leser bab:05112000 (and a test message)
    assert response.status_code == 422
    assert response.json["type"] == "urn:permits:problem:xbau_wrong_reader"
    assert "bab:05112000" in response.json["detail"]
    assert _counts() == before


def test_links_must_be_web_addresses(api, people):
    data = RICH.read_bytes().replace(
        b"https://bauportal.niedersachsen.example/dokumente/statik-v2.pdf", b"javascript:alert(1)"
    )
    response = _post(api, data)
    assert response.status_code == 422
    assert response.json["errors"] == {
        "Standsicherheitsnachweis (Prüfstatik)": ["Die Verlinkung muss eine http(s)-Adresse sein."]
    }


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"""


def test_xml_bomb_and_external_entity_are_refused_with_400(api, people):
    before = _counts()
    for payload in (BOMB, EXTERNAL, b"<not-closed>"):
        response = _post(api, payload)
        assert response.status_code == 400, response.json
        assert response.mimetype == "application/problem+json"
        assert "root:" not in response.get_data(as_text=True)
    assert _counts() == before


def test_schema_invalid_and_wrong_type_are_422(api, people):
    invalid = MINIMAL.read_bytes().replace(b"<zaehler>42</zaehler>", b"")
    response = _post(api, invalid)
    assert response.status_code == 422
    assert response.json["type"] == "urn:permits:problem:xbau_schema_violation"
    (error,) = response.json["schema_errors"]
    assert error["path"] == (
        "/xbau:baugenehmigung.antrag.0200/xbau:bauvorhaben/xbau:verortung/xbau:baugrundstueck"
        "/xbau:grundstueck/xbau:flurstueck/kodierungFlurstueck"
    )
    assert error["line"] > 60
    assert response.json["errors"]["xml"][0].startswith(f"Zeile {error['line']}, Element /xbau:")
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0
    wrong = _post(api, b"<a/>")
    assert wrong.status_code == 422
    not_xml = api("architektin").post("/api/v1/xbau/messages", json={"a": 1})
    assert not_xml.status_code == 400
