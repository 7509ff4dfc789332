"""Decisions rendered to PDF/A-3b: content, grouping of conditions, site drawing, metadata, attachment."""

from __future__ import annotations

import re

import pytest

from permits.documents import XmlAttachment, render_pdf
from tests.documents.document_helpers import FILE_REFERENCE, build_example, contains, pdf_reader, pdf_text
from tests.documents.examples import EXAMPLE_CONDITIONS, EXAMPLE_PLANS, example_details

XBAU_BLOB = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<xbau:baugenehmigung.bescheid.0205 xmlns:xbau="http://www.xleitstelle.de/xbau/2/6" '
    b'standard="XBau-Hochbau" version="2.6"><istGenehmigung>true</istGenehmigung>'
    b"</xbau:baugenehmigung.bescheid.0205>"
)


@pytest.fixture(scope="module")
def approval_pdf() -> bytes:
    attachment = XmlAttachment(name="xbau-0205-bescheid.xml", content=XBAU_BLOB, description="XBau 0205")
    return render_pdf(build_example("approval"), attachment)


@pytest.fixture(scope="module")
def approval_text(approval_pdf: bytes) -> str:
    return pdf_text(approval_pdf)


def test_approval_prints_case_data_with_umlauts(approval_text: str) -> None:
    details = example_details()
    for value in (
        details["applicant"]["name"],  # Jürgen Weißmüller
        details["applicant"]["street"],  # Königsworther Straße 12
        details["plot"]["street"],  # Am Grünen Weg 5
        "Gemarkung Kirchrode, Flur 11, Flurstück 85/3",
        "Neubau eines Einfamilienhauses mit Carport",
        "vereinfachtes Baugenehmigungsverfahren (§ 63 NBauO)",
        "684 m²",
        FILE_REFERENCE,
        "02.03.2026",
        "15. Januar 2026",
        "Dipl.-Ing. Sabine Öztürk",
    ):
        assert contains(approval_text, value), value
    assert "Baugenehmigung" in approval_text


def test_approval_lists_every_condition_under_its_type_heading(approval_text: str) -> None:
    for condition in EXAMPLE_CONDITIONS:
        assert contains(approval_text, condition["text"]), condition["text"]
        assert contains(approval_text, f"{condition['legal_area']}:")
    squashed = re.sub(r"\s+", " ", approval_text)
    headings = ["Aufschiebende Bedingungen", "Auflagen", "Vorbehalte", "IV. Hinweise"]
    positions = [squashed.index(heading) for heading in headings]
    assert positions == sorted(positions)
    # Each condition sits after its own heading and before the next one.
    brandschutz = squashed.index("Brandschutz:")
    assert positions[1] < brandschutz < positions[2]


def test_approval_lists_plans_geometry_reasons_and_legal_remedy(approval_text: str) -> None:
    for plan in EXAMPLE_PLANS:
        assert contains(approval_text, plan["title"]), plan["title"]
    assert contains(approval_text, "Abstandsfläche Nordwand (H = 6,20 m)")
    assert approval_text.count("eingehalten") >= 7
    assert contains(approval_text, "Bebauungsplans Nr. 1234")
    assert contains(approval_text, "Rechtsbehelfsbelehrung")
    assert contains(
        approval_text, "innerhalb eines Monats nach Bekanntgabe Klage bei dem Verwaltungsgericht Hannover"
    )
    assert "Widerspruch erhoben" not in approval_text  # Lower Saxony: no objection procedure in building law
    assert contains(approval_text, "§ 212a Abs. 1 BauGB")


def test_site_drawing_is_rendered_as_vector_graphics(approval_text: str) -> None:
    # Label text that exists only inside the SVG drawing.
    assert "Wohnhaus" in approval_text
    assert contains(approval_text, "Flurstück 85/3 (684 m²)")


def test_every_page_carries_file_reference_date_and_page_count(approval_text: str) -> None:
    pages = [page for page in approval_text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        assert f"Aktenzeichen {FILE_REFERENCE}" in page
        assert "02.03.2026" in page


def test_pdf_a_3b_identification_in_xmp(approval_pdf: bytes) -> None:
    reader = pdf_reader(approval_pdf)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part="3"|<pdfaid:part>3</pdfaid:part>', xmp)
    assert re.search(r'pdfaid:conformance="B"|<pdfaid:conformance>B</pdfaid:conformance>', xmp)
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_all_fonts_are_embedded_dejavu(approval_pdf: bytes) -> None:
    reader = pdf_reader(approval_pdf)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts
    assert all(fonts.values()), fonts
    assert all("DejaVu" in name for name in fonts)


def test_xbau_attachment_is_embedded_with_relationship(approval_pdf: bytes) -> None:
    reader = pdf_reader(approval_pdf)
    assert reader.attachments == {"xbau-0205-bescheid.xml": [XBAU_BLOB]}
    catalog = reader.trailer["/Root"]
    filespec = catalog["/AF"][0].get_object()
    assert filespec["/AFRelationship"] == "/Alternative"


def test_attachment_must_be_well_formed_xml() -> None:
    with pytest.raises(ValueError, match="well-formed"):
        XmlAttachment(name="message.xml", content=b"<unclosed>")
    with pytest.raises(ValueError, match="file name"):
        XmlAttachment(name="../etc/passwd.xml", content=XBAU_BLOB)


def test_refusal_states_decision_reasons_hearing_and_remedy() -> None:
    view_model = build_example("rejection")
    text = pdf_text(render_pdf(view_model))
    assert contains(text, "wird abgelehnt")
    for reason in view_model.reasons:  # type: ignore[attr-defined]
        assert contains(text, reason)
    assert contains(text, "Mit Schreiben vom 9. Februar 2026")
    assert contains(text, "Rechtsbehelfsbelehrung")
    assert contains(text, "Jürgen Weißmüller")


def test_deemed_approval_certificate_names_dates_and_law() -> None:
    text = pdf_text(render_pdf(build_example("deemed_approval_certificate")))
    assert contains(text, "Bescheinigung über den Eintritt der Genehmigungsfiktion")
    assert contains(text, "mit Ablauf des 20. Februar 2026 eingetreten")
    assert contains(text, "20. November 2025")
    assert contains(text, "§ 70a NBauO")
    assert contains(text, "§ 42a Abs. 3 VwVfG")
    for plan in EXAMPLE_PLANS:
        assert contains(text, plan["title"])
