"""An agency's interim message (0305) is read and recognised as a request for more time; our answer (0306)
validates against the XBau 2.6 XSD and quotes the 0305 it answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from lxml import etree

from permits.xbau import CaseReference, DvdvAddress, Envelope
from permits.xbau.interim import AnsweredMessage, InterimReply, emit_interim_reply, parse_interim_message
from tests.xbau.agency_statement import AgencyInterimMessage, emit_agency_interim_message

AGENCY = DvdvAddress("bet:03241102", "Untere Denkmalschutzbehörde")
US = DvdvAddress("bab:03241001", "Bauordnung")
REQUEST_ID = UUID("c0ffee00-1234-4abc-8def-0123456789ab")
CASE = CaseReference(UUID("9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11"), "63-BG-2026/00471")


def _interim(concern: str, xsd_dir: Path) -> bytes:
    envelope = Envelope(AGENCY, US, created_at=datetime(2026, 4, 14, 8, 0, tzinfo=UTC))
    return emit_agency_interim_message(
        AgencyInterimMessage(envelope, CASE, REQUEST_ID, concern), schema_dir=xsd_dir
    )


def test_interim_message_is_read(xsd_dir: Path) -> None:
    message = parse_interim_message(
        _interim("Wir bitten um Fristverlängerung.\n\nEin Ortstermin ist nötig.", xsd_dir), schema_dir=xsd_dir
    )

    assert (message.request_id, message.case_id, message.file_reference) == (
        REQUEST_ID,
        CASE.case_id,
        "63-BG-2026/00471",
    )
    assert message.author == AGENCY and message.message_type == "0305"
    assert message.concern == "Wir bitten um Fristverlängerung.\n\nEin Ortstermin ist nötig."


@pytest.mark.parametrize(
    ("concern", "extension"),
    [
        ("Wir bitten um Fristverlängerung um vier Wochen.", True),
        ("Bitte um Verlängerung der Frist zur Stellungnahme.", True),
        ("Wir beantragen eine Fristverlaengerung.", True),
        ("Die Frist kann leider nicht gehalten werden, bitte verlängern Sie sie.", True),
        ("Wir benötigen mehr Zeit für die Prüfung.", True),
        ("Das immissionsschutzrechtliche Verfahren läuft noch.", False),
        ("Bitte senden Sie uns den Lageplan in besserer Auflösung.", False),
    ],
)
def test_request_for_more_time_is_recognised(concern: str, extension: bool, xsd_dir: Path) -> None:
    assert (
        parse_interim_message(_interim(concern, xsd_dir), schema_dir=xsd_dir).asks_for_extension is extension
    )


def _reply(**changes: Any) -> InterimReply:
    values: dict[str, Any] = {
        "envelope": Envelope(US, AGENCY),
        "case": CASE,
        "request_id": REQUEST_ID,
        "answers": AnsweredMessage(UUID(int=5), "0305", datetime(2026, 4, 14, 8, 0, tzinfo=UTC)),
        "reply": "Die Frist zur Stellungnahme wird verlängert; sie endet am 14.05.2026.",
        "due_on": date(2026, 5, 14),
        "consequence_of_default": "Ohne Äußerung gilt die Zustimmung als erteilt.",
    }
    return InterimReply(**{**values, **changes})


@pytest.mark.parametrize(
    "changes",
    [{}, {"due_on": None, "consequence_of_default": None, "answers": None}],
    ids=["granted-with-deadline", "minimal"],
)
def test_reply_validates_against_the_xsd(
    changes: dict[str, Any], xsd_dir: Path, independent_validator: Any
) -> None:
    data = emit_interim_reply(_reply(**changes), schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = etree.fromstring(data)
    assert etree.QName(root).localname == "beteiligung.reaktionZwischennachricht.0306"


def test_reply_quotes_the_interim_message_and_the_new_deadline(xsd_dir: Path) -> None:
    root = etree.fromstring(emit_interim_reply(_reply(), schema_dir=xsd_dir))
    ns = {"x": "http://www.xleitstelle.de/xbau/2/6", "g": "http://xoev.de/schemata/basisnachricht/g2g/1_1"}

    assert root.findtext("x:bezug/referenz", namespaces=ns) == str(CASE.case_id)
    assert root.findtext("x:bezug/bezugNachricht/g:nachrichtenUUID", namespaces=ns) == str(UUID(int=5))
    assert root.findtext("x:referenzAufforderung/x:referenzAuftrag", namespaces=ns) == str(REQUEST_ID)
    assert root.findtext("x:frist", namespaces=ns) == "2026-05-14"
    assert root.findtext("nachrichtenkopf.g2g/leser/kennung") == AGENCY.id
