"""The decision desk through the procedure: agency conditions merged once, an approval against an
objection needs its reason, a four-eyes return keeps the draft and names its reason, and the issued
decision (PDF arguments and XBau 0205 record) carries the merged, typed conditions."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Job
from permits.services import decision_desk
from permits.tasks import decision_draft


def _participation_with_conditions(driver):
    case = driver.start(
        "full_procedure", construction_value=500000, building_class=3, municipality_is_authority=True
    )
    driver.complete_check(case, involve_fire=True, involve_water=True, involve_nature=True)
    driver.statement(
        case,
        "fire",
        statement_verdict="consent_with_conditions",
        legal_area="Brandschutz",
        condition_type="2",
        condition_text="Feuerwehrzufahrt freihalten",
    )
    driver.statement(
        case,
        "nature",
        statement_verdict="consent_with_conditions",
        condition_type="2",
        condition_text="Feuerwehrzufahrt  freihalten",  # the same condition again: merged once
    )
    driver.statement(case, "water", statement_verdict="objection", statement_text="Überschwemmungsgebiet")
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    return case


def test_decision_with_merged_conditions_returned_with_reason_redrafted_and_issued(driver):
    case = _participation_with_conditions(driver)
    proposed = decision_draft.merged_conditions(case.id)
    assert [(p["type"], p["text"]) for p in proposed] == [("2", "Feuerwehrzufahrt freihalten")]
    assert "," in proposed[0]["source"]  # both agencies named as its source
    draft = {
        "decision": "approval",
        "decision_reasons": "Genehmigungsfähig.",
        "provisions": [*proposed, {"type": "4", "text": "Die Baulast ist einzutragen."}],
    }
    with pytest.raises(InvalidInput) as refused:
        driver.complete(case, "ut_decision", "officer", **draft)
    db.session.rollback()
    assert refused.value.field_errors == {"overrides-0-reason": [decision_draft.OVERRIDE_MISSING]}
    overrides = [{"item": "objection:water", "reason": "Hochwasserschutz durch Auflage gesichert."}]
    driver.complete(case, "ut_decision", "officer", **draft, overrides=overrides)

    sign_off = driver.task(case, "ut_sign_off")
    shown = decision_desk.desk_view(sign_off).draft
    assert shown is not None and [p["text"] for p in shown["provisions"]] == [
        "Feuerwehrzufahrt freihalten",
        "Die Baulast ist einzutragen.",
    ]
    assert shown["overrides"][0]["reason"] == "Hochwasserschutz durch Auflage gesichert."
    with pytest.raises(InvalidInput):
        driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=False)
    db.session.rollback()
    driver.complete(
        case,
        "ut_sign_off",
        "officer2",
        sign_off_approved=False,
        sign_off_comment="Hinweis zur Baulast als Auflage fassen.",
    )

    redraft = driver.task(case, "ut_decision")
    note = decision_desk.desk_view(redraft).return_note
    assert note is not None and note.reason == "Hinweis zur Baulast als Auflage fassen."
    values = decision_desk.opening_values(redraft)
    assert (
        values["provisions-1-text"] == "Die Baulast ist einzutragen." and values["provisions-1-type"] == "4"
    )
    assert values["overrides-0-reason"] == "Hochwasserschutz durch Auflage gesichert."
    draft["provisions"][1]["type"] = "2"
    driver.complete(case, "ut_decision", "officer", **draft, overrides=overrides)
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)

    assert driver.status(case) == "10"
    recorded = case.details["decision"]["conditions"]
    assert [(c["type"], c["text"]) for c in recorded] == [
        ("2", "Feuerwehrzufahrt freihalten"),
        ("2", "Die Baulast ist einzutragen."),
    ]
    [job] = [j for j in db.session.query(Job) if j.payload.get("kind") == "approval"]
    printed = [(c["type"], c["text"]) for c in job.payload["arguments"]["conditions"]]
    assert printed == [("2", "Feuerwehrzufahrt freihalten"), ("2", "Die Baulast ist einzutragen.")]


def test_preview_prints_the_draft_without_issuing_it(driver):
    case = _participation_with_conditions(driver)
    task = driver.task(case, "ut_decision")
    post = {
        "decision": "approval",
        "decision_reasons": "Genehmigungsfähig.",
        "provisions-0-type": "1",
        "provisions-0-text": "Baubeginn erst nach Prüfung der Statik",
    }
    jobs_before, documents_before = db.session.query(Job).count(), driver.documents(case)
    pdf = decision_desk.preview_pdf(task.task_id, post, driver.actor("officer"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Entwurf" in text and "Baugenehmigung" in text
    assert "Baubeginn erst nach Prüfung der Statik" in text
    assert db.session.query(Job).count() == jobs_before and driver.documents(case) == documents_before
    assert driver.open_elements(case) == ["ut_decision"]
