"""A page on another site cannot make a signed-in officer's browser submit our forms."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from permits.core.actors import Actor
from permits.extensions import db
from permits.models import Case, OpenTask
from permits.services.accounts import create_token
from permits.services.cases import start_case
from tests.web.conftest import csrf_token, post_form, sign_in

FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S)


def _task_id(client) -> str:
    return re.search(r'data-task-id="([^"]+)"', client.get("/aufgaben").get_data(as_text=True)).group(1)


def test_claim_without_token_is_refused_with_a_german_page(client, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    sign_in(client, "sachbearbeitung")
    task_id = _task_id(client)

    response = client.post(f"/aufgaben/{task_id}/uebernehmen")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Formular abgelaufen" in page and "Bitte laden Sie die Seite neu" in page
    assert db.session.scalars(select(OpenTask)).one().assignee_id is None


def test_token_of_another_session_is_refused(client, app, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    attacker = app.test_client()
    sign_in(attacker, "architektin")
    foreign_token = csrf_token(attacker)
    sign_in(client, "sachbearbeitung")

    response = client.post(f"/aufgaben/{_task_id(client)}/uebernehmen", data={"csrf_token": foreign_token})
    assert response.status_code == 400
    assert db.session.scalars(select(OpenTask)).one().assignee_id is None


def test_new_case_without_token_creates_nothing(client, people):
    sign_in(client, "architektin")
    response = client.post("/vorgaenge/neu", data={"process_id": "demo_procedure", "title": "Carport"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_sign_in_and_sign_out_need_the_token(client, people):
    refused = client.post("/anmelden", data={"username": "sachbearbeitung", "password": "demo-passwort"})
    assert refused.status_code == 400
    assert client.get("/aufgaben").status_code == 302  # not signed in

    sign_in(client, "sachbearbeitung")
    assert client.post("/abmelden").status_code == 400
    assert client.get("/aufgaben").status_code == 200  # a foreign page cannot sign the officer out
    assert post_form(client, "/abmelden").status_code == 302
    assert client.get("/aufgaben").status_code == 302


def test_every_form_on_the_pages_carries_the_token(client, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    sign_in(client, "sachbearbeitung")
    task_id = _task_id(client)
    pages = ["/aufgaben", f"/aufgaben/{task_id}", "/vorgaenge/neu"]
    forms = [form for page in pages for form in FORM.findall(client.get(page).get_data(as_text=True))]
    post_form(client, "/abmelden")
    forms += FORM.findall(client.get("/anmelden").get_data(as_text=True))
    assert len(forms) >= 5  # claim, sign-out (on every page), task, new case, sign-in
    assert all('name="csrf_token"' in form for form in forms)


def test_the_api_does_not_act_on_the_session_cookie(client, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    sign_in(client, "sachbearbeitung")
    task_id = _task_id(client)

    # What a cross-site page could send with the officer's cookie: no bearer token, so nothing happens.
    response = client.post(f"/api/v1/tasks/{task_id}/claim")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert db.session.scalars(select(OpenTask)).one().assignee_id is None


def test_the_api_with_a_bearer_token_needs_no_form_token(client, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    token = create_token("test", Actor.system("test"), username="sachbearbeitung")
    task_id = db.session.scalars(select(OpenTask)).one().task_id

    response = client.post(f"/api/v1/tasks/{task_id}/claim", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalars(select(OpenTask)).one().assignee_id == actors["sachbearbeitung"].user_id
