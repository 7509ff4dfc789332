"""Every code list is defined once, in permits/codelists.py, and every value can be used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from permits.codelists import (
    CodedEnum,
    DeviationType,
    DocumentType,
    MeasureType,
    ParticipationRole,
    PartyRole,
    PortalStatus,
    ProvisionType,
)
from tests.conftest import SHARED

CODELISTS = SHARED / "xbau" / "codelists"
PACKAGE = Path(__file__).resolve().parents[1] / "permits"


def _official_codes(filename: str) -> set[str]:
    tree = etree.parse(str(CODELISTS / filename), etree.XMLParser(no_network=True, resolve_entities=False))
    return {row.findtext("{*}Value/{*}SimpleValue") or "" for row in tree.iterfind(".//{*}Row")}


@pytest.mark.skipif(not CODELISTS.is_dir(), reason="XBau code lists not found at ../shared/xbau")
@pytest.mark.parametrize(
    ("enum", "filename"),
    [
        (PortalStatus, "urn_xoev-de_xbau_codeliste_statusbauportal_3.0.xml"),
        (ProvisionType, "urn_xoev-de_xbau_codeliste_nebenbestimmungart_3.0.xml"),
        (ParticipationRole, "urn_xoev-de_xbau_codeliste_beteiligungrolle_2.0.xml"),
        (MeasureType, "urn_xoev-de_xbau_codeliste_baumassnahmeart_2.0.xml"),
        (DeviationType, "urn_xoev-de_xbau_codeliste_abweichungart_2.1.xml"),
        (PartyRole, "urn_xoev-de_xbau_codeliste_beteiligterrolle_2.0.xml"),
    ],
)
def test_complete_xbau_lists_carry_every_official_code(enum: type[CodedEnum], filename: str) -> None:
    assert {member.value for member in enum} == _official_codes(filename)
    ref = enum.code_list()
    assert ref is not None and filename.startswith(ref.uri.replace(":", "_"))
    assert filename.endswith(f"_{ref.version}.xml")


@pytest.mark.skipif(not CODELISTS.is_dir(), reason="XBau code lists not found at ../shared/xbau")
def test_document_types_are_codes_of_the_official_attachment_list() -> None:
    assert {t.value for t in DocumentType} <= _official_codes("urn_xoev-de_xbau_codeliste_anlagen_3.0.xml")


def test_every_code_has_a_german_label() -> None:
    for enum in CodedEnum.__subclasses__():
        for member in enum:
            assert member.label and member.label != member.value, (enum.__name__, member.value)


def test_unknown_codes_fall_back_instead_of_failing() -> None:
    assert PortalStatus.label_of("99", "—") == "—"
    assert PortalStatus.label_of(None) == ""
    assert PortalStatus.label_of("14") == "Eingang bestätigt"


def test_no_code_list_is_defined_outside_the_code_list_module() -> None:
    """One definition per code list: no other module declares a code enum or a label table for one."""
    pattern = re.compile(
        r"class (PortalStatus|Verdict|\w*ProvisionType|ParticipationRole|DocumentType|AttachmentType"
        r"|MeasureType|ProcedureType|ReviewKind|ReviewStatus|JobStatus)\("
        r"|STATUS_LABELS|DOCUMENT_TYPES\s*=|WORK_TYPE_LABELS|PROCEDURE_LABELS|LEGAL_AREA_BY_AGENCY_TYPE\s*="
        r"|\"Bauordnungsrecht\"|\"Sonstige öffentliche Belange\""
    )
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "codelists.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
