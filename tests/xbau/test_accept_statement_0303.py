"""Accepting an agency's statement (0303) and deriving our verdict for the review request."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from flask import Flask

from permits.xbau import (
    AncillaryProvision,
    Attachment,
    CaseReference,
    DvdvAddress,
    Envelope,
    ProvisionType,
    Verdict,
    legal_domain,
    parse_statement,
)
from tests.xbau.agency_statement import AgencyStatement, StatementPart, emit_agency_statement

FIXTURE = Path(__file__).parent / "fixtures" / "beteiligung.stellungnahme.0303_denkmalschutz.xml"
REQUEST_ID = UUID("c0ffee00-1234-4abc-8def-0123456789ab")


def test_the_fixture_is_schema_valid(independent_validator: Any) -> None:
    assert independent_validator.errors(FIXTURE.read_bytes()) == []


def test_monument_authority_statement_is_mapped(xsd_dir: Path) -> None:
    statement = parse_statement(FIXTURE.read_bytes(), schema_dir=xsd_dir)

    assert statement.request_id == REQUEST_ID
    assert statement.case_id == UUID("9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11")
    assert statement.file_reference == "63-BG-2026/00471"
    assert statement.author == DvdvAddress("bet:03241090", "Region Hannover, Untere Denkmalschutzbehörde")
    assert statement.created_at == datetime(2026, 4, 14, 10, 32, tzinfo=timezone(timedelta(hours=2)))
    monument, nature = statement.parts
    assert (monument.consent, monument.legal_domain.code) == (True, "Denkmalschutz")
    assert [p.type for p in monument.provisions] == [
        ProvisionType.OBLIGATION,
        ProvisionType.SUSPENSIVE_CONDITION,
        ProvisionType.ADVISORY_NOTE,
    ]
    assert monument.provisions[0].text.startswith("Die straßenseitigen Fenster sind als Holzfenster")
    assert monument.reasons is not None and monument.reasons.endswith("nicht beeinträchtigt.")
    assert monument.reasons_html is not None and monument.reasons_html.startswith("<p>Das Vorhaben")
    assert (nature.verdict, nature.legal_domain.code, nature.provisions) == (
        Verdict.CONSENT,
        "Naturschutz",
        (),
    )
    assert statement.notes is not None and "§ 10 NDSchG" in statement.notes
    assert statement.verdict is Verdict.CONSENT_WITH_CONDITIONS
    assert len(statement.provisions) == 3


def test_statement_is_accepted_through_the_app_config(app: Flask) -> None:
    assert parse_statement(FIXTURE.read_bytes()).request_id == REQUEST_ID


def _statement(*parts: StatementPart) -> AgencyStatement:
    return AgencyStatement(
        Envelope(
            DvdvAddress("gba:03241001", "Gemeinde Beispiel"), DvdvAddress("bab:03241001", "Bauaufsicht")
        ),
        CaseReference(UUID(int=3)),
        REQUEST_ID,
        parts,
    )


def _part(consent: bool, *types: ProvisionType, domain: str = "Bauplanungsrecht") -> StatementPart:
    provisions = tuple(
        AncillaryProvision(t, legal_domain(domain), f"Nebenbestimmung {t.value}") for t in types
    )
    return StatementPart(consent, legal_domain(domain), provisions, reasons="Begründung")


@pytest.mark.parametrize(
    ("parts", "verdict"),
    [
        ((_part(True),), Verdict.CONSENT),
        ((_part(True, ProvisionType.ADVISORY_NOTE),), Verdict.CONSENT),
        ((_part(True, ProvisionType.OBLIGATION),), Verdict.CONSENT_WITH_CONDITIONS),
        ((_part(True, ProvisionType.RESERVATION), _part(True)), Verdict.CONSENT_WITH_CONDITIONS),
        (
            (_part(True, ProvisionType.CONDITION), _part(False, domain="Wasserrecht")),
            Verdict.OBJECTION,
        ),
        ((_part(False),), Verdict.OBJECTION),
    ],
    ids=["plain", "advisory-only", "obligation", "reservation", "one-objection", "objection"],
)
def test_verdict_mapping(parts: tuple[StatementPart, ...], verdict: Verdict, xsd_dir: Path) -> None:
    data = emit_agency_statement(_statement(*parts), schema_dir=xsd_dir)

    statement = parse_statement(data, schema_dir=xsd_dir)

    assert statement.verdict is verdict
    assert [p.consent for p in statement.parts] == [p.consent for p in parts]
    assert [[(x.type, x.text) for x in p.provisions] for p in statement.parts] == [
        [(x.type, x.text) for x in p.provisions] for p in parts
    ]


def test_attachments_of_each_area_and_the_hinweise_are_read(xsd_dir: Path) -> None:
    pdf = Attachment(
        title="Stellungnahme Denkmalschutz",
        attachment_type="9999",
        mime_type="application/pdf",
        dated=date(2026, 4, 14),
        document_id="_doc-stellungnahme",
        file_name="stellungnahme.pdf",
    )
    link = Attachment("Fotos", "9999", "application/pdf", date(2026, 4, 14), url="https://example.org/f.pdf")
    statement = AgencyStatement(
        _statement(_part(True)).envelope,
        CaseReference(UUID(int=3)),
        REQUEST_ID,
        (
            StatementPart(True, legal_domain("Denkmalschutz"), attachments=(pdf,)),
            StatementPart(False, legal_domain("Naturschutz"), attachments=(link,)),
        ),
        notes="Die Genehmigung nach § 10 NDSchG wird ersetzt.",
    )

    parsed = parse_statement(emit_agency_statement(statement, schema_dir=xsd_dir), schema_dir=xsd_dir)

    assert [p.attachments for p in parsed.parts] == [(pdf,), (link,)]
    assert parsed.attachments == (pdf, link)
    assert parsed.notes == "Die Genehmigung nach § 10 NDSchG wird ersetzt."
