"""The decision desk in a real browser: an officer drafts a decision with the agencies' conditions merged
and one added, sees the draft PDF load, a second officer returns it with a reason, the first sees the
reason and the kept draft, the second signs off. Accessible at 1280 px and 768 px, no CSP violation."""

from __future__ import annotations

from sqlalchemy import select

from permits.extensions import db
from permits.models import OpenTask
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.browser.conftest import assert_accessible
from tests.factories import APPLICATION_DETAILS


def _task_id(case_id: int, element_id: str) -> str:
    query = select(OpenTask.task_id).where(OpenTask.case_id == case_id, OpenTask.element_id == element_id)
    task_id = db.session.scalars(query).first()
    assert task_id is not None
    return task_id


def _statement(case_id: int, group: str, actor, text: str, legal_area: str) -> None:
    query = select(OpenTask.task_id).where(
        OpenTask.case_id == case_id, OpenTask.element_id == "ut_statement", OpenTask.candidate_group == group
    )
    data = {
        "statement_verdict": "consent_with_conditions",
        "legal_area": legal_area,
        "condition_type": "2",
        "condition_text": text,
    }
    complete_task(db.session.scalars(query).one(), data, actor, claim=True)


def _case_ready_for_decision(people, actors):
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        actors["architektin"],
        data={"construction_value": 600000, "building_class": 3, "municipality_is_authority": True},
        applicant_id=people["architektin"].id,
        details=APPLICATION_DETAILS,
    )
    officer = actors["sachbearbeitung"]
    check = {"complete": True, "involve_fire": True, "involve_monument": True}
    complete_task(_task_id(case.id, "ut_completeness_check"), check, officer, claim=True)
    _statement(case.id, "authority:fire", actors["feuerwehr"], "Feuerwehrzufahrt freihalten", "Brandschutz")
    _statement(case.id, "authority:monument", actors["denkmal"], "Bodenfunde melden", "Denkmalschutz")
    complete_task(
        _task_id(case.id, "ut_substantive_review"), {"intended_decision": "approval"}, officer, claim=True
    )
    db.session.commit()
    return case


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/anmelden")
    page.fill("#username", username)
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")


def _accessible_at_both_widths(page) -> None:
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)


def test_decision_drafted_returned_redrafted_and_signed_off(live_server, page, people, actors, tmp_path):
    case = _case_ready_for_decision(people, actors)
    decision_url = f"{live_server}/aufgaben/{_task_id(case.id, 'ut_decision')}"

    _sign_in(page, live_server, "sachbearbeitung")
    with page.expect_response(lambda r: r.url.endswith("/vorschau.pdf")) as first_preview:
        page.goto(decision_url)
    assert first_preview.value.status == 200
    assert first_preview.value.headers["content-type"] == "application/pdf"
    assert page.input_value("#f-provisions-0-text") == "Feuerwehrzufahrt freihalten"
    assert page.input_value("#f-provisions-1-text") == "Bodenfunde melden"
    assert "Frank" not in page.locator("main").inner_text()  # sources are authorities, not people
    _accessible_at_both_widths(page)
    page.screenshot(path=str(tmp_path / "decision-768.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.select_option("#f-decision", "approval")
    page.fill("#f-decision_reasons", "Das Vorhaben ist genehmigungsfähig.")
    page.click("text=Weitere Nebenbestimmung")
    assert page.input_value("#f-decision_reasons") == "Das Vorhaben ist genehmigungsfähig."  # kept
    page.select_option("#f-provisions-2-type", "4")
    page.fill("#f-provisions-2-text", "Die Baulast ist vor Baubeginn einzutragen.")
    with page.expect_response(
        lambda r: r.url.endswith("/vorschau.pdf") and r.request.method == "POST"
    ) as preview:
        page.click("text=Vorschau aktualisieren")
    assert preview.value.status == 200 and preview.value.headers["content-type"] == "application/pdf"
    page.screenshot(path=str(tmp_path / "decision-1280.png"), full_page=True)
    page.click("text=Entwurf zur Freigabe geben")
    assert "erledigt" in page.locator(".flash").inner_text()
    page.click("text=Abmelden")

    _sign_in(page, live_server, "pruefung")
    sign_off_url = f"{live_server}/aufgaben/{_task_id(case.id, 'ut_sign_off')}"
    with page.expect_response(lambda r: r.url.endswith("/vorschau.pdf")) as sign_off_preview:
        page.goto(sign_off_url)
    assert sign_off_preview.value.status == 200
    draft = page.locator(".desk-draft").inner_text()
    assert "Feuerwehrzufahrt freihalten" in draft and "Bodenfunde melden" in draft
    assert "Die Baulast ist vor Baubeginn einzutragen." in draft and "Hinweis" in draft and "Auflage" in draft
    _accessible_at_both_widths(page)
    page.screenshot(path=str(tmp_path / "sign-off-768.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=Zur Überarbeitung zurückgeben")
    assert "Bei einer Rückgabe bitte angeben" in page.locator(".error-text").first.inner_text()
    page.fill("#f-sign_off_comment", "Die Baulast bitte als Auflage fassen.")
    page.click("text=Zur Überarbeitung zurückgeben")
    assert "erledigt" in page.locator(".flash").inner_text()
    page.click("text=Abmelden")

    _sign_in(page, live_server, "sachbearbeitung")
    page.goto(f"{live_server}/aufgaben/{_task_id(case.id, 'ut_decision')}")
    assert "Die Baulast bitte als Auflage fassen." in page.locator(".desk-return").inner_text()
    assert "Paul Prüfer" in page.locator(".desk-return").inner_text()
    assert page.input_value("#f-decision_reasons") == "Das Vorhaben ist genehmigungsfähig."
    assert page.input_value("#f-provisions-2-text") == "Die Baulast ist vor Baubeginn einzutragen."
    _accessible_at_both_widths(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#f-provisions-2-type", "2")
    page.click("text=Entwurf zur Freigabe geben")
    page.click("text=Abmelden")

    _sign_in(page, live_server, "pruefung")
    page.goto(f"{live_server}/aufgaben/{_task_id(case.id, 'ut_sign_off')}")
    page.get_by_role("button", name="Bescheid freigeben").click()
    assert "erledigt" in page.locator(".flash").inner_text()
    db.session.expire_all()
    conditions = [c["text"] for c in case.details["decision"]["conditions"]]
    assert conditions == [
        "Feuerwehrzufahrt freihalten",
        "Bodenfunde melden",
        "Die Baulast ist vor Baubeginn einzutragen.",
    ]


def test_decision_page_and_preview_obey_the_content_security_policy(live_server, page, people, actors):
    case = _case_ready_for_decision(people, actors)
    context = page.context.browser.new_context(locale="de-DE")  # enforces the policy
    strict = context.new_page()
    messages: list[str] = []
    strict.on("console", lambda message: messages.append(message.text))
    _sign_in(strict, live_server, "sachbearbeitung")
    with strict.expect_response(lambda r: r.url.endswith("/vorschau.pdf")) as preview:
        strict.goto(f"{live_server}/aufgaben/{_task_id(case.id, 'ut_decision')}")
    assert preview.value.status == 200
    strict.wait_for_load_state("load")
    context.close()
    assert not [text for text in messages if "Content Security Policy" in text or "frame" in text.lower()]
