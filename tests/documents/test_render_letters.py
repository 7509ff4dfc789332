"""Receipt, deficiency notice, participation request and fee notice rendered to PDF."""

from __future__ import annotations

import logging

import pytest

from permits.documents import render_pdf
from tests.documents.document_helpers import FILE_REFERENCE, build_example, contains, pdf_text
from tests.documents.examples import example_arguments


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    kinds = (
        "receipt",
        "deficiency_notice",
        "participation_request",
        "fee_notice",
    )
    return {kind: pdf_text(render_pdf(build_example(kind))) for kind in kinds}


def test_receipt_names_file_reference_dates_and_fiction(texts: dict[str, str]) -> None:
    text = texts["receipt"]
    assert contains(text, f"unter dem Aktenzeichen {FILE_REFERENCE} geführt")
    assert contains(text, "am 23. Februar 2026 bei uns eingegangen")
    assert contains(text, "spätestens bis zum 26. Mai 2026")
    assert contains(text, "gilt die beantragte Baugenehmigung als erteilt")
    assert contains(text, "Jürgen Weißmüller")


def test_deficiency_notice_lists_findings_deadline_and_deemed_withdrawal(
    texts: dict[str, str],
) -> None:
    text = texts["deficiency_notice"]
    for finding in example_arguments()["deficiency_notice"]["findings"]:
        assert contains(text, finding["text"]), finding["text"]
        assert contains(text, finding["document"])
    assert contains(text, "bis zum 23. März 2026")
    assert contains(text, "drei Wochen nach Ablauf dieser Frist als zurückgenommen (§ 69 Abs. 2 NBauO)")
    assert contains(text, "Nachrichtlich")
    assert contains(text, "Dipl.-Ing. Sabine Öztürk")


def test_participation_request_has_deadline_reference_and_deemed_consent(
    texts: dict[str, str],
) -> None:
    text = texts["participation_request"]
    assert contains(text, "Untere Naturschutzbehörde")
    assert contains(text, "Hildesheimer Straße 20")
    assert contains(text, "bis zum 2. April 2026")
    assert contains(text, "BET-2026-0042")
    assert contains(text, "gilt Ihre Zustimmung als erteilt")
    assert contains(text, "Baumschutz (Stieleiche im Baufeld)")
    assert contains(text, "Freiflächenplan")


def test_fee_notice_shows_items_total_account_and_reference(texts: dict[str, str]) -> None:
    text = texts["fee_notice"]
    assert contains(text, "1.562,50 €")
    assert contains(text, "120,00 €")
    assert contains(text, "45,50 €")
    assert text.count("1.728,00 €") == 2  # table total and payment request
    assert contains(text, "312.500,00 €")  # Rohbauwert from the case
    assert "DE89 3704 0044 0532 0130 00" in text
    assert "5.0123.456789.3" in text
    assert contains(text, "bis zum 1. April 2026")
    assert contains(text, "§ 80 Abs. 2 Satz 1 Nr. 1 VwGO")


def test_render_logs_no_weasyprint_warnings(caplog: pytest.LogCaptureFixture) -> None:
    # WeasyPrint reports CSS it ignores and resources it cannot load via logging, not warnings.
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(build_example("approval"))
    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []
