"""Case officers open a case from the page "Neuer Vorgang"; architects submit applications instead."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from permits.extensions import db
from permits.models import Case
from tests.web.conftest import post_form


@pytest.fixture(autouse=True)
def demo_mode(app):
    """The demo procedure is offered in demo mode only (see the last test)."""
    app.config["DEMO"] = True


def _open(client, title: str, process_id: str = "demo_procedure"):
    return post_form(client, "/vorgaenge/neu", {"process_id": process_id, "title": title})


def test_officer_opens_a_case_with_a_trimmed_title(signed_in):
    client = signed_in("sachbearbeitung")
    response = _open(client, "  Carport am Kirchweg  ")
    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert case.title == "Carport am Kirchweg" and case.applicant_id is None
    assert response.location == f"/vorgaenge/{case.id}"


def test_architect_cannot_open_a_case_from_the_officer_page(signed_in):
    client = signed_in("architektin")
    assert "Neuer Vorgang" not in client.get("/aufgaben").get_data(as_text=True)
    assert client.get("/vorgaenge/neu").status_code == 403
    response = _open(client, "Carport")
    assert response.status_code == 403
    assert "Bauantrag" in response.get_data(as_text=True)
    assert db.session.scalars(select(Case)).all() == []


def test_agency_cannot_open_a_case(signed_in):
    client = signed_in("feuerwehr")
    assert _open(client, "Carport").status_code == 403
    assert db.session.scalars(select(Case)).all() == []


def test_case_without_title_is_refused_next_to_the_field(signed_in):
    client = signed_in("sachbearbeitung")
    response = _open(client, "   ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error">(.*?)</div>', page, re.S)
    assert field and 'name="title"' in field.group(1)
    assert "Bitte geben Sie eine Bezeichnung des Vorhabens an (höchstens 300 Zeichen)." in field.group(1)
    assert db.session.scalars(select(Case)).all() == []


def test_case_title_longer_than_300_characters_is_refused(signed_in):
    client = signed_in("sachbearbeitung")
    response = _open(client, "x" * 301)
    assert response.status_code == 422 and "höchstens 300 Zeichen" in response.get_data(as_text=True)
    assert db.session.scalars(select(Case)).all() == []


def test_unknown_procedure_is_refused_next_to_the_field(signed_in):
    client = signed_in("sachbearbeitung")
    response = _open(client, "Carport", process_id="no_such_procedure")
    assert response.status_code == 422 and "Bitte wählen Sie ein Verfahren." in response.get_data(
        as_text=True
    )
    assert db.session.scalars(select(Case)).all() == []


def test_demo_procedure_is_not_offered_outside_demo_mode(app, signed_in):
    app.config["DEMO"] = False
    client = signed_in("sachbearbeitung")
    page = client.get("/vorgaenge/neu").get_data(as_text=True)
    assert "Demo-Verfahren" not in page and "vereinfachte" in page.lower()
    assert _open(client, "Carport").status_code == 422
    assert db.session.scalars(select(Case)).all() == []
