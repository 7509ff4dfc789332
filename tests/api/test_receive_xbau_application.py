"""Portals submit XBau 0200 applications; hostile XML is refused with nothing stored."""

from __future__ import annotations

from sqlalchemy import func, select

from permits.extensions import db
from permits.models import Application, AuditEntry, Case
from tests.conftest import XBAU_SAMPLE, needs_xbau

XML = {"Content-Type": "application/xml"}


def _counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m)) for m in (Case, Application, AuditEntry)
    )


@needs_xbau
def test_sample_0200_opens_a_case_with_plot_applicant_and_architect(api):
    response = api("architektin").post("/api/v1/xbau/messages", data=XBAU_SAMPLE.read_bytes(), headers=XML)
    assert response.status_code == 201, response.json
    case = db.session.get(Case, response.json["case_id"])
    assert case.details["plot"]["gemarkung"] == "3290" and case.details["plot"]["zaehler"] == "85"
    assert case.details["applicant"]["name"] and case.details["designer"]["name"]
    assert case.details["footprint"]["type"] == "Polygon"
    assert case.status == "14"
    again = api("architektin").post("/api/v1/xbau/messages", data=XBAU_SAMPLE.read_bytes(), headers=XML)
    assert again.json["case_id"] == case.id
    status = api("architektin").get(f"/api/v1/cases/{case.id}/xbau/status")
    assert status.status_code == 200 and b"statusFuerAntragsportal.1170" in status.data


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"""


@needs_xbau
def test_xml_bomb_and_external_entity_are_refused_with_400(api, people):
    before = _counts()
    for payload in (BOMB, EXTERNAL, b"<not-closed>"):
        response = api("architektin").post("/api/v1/xbau/messages", data=payload, headers=XML)
        assert response.status_code == 400, response.json
        assert response.mimetype == "application/problem+json"
        assert "root:" not in response.get_data(as_text=True)
    assert _counts() == before


@needs_xbau
def test_schema_invalid_and_wrong_type_are_422(api, people):
    invalid = XBAU_SAMPLE.read_bytes().replace(
        b"<xbau:verfahrensart ", b"<xbau:bogus/><xbau:verfahrensart ", 1
    )
    response = api("architektin").post("/api/v1/xbau/messages", data=invalid, headers=XML)
    assert response.status_code == 422
    assert response.json["type"] == "urn:permits:problem:xbau_schema_violation"
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0
    wrong = api("architektin").post("/api/v1/xbau/messages", data=b"<a/>", headers=XML)
    assert wrong.status_code == 422
    not_xml = api("architektin").post("/api/v1/xbau/messages", json={"a": 1})
    assert not_xml.status_code == 400
