"""Architects' portal pages: the list of their applications and the wizard's guards."""

from __future__ import annotations

from permits.services import applications
from permits.services.my_applications import PER_PAGE
from tests.web.conftest import post_form


def _draft(actor, title="Neubau"):
    return applications.create_application({"title": title, "procedure": "simplified"}, actor)


def test_architect_lands_on_the_list_and_officer_on_the_inbox(signed_in):
    assert signed_in("architektin").get("/").location == "/antraege"
    assert signed_in("sachbearbeitung").get("/").location == "/aufgaben"


def test_list_shows_drafts_with_what_is_expected_and_pages(signed_in, actors):
    for i in range(PER_PAGE + 1):
        _draft(actors["architektin"], f"Vorhaben {i:02d}")
    client = signed_in("architektin")
    first = client.get("/antraege").get_data(as_text=True)
    assert "Vorhaben 20" in first and "Vorhaben 00" not in first
    assert "Entwurf" in first and "Antrag vervollständigen" in first and "Seite 1 von 2" in first
    assert "Vorhaben 00" in client.get("/antraege?seite=2").get_data(as_text=True)
    assert "Seite 2 von 2" in client.get("/antraege?seite=99").get_data(as_text=True)


def test_wizard_opens_the_first_incomplete_step(signed_in, actors):
    draft = _draft(actors["architektin"])
    client = signed_in("architektin")
    assert client.get(f"/antraege/{draft.public_id}/bearbeiten").location.endswith("/bearbeiten/bauherr")


def test_someone_elses_draft_is_refused(signed_in, actors):
    draft = _draft(actors["architektin"])
    client = signed_in("sachbearbeitung")
    assert client.get(f"/antraege/{draft.public_id}/bearbeiten/bauherr").status_code == 403


def test_an_error_is_shown_at_the_field_and_in_the_summary(signed_in, actors):
    draft = _draft(actors["architektin"])
    client = signed_in("architektin")
    response = post_form(client, f"/antraege/{draft.public_id}/bearbeiten/bauherr", {"postal_code": "305"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'class="error-summary"' in page
    assert 'href="#postal_code"' in page and 'aria-describedby="postal_code-fehler"' in page
    assert 'aria-invalid="true"' in page and 'value="305"' in page


def test_adding_a_parcel_keeps_what_was_typed(signed_in, actors):
    draft = _draft(actors["architektin"])
    client = signed_in("architektin")
    url = f"/antraege/{draft.public_id}/bearbeiten/grundstueck"
    form = {"flurstuecke-0-gemarkung": "Döhren", "flurstuecke-0-zaehler": "85", "aktion": "hinzufuegen"}
    response = post_form(client, url, form)
    assert response.status_code == 302 and "neu=1" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert 'value="Döhren"' in page and 'id="flurstuecke-1-gemarkung"' in page
    post_form(client, url, {**form, "aktion": "entfernen-0"})
    plot = applications.get_application(draft.public_id, actors["architektin"]).details.get("plot") or {}
    assert "parcels" not in plot and "zaehler" not in plot


def test_unknown_step_and_the_map_step_when_not_built_are_not_found(signed_in, actors):
    draft = _draft(actors["architektin"])
    client = signed_in("architektin")
    assert client.get(f"/antraege/{draft.public_id}/bearbeiten/irgendwas").status_code == 404


def test_submitting_an_incomplete_draft_says_why_and_submits_nothing(signed_in, actors):
    draft = _draft(actors["architektin"])
    client = signed_in("architektin")
    response = post_form(client, f"/antraege/{draft.public_id}/einreichen")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "noch nicht vollständig" in page
    assert "Bauherrschaft: Der Vorname fehlt." in page
    assert applications.get_application(draft.public_id, actors["architektin"]).case is None
