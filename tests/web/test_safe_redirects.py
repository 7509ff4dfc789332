"""After sign-in, claim and release the app follows `next` only to paths on its own site."""

from __future__ import annotations

import re

import pytest

from permits.services.cases import start_case
from permits.web.redirects import is_safe_path, safe_next
from tests.web.conftest import post_form, sign_in

LEAVING_THE_SITE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d%0a/evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "/%252F/evil.example",
    "/ /evil.example",
    "/\u2028/evil.example",
    "/\x7f/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "aufgaben",
    "",
]


@pytest.mark.parametrize("target", LEAVING_THE_SITE)
def test_targets_that_could_leave_the_site_are_refused(target):
    assert not is_safe_path(target)
    assert safe_next(target, "/aufgaben") == "/aufgaben"


@pytest.mark.parametrize("target", ["/aufgaben", "/aufgaben?ansicht=meine", "/vorgaenge/12", "/"])
def test_paths_on_the_site_are_followed(target):
    assert safe_next(target, "/fallback") == target


def test_missing_target_falls_back():
    assert safe_next(None, "/aufgaben") == "/aufgaben"


def test_sign_in_with_a_tab_in_next_stays_on_the_site(client, people):
    # The reported attack: `next=/%09/evil.example` answered `Location: //evil.example`.
    response = sign_in(client, "sachbearbeitung", query_string="next=/%09/evil.example")
    assert response.status_code == 302
    assert response.location == "/"


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example/x"])
def test_sign_in_refuses_other_sites_as_next(client, people, target):
    response = sign_in(client, "sachbearbeitung", query_string={"next": target})
    assert response.status_code == 302 and response.location == "/"


def test_sign_in_follows_a_path_on_the_site(client, people):
    response = sign_in(client, "sachbearbeitung", query_string={"next": "/aufgaben?ansicht=meine"})
    assert response.location == "/aufgaben?ansicht=meine"


def test_claim_and_release_ignore_a_foreign_next(client, actors):
    start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    sign_in(client, "sachbearbeitung")
    task_id = re.search(r'data-task-id="([^"]+)"', client.get("/aufgaben").get_data(as_text=True)).group(1)

    claimed = post_form(client, f"/aufgaben/{task_id}/uebernehmen", {"next": "/%09/evil.example"})
    assert claimed.status_code == 302 and claimed.location == "/aufgaben"
    released = post_form(client, f"/aufgaben/{task_id}/freigeben", {"next": "https://evil.example/"})
    assert released.status_code == 302 and released.location == "/aufgaben"
    back = post_form(client, f"/aufgaben/{task_id}/uebernehmen", {"next": f"/aufgaben/{task_id}"})
    assert back.location == f"/aufgaben/{task_id}"
