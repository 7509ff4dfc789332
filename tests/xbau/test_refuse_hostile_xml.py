"""Refusing hostile or broken XML before anything is expanded, fetched or mapped."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from permits.errors import InvalidInput
from permits.xbau import (
    HostileXml,
    MalformedXml,
    UnexpectedMessage,
    XmlTooLarge,
    parse_application,
    parse_statement,
    parse_xml,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""
FIXTURES = Path(__file__).parent / "fixtures"
EXTERNAL_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
PARAMETER_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><x/>'
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/evil.dtd"><x/>'


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        PARAMETER_ENTITY,
        EXTERNAL_DTD,
        EXTERNAL_ENTITY.decode().encode("utf-16"),
    ],
    ids=["billion-laughs", "external-entity", "parameter-entity", "external-dtd", "utf16-external-entity"],
)
def test_dtds_and_entities_are_refused_unexpanded(document: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(HostileXml) as refused:
        parse_xml(document)

    assert time.perf_counter() - started < 0.5
    assert isinstance(refused.value, InvalidInput) and refused.value.status == 422
    assert "aus Sicherheitsgründen abgelehnt" in refused.value.message
    assert "root:" not in str(refused.value.to_problem())


def test_an_application_with_an_entity_is_refused_before_validation(
    sample_0200: bytes, xsd_dir: Path
) -> None:
    hostile = sample_0200.replace(
        b"<xbau:baugenehmigung.antrag.0200 ",
        b'<!DOCTYPE xbau:baugenehmigung.antrag.0200 [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<xbau:baugenehmigung.antrag.0200 ",
    ).replace(b"<ort>Duisburg</ort>", b"<ort>&e;</ort>", 1)

    with pytest.raises(HostileXml):
        parse_application(hostile, schema_dir=xsd_dir)


def test_oversized_messages_are_not_parsed() -> None:
    with pytest.raises(XmlTooLarge, match="zu groß"):
        parse_xml(b"<x>" + b"a" * 2048 + b"</x>", max_bytes=1024)


@pytest.mark.parametrize(
    "document",
    [b"", b"<x>", b"<x>&nbsp;</x>", b"not xml at all"],
    ids=["empty", "unclosed", "undefined-entity", "text"],
)
def test_malformed_xml_is_refused(document: bytes) -> None:
    with pytest.raises(MalformedXml):
        parse_xml(document)


def test_a_statement_is_not_accepted_as_an_application(xsd_dir: Path) -> None:
    statement = (FIXTURES / "beteiligung.stellungnahme.0303_denkmalschutz.xml").read_bytes()

    with pytest.raises(UnexpectedMessage, match=r"baugenehmigung\.antrag\.0200"):
        parse_application(statement, schema_dir=xsd_dir)


def test_foreign_xml_is_refused_as_not_xbau(xsd_dir: Path) -> None:
    with pytest.raises(UnexpectedMessage):
        parse_statement(b"<beteiligung.stellungnahme.0303/>", schema_dir=xsd_dir)
