"""Requested deviations (§ 66 NBauO Abweichung, § 31 BauGB Ausnahme/Befreiung) are decided one by one in
the decision draft: recorded on the case, printed in the permit and sent in the 0205's `abweichung`."""

from __future__ import annotations

import io
from uuid import UUID

import pytest
from lxml import etree
from pypdf import PdfReader
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Case, IssuedDocument, MessageDirection, XbauMessage
from permits.xbau import reading as r
from tests.conftest import needs_xbau

HEIGHT = {
    "id": "5b0c3c1e-2f6e-4f5c-9a43-1f2d3e4a5b6c",
    "type": "1",
    "type_label": "Befreiung",
    "rule": "Textliche Festsetzung Nr. 3 (Traufhöhe)",
    "description": "Überschreitung der Traufhöhe um 0,40 m",
}
DISTANCE = {
    "id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
    "type": "3",
    "type_label": "Abweichung (§ 67 Abs. 1 MBO)",
    "rule": "§ 5 NBauO",
    "description": "Unterschreitung der Abstandsfläche zur Nordgrenze um 0,50 m",
}
APPROVAL = {"decision": "approval", "decision_reasons": "Das Vorhaben ist genehmigungsfähig."}
REFUSAL_REASONS = "Die Belichtung des Nachbargrundstücks wäre unzumutbar beeinträchtigt."


def _case_with_deviations(driver) -> Case:
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    case.details = {**case.details, "deviations": [HEIGHT, DISTANCE]}
    db.session.commit()
    driver.complete_check(case)
    return case


def _refused(driver, case, element_id, username, **data) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as refused:
        driver.complete(case, element_id, username, **data)
    db.session.rollback()
    return refused.value.field_errors


def _text(el, path: str) -> str | None:
    return r.formatted_text(el, path)[0]  # TextFormatiert: plain text of the HTML sent


def _pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@needs_xbau
def test_approval_grants_one_deviation_and_refuses_the_other(driver):
    case = _case_with_deviations(driver)

    driver.approve(
        case,
        deviation_1_ruling="granted",
        deviation_2_ruling="refused",
        deviation_2_reasons=REFUSAL_REASONS,
        deviations_refusal_accepted=True,
    )

    case = db.session.get_one(Case, case.id)
    recorded = case.details["decision"]["deviations"]
    assert [(d["description"], d["granted"], d["reasons"]) for d in recorded] == [
        (HEIGHT["description"], True, None),
        (DISTANCE["description"], False, REFUSAL_REASONS),
    ]
    assert [d["legal_basis"] for d in recorded] == ["§ 31 Abs. 2 BauGB", "§ 66 NBauO"]

    while run_next_job("test-worker"):
        pass
    approval = db.session.scalars(select(IssuedDocument).filter_by(case_id=case.id, kind="approval")).one()
    text = _pdf_text(approval.content)
    assert "Abweichungen, Ausnahmen und Befreiungen" in text
    assert HEIGHT["description"] in text and "§ 31 Abs. 2 BauGB" in text
    assert DISTANCE["description"] in text and "Wird nicht zugelassen" in text
    assert REFUSAL_REASONS in text

    (message,) = db.session.scalars(
        select(XbauMessage).where(
            XbauMessage.case_id == case.id,
            XbauMessage.direction == MessageDirection.OUTBOUND,
            XbauMessage.message_type == "0205",
        )
    )
    assert message.valid and message.validation_errors == []
    rulings = r.findall(etree.fromstring(message.xml), "x:bescheid/x:abweichung")
    assert [
        (
            r.uuid(el, "x:id"),
            r.flag(el, "x:istZugelassen"),
            r.txt(el, "x:art/code"),
            _text(el, "x:vorschrift"),
        )
        for el in rulings
    ] == [
        (UUID(HEIGHT["id"]), True, "1", HEIGHT["rule"]),
        (UUID(DISTANCE["id"]), False, "3", DISTANCE["rule"]),
    ]
    assert _text(rulings[1], "x:begruendung") == REFUSAL_REASONS


def test_an_approval_rules_on_every_requested_deviation(driver):
    case = _case_with_deviations(driver)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    db.session.commit()

    errors = _refused(driver, case, "ut_decision", "officer", **APPROVAL, deviation_1_ruling="granted")
    assert errors == {"deviation_2_ruling": ["Bitte über die beantragte Abweichung Nr. 2 entscheiden."]}

    errors = _refused(
        driver,
        case,
        "ut_decision",
        "officer",
        **APPROVAL,
        deviation_1_ruling="granted",
        deviation_2_ruling="granted",
        deviation_3_ruling="granted",
    )
    assert errors == {"deviation_3_ruling": ["Eine Abweichung Nr. 3 ist nicht beantragt."]}


def test_a_refused_deviation_needs_reasons_and_the_officers_confirmation(driver):
    case = _case_with_deviations(driver)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    db.session.commit()

    errors = _refused(
        driver,
        case,
        "ut_decision",
        "officer",
        **APPROVAL,
        deviation_1_ruling="granted",
        deviation_2_ruling="refused",
        deviation_2_reasons="   ",
    )

    assert errors == {
        "deviation_2_reasons": ["Bitte begründen, warum die Abweichung nicht zugelassen wird."],
        "deviations_refusal_accepted": [
            "Eine Genehmigung mit nicht zugelassener Abweichung bitte ausdrücklich bestätigen: "
            "Das Vorhaben ist dann ohne diese Abweichung auszuführen."
        ],
    }
    assert case.details.get("decision") is None


def test_a_rejection_rules_on_no_single_deviation(driver):
    case = _case_with_deviations(driver)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="rejection")
    driver.complete(case, "ut_hearing_reply", "architect", hearing_reply="Wir halten am Antrag fest.")
    driver.complete(
        case,
        "ut_decision",
        "officer",
        decision="rejection",
        decision_reasons="Das Vorhaben hält die Abstandsflächen nicht ein.",
        deviation_2_ruling="refused",
    )
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)

    case = db.session.get_one(Case, case.id)
    assert case.details["decision"]["approved"] is False
    assert case.details["decision"]["deviations"] == []
