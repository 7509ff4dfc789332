"""The officer's pages: sign in, inbox, claim, complete a task with German validation messages."""

from __future__ import annotations

import re

from sqlalchemy import select

from permits.extensions import db
from permits.models import OpenTask
from permits.services.cases import start_case
from tests.web.conftest import post_form, sign_in


def _login(client, username: str, password: str = "demo-passwort"):
    return sign_in(client, username, password)


def test_start_page_invites_to_sign_in(client):
    page = client.get("/").get_data(as_text=True)
    assert "Digitale Baugenehmigung" in page and "Anmelden" in page


def test_wrong_password_is_refused_in_german(client, people):
    response = _login(client, "sachbearbeitung", "falsch")
    assert response.status_code == 401
    assert "Benutzername oder Passwort ist falsch." in response.get_data(as_text=True)


def test_inbox_requires_sign_in(client):
    response = client.get("/aufgaben")
    assert response.status_code == 302 and "/anmelden" in response.location


def test_officer_claims_and_completes_a_task(client, actors):
    case = start_case("demo_procedure", "Neubau Einfamilienhaus", actors["sachbearbeitung"])
    _login(client, "sachbearbeitung")
    inbox = client.get("/aufgaben").get_data(as_text=True)
    assert "Vollständigkeit prüfen" in inbox and case.file_reference in inbox
    task_id = re.search(r'data-task-id="([^"]+)"', inbox).group(1)

    assert post_form(client, f"/aufgaben/{task_id}/uebernehmen").status_code == 302
    assert "Sabine Sachbearbeiterin" in client.get("/aufgaben?ansicht=meine").get_data(as_text=True)

    response = post_form(client, f"/aufgaben/{task_id}", {"complete": "on", "findings": "x" * 6000})
    assert response.status_code == 422
    assert "Höchstens 5000 Zeichen." in response.get_data(as_text=True)

    response = post_form(client, f"/aufgaben/{task_id}", {"complete": "on"})
    assert response.status_code == 302 and response.location == f"/vorgaenge/{case.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Stellungnahme abgeben" in page and "„Vollständigkeit prüfen“ erledigt" in page
    task = db.session.scalars(select(OpenTask).filter_by(case_id=case.id)).one()
    assert task.candidate_group == "authority:fire"


def test_agency_sees_only_its_own_tasks(client, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    _login(client, "feuerwehr")
    assert "Keine offenen Aufgaben" in client.get("/aufgaben").get_data(as_text=True)


def test_unknown_task_gives_german_404_page(client, people):
    _login(client, "sachbearbeitung")
    response = client.get("/aufgaben/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert "Diese Aufgabe gibt es nicht" in response.get_data(as_text=True)


def test_officer_starts_a_case(app, client, people):
    app.config["DEMO"] = True  # the demo procedure is offered in demo mode only
    _login(client, "sachbearbeitung")
    response = post_form(client, "/vorgaenge/neu", {"process_id": "demo_procedure", "title": "Carport"})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert re.search(r"BA-\d{4}-000001", page) and "Eingang bestätigt" in page


def test_new_case_without_title_is_refused(app, client, people):
    app.config["DEMO"] = True  # the demo procedure is offered in demo mode only
    _login(client, "sachbearbeitung")
    response = post_form(client, "/vorgaenge/neu", {"process_id": "demo_procedure", "title": " "})
    assert response.status_code == 422
    assert "Bezeichnung des Vorhabens" in response.get_data(as_text=True)
