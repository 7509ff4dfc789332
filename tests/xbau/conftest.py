"""XBau tests read the official schema set from ../shared (never copied into the repo, CC BY-ND)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar
from uuid import UUID

import pytest
from lxml import etree

from permits.xbau import CaseReference, DvdvAddress, Envelope

SHARED = Path(__file__).resolve().parents[3] / "shared"
SCHEMA_DIR = SHARED / "xbau" / "2.6" / "xsd_dev"
SAMPLE_0200 = SHARED / "xbau" / "samples" / "baugenehmigung.antrag.0200_duisburg-baerl_example.xml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def xsd_dir() -> Path:
    if not SCHEMA_DIR.is_dir():
        pytest.skip(
            f"XBau 2.6 schema set not found at {SCHEMA_DIR} (install the official xsd_dev bundle there)"
        )
    return SCHEMA_DIR


@pytest.fixture(scope="session")
def sample_0200(xsd_dir: Path) -> bytes:
    if not SAMPLE_0200.is_file():
        pytest.skip(f"XBau sample application not found at {SAMPLE_0200}")
    return SAMPLE_0200.read_bytes()


@pytest.fixture
def app_config(app_config: dict[str, object], xsd_dir: Path) -> dict[str, object]:
    return {**app_config, "XBAU_SCHEMA_DIR": str(xsd_dir)}


@pytest.fixture
def envelope() -> Envelope:
    return Envelope(
        author=DvdvAddress("bab:03241001", "Region Hannover – Team Bauordnung"),
        reader=DvdvAddress("bap:03000000", "Bauportal Niedersachsen"),
        message_id=UUID("0e6f1a52-3b7c-4d8e-9f01-23456789abcd"),
        created_at=datetime(2026, 4, 2, 8, 30, tzinfo=UTC),
        test=True,
    )


@pytest.fixture
def case_ref() -> CaseReference:
    return CaseReference(UUID("9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11"), "63-BG-2026/00471")


class IndependentValidator:
    """Validates with freshly compiled lxml schemas, independent of permits.xbau.schemas' cache."""

    FILES: ClassVar[dict[str, str]] = {
        "baugenehmigung": "xbau-nachrichten-baugenehmigung.xsd",
        "beteiligung": "xbau-nachrichten-beteiligung.xsd",
        "prozessnachrichten": "xbau-kernmodul-prozessnachrichten.xsd",
    }

    def __init__(self, folder: Path) -> None:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        self.schemas = {
            k: etree.XMLSchema(etree.parse(str(folder / f), parser)) for k, f in self.FILES.items()
        }

    def errors(self, data: bytes) -> list[str]:
        root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
        schema = self.schemas[etree.QName(root).localname.split(".")[0]]
        return [] if schema.validate(root) else [f"{e.line}: {e.message[:200]}" for e in schema.error_log]


@pytest.fixture(scope="session")
def independent_validator(xsd_dir: Path) -> IndependentValidator:
    return IndependentValidator(xsd_dir)
