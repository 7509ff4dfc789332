"""Anhörung (§ 28 VwVfG) before a refusal: built from the case, rendered to HTML and PDF, and by the job."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask

from permits.documents import (
    render_document_job,
    render_html,
    render_pdf,
    spec,
    spec_of,
    view_model_from_dict,
)
from permits.documents.viewmodels.hearing import HearingNotice, build_hearing_notice, hearing_arguments
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Case
from tests.documents.document_helpers import (
    FILE_REFERENCE,
    contains,
    example_letterhead,
    make_case,
    pdf_reader,
    stored_documents,
)
from tests.documents.examples import example_details

# As an officer types them into the review form: two paragraphs, the second with a hard line break.
REASONS = (
    "Das Vorhaben überschreitet die im Bebauungsplan Nr. 1234 „Kirchrode-Süd“ festgesetzte östliche "
    "Baugrenze um 2,40 m. Eine Befreiung nach § 31 Abs. 2 BauGB wurde nicht beantragt; sie käme auch "
    "nicht in Betracht, weil die Grundzüge der Planung berührt werden.\r\n"
    "\r\n"
    "  Die Abstandsfläche der Ostwand (Wandhöhe 6,20 m) beträgt nur 1,90 m statt der erforderlichen "
    "3,00 m (§ 5 Abs. 2 NBauO).\r\n"
    "Eine Abweichung nach § 66 NBauO wurde nicht beantragt.  \r\n"
    "\r\n\r\n"
)
FIRST_REASON = REASONS.split("\r\n")[0]
HOSTILE_REASONS = '<script>alert(1)</script> <img src="file:///etc/passwd"> & {{ 7*7 }}'
ISSUED_ON = date(2026, 3, 2)
DUE_ON = date(2026, 3, 16)
RECEIVED_ON = date(2026, 1, 15)


def build(case: Case | None = None, **overrides: Any) -> HearingNotice:
    arguments: dict[str, Any] = {
        "intended_decision_reasons": REASONS,
        "due_on": DUE_ON,
        "received_on": RECEIVED_ON,
        "case_officer": "Frau Dr. Schäfer",
        "issued_on": ISSUED_ON,
        "letterhead": example_letterhead(),
        **overrides,
    }
    return build_hearing_notice(case or make_case(), **arguments)


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


@pytest.fixture(scope="module")
def notice() -> HearingNotice:
    return build()


@pytest.fixture(scope="module")
def text(notice: HearingNotice) -> str:
    return pypdf_text(render_pdf(notice))


def test_kind_is_registered_with_title_and_template_version() -> None:
    kind = spec("hearing_notice")
    assert (kind.title, kind.template, kind.template_version) == ("Anhörung", "hearing_notice.html", 1)
    assert (kind.view_model, kind.build, kind.adapt) == (
        HearingNotice,
        build_hearing_notice,
        hearing_arguments,
    )


def test_builder_addresses_the_applicant_with_copy_to_the_designer(notice: HearingNotice) -> None:
    assert spec_of(notice) is spec("hearing_notice")
    header = notice.header
    assert header.recipient.name == "Jürgen Weißmüller"
    assert header.file_reference == FILE_REFERENCE
    assert header.subject == "Anhörung vor Ablehnung Ihres Bauantrags"
    assert header.issued_on == ISSUED_ON
    assert header.copy_to == (
        "Entwurfsverfasser/in: Dipl.-Ing. Sabine Öztürk, Architektin, Lister Meile 88, 30161 Hannover",
    )
    assert (notice.received_on, notice.due_on) == (RECEIVED_ON, DUE_ON)


def test_reasons_become_paragraphs_keeping_line_breaks(notice: HearingNotice) -> None:
    assert notice.reasons == (
        FIRST_REASON,
        "Die Abstandsfläche der Ostwand (Wandhöhe 6,20 m) beträgt nur 1,90 m statt der erforderlichen "
        "3,00 m (§ 5 Abs. 2 NBauO).\nEine Abweichung nach § 66 NBauO wurde nicht beantragt.",
    )
    html = render_html(notice)
    assert "(§ 5 Abs. 2 NBauO).<br>Eine Abweichung" in html
    assert html.count("<p>Das Vorhaben überschreitet") == 1


def test_view_model_survives_json_round_trip(notice: HearingNotice) -> None:
    restored = view_model_from_dict("hearing_notice", json.loads(json.dumps(notice.to_dict())))
    assert restored == notice
    assert render_html(restored) == render_html(notice)


def test_pdf_states_intent_reasons_deadline_and_rights(text: str) -> None:
    assert contains(text, f"Aktenzeichen {FILE_REFERENCE}")
    assert contains(text, "Anhörung vor Ablehnung Ihres Bauantrags")
    assert "Jürgen Weißmüller" in text
    assert "Königsworther Straße 12" in text
    assert contains(text, "wir beabsichtigen, Ihren am 15. Januar 2026 eingegangenen Bauantrag")
    assert contains(text, "abzulehnen")
    assert contains(text, "§ 28 Abs. 1 VwVfG")
    assert contains(text, FIRST_REASON)
    assert contains(text, "Eine Abweichung nach § 66 NBauO wurde nicht beantragt.")
    assert contains(text, "bis zum 16. März 2026 schriftlich oder über das Bauportal")
    assert contains(text, "ergänzen oder ändern")
    assert contains(text, "den Antrag zurücknehmen")
    assert contains(text, "entscheiden wir auf Grundlage der vorliegenden Akten")
    assert contains(text, "Für Ihre Stellungnahme entstehen Ihnen keine Kosten.")
    assert contains(text, "Anhörung vom 02.03.2026")  # running page foot
    assert contains(text, "Nachrichtlich")
    assert contains(text, "Dipl.-Ing. Sabine Öztürk")


def test_hostile_reasons_print_literally() -> None:
    notice = build(intended_decision_reasons=HOSTILE_REASONS)
    html = render_html(notice)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp; {{ 7*7 }}" in html
    pdf = render_pdf(notice)
    assert contains(pypdf_text(pdf), HOSTILE_REASONS)
    assert pdf_reader(pdf).attachments == {}


@pytest.mark.parametrize("reasons", ["", "   ", "\r\n \r\n\t\n"])
def test_empty_reasons_are_rejected(reasons: str) -> None:
    with pytest.raises(InvalidInput, match="Gründe") as error:
        build(intended_decision_reasons=reasons)
    assert set(error.value.field_errors) == {"intended_decision_reasons"}


def test_reasons_must_be_text() -> None:
    with pytest.raises(InvalidInput) as error:
        build(intended_decision_reasons=["Baugrenze überschritten."])
    assert set(error.value.field_errors) == {"intended_decision_reasons"}


@pytest.mark.parametrize("due_on", [date(2026, 3, 1), ISSUED_ON])
def test_deadline_must_follow_the_letter_date(due_on: date) -> None:
    with pytest.raises(InvalidInput) as error:
        build(due_on=due_on)
    assert set(error.value.field_errors) == {"due_on"}


def test_missing_applicant_address_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="Antragsteller"):
        build(make_case({"project": {"description": "Carport"}}))


@pytest.fixture
def case(app: Flask) -> Case:
    case = make_case(example_details())
    db.session.add(case)
    db.session.commit()
    return case


def _payload(case: Case, arguments: dict[str, Any]) -> dict[str, Any]:
    """As permits.tasks.documents.issue_document enqueues it: JSON arguments, no issue date."""
    return {
        "case_id": case.id,
        "kind": "hearing_notice",
        "arguments": arguments,
        "request_id": f"{case.id}:hearing-task",
        "actor": "system:worker",
    }


def test_render_job_renders_hearing_notice_from_json_arguments(case: Case) -> None:
    arguments = {"intended_decision_reasons": REASONS, "due_on": "2026-03-16", "received_on": "2026-01-15"}
    payload = _payload(case, arguments)
    render_document_job(payload)
    render_document_job(payload)  # a retry stores nothing new
    db.session.commit()
    [document] = stored_documents(case.id)
    assert document.kind == "hearing_notice"
    assert document.template_version == 1
    assert document.title == "Anhörung vom 02.03.2026"  # issue date from the app clock
    assert document.filename == f"{FILE_REFERENCE}_Anhoerung_2026-03-02.pdf"
    text = pypdf_text(document.content)
    assert contains(text, FIRST_REASON)
    assert contains(text, "bis zum 16. März 2026")
    assert contains(text, "am 15. Januar 2026 eingegangenen Bauantrag")
    assert "Bauaufsichtsbehörde" in text  # no user behind a system actor: the authority signs


def test_render_job_rejects_hearing_notice_without_reasons(case: Case) -> None:
    arguments = {"intended_decision_reasons": " ", "due_on": "2026-03-16", "received_on": "2026-01-15"}
    payload = _payload(case, arguments)
    with pytest.raises(InvalidInput, match="Gründe"):
        render_document_job(payload)
    payload = _payload(case, {"due_on": "2026-03-16", "received_on": "2026-01-15"})
    with pytest.raises(InvalidInput, match="intended_decision_reasons"):
        render_document_job(payload)
