"""The message log names every XBau message the app handles by its official code, in the official list."""

from __future__ import annotations

import pytest
from lxml import etree

from permits.codelists import XbauMessageType
from permits.xbau.codes import KERN_MESSAGES_LIST, MESSAGES_LIST, ROOT_ELEMENTS
from tests.conftest import SHARED

CODELISTS = SHARED / "xbau" / "codelists"


def _official(uri: str, version: str) -> dict[str, str]:
    """code -> root element name, from the Genericode file of the list."""
    path = CODELISTS / f"{uri.replace(':', '_')}_{version}.xml"
    tree = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    rows = (
        [v.findtext("{*}SimpleValue") or "" for v in row.iterfind("{*}Value")]
        for row in tree.iterfind(".//{*}Row")
    )
    return {values[0]: values[1] for values in rows}


@pytest.mark.skipif(not CODELISTS.is_dir(), reason="XBau code lists not found at ../shared/xbau")
@pytest.mark.parametrize("message_type", list(XbauMessageType))
def test_every_message_type_is_a_code_of_its_official_list(message_type: XbauMessageType) -> None:
    ref = message_type.message_list
    official = _official(ref.uri, ref.version)
    assert message_type.value in official
    if message_type.value in ROOT_ELEMENTS:  # the messages we build or read use that list's root element
        assert ROOT_ELEMENTS[message_type.value] == official[message_type.value]


def test_the_emitters_name_the_same_lists_as_the_message_log() -> None:
    assert (
        XbauMessageType.DECISION.message_list.uri,
        XbauMessageType.DECISION.message_list.version,
    ) == MESSAGES_LIST
    kern = XbauMessageType.PORTAL_STATUS.message_list
    assert (kern.uri, kern.version) == KERN_MESSAGES_LIST


def test_every_message_type_says_what_it_is_about() -> None:
    assert XbauMessageType("1170").label == "Statusmitteilung"
    assert all(message_type.topic for message_type in XbauMessageType)
