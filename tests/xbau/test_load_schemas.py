"""Finding and caching the XBau schema set; a missing configuration is a clear 503, not a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask

from permits import create_app
from permits.xbau import XBauSchemaUnavailable, load_schema, schema_dir
from permits.xbau.codes import KERN_NS, XBAU_NS
from permits.xbau.errors import UnexpectedMessage
from permits.xbau.schemas import entry_file_for


def test_schema_folder_comes_from_the_app_config(app: Flask, xsd_dir: Path) -> None:
    assert schema_dir() == xsd_dir.resolve()


def test_unconfigured_folder_is_a_503_with_a_german_message(tmp_path: Path) -> None:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}
    )
    app.config["XBAU_SCHEMA_DIR"] = None
    with app.app_context(), pytest.raises(XBauSchemaUnavailable) as missing:
        schema_dir()

    assert missing.value.status == 503
    assert "nicht eingerichtet" in missing.value.message
    assert missing.value.to_problem()["reason"] == "not_configured"


def test_missing_folder_and_missing_entry_schema_are_reported(tmp_path: Path) -> None:
    with pytest.raises(XBauSchemaUnavailable) as missing:
        schema_dir(tmp_path / "nowhere")
    assert missing.value.details["reason"] == "missing"

    with pytest.raises(XBauSchemaUnavailable) as no_entry:
        load_schema("xbau-nachrichten-baugenehmigung.xsd", tmp_path)
    assert no_entry.value.details["reason"] == "missing_entry_schema"


def test_entry_schemas_are_compiled_once_and_fast(xsd_dir: Path) -> None:
    started = time.perf_counter()
    first = load_schema("xbau-nachrichten-beteiligung.xsd", xsd_dir)
    assert load_schema("xbau-nachrichten-beteiligung.xsd", xsd_dir) is first
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("namespace", "root", "entry"),
    [
        (XBAU_NS, "baugenehmigung.antrag.0200", "xbau-nachrichten-baugenehmigung.xsd"),
        (XBAU_NS, "beteiligung.stellungnahme.0303", "xbau-nachrichten-beteiligung.xsd"),
        (
            XBAU_NS,
            "prozessnachrichten.aktenraum.anlegen.0150",
            "xbau-bauordnungsrechtlicheProzessnachrichten.xsd",
        ),
        (KERN_NS, "prozessnachrichten.gebuehrenbescheid.1160", "xbau-kernmodul-prozessnachrichten.xsd"),
        (KERN_NS, "universellerAntrag.antrag.1200", "xbau-kernmodul-universellerAntrag.xsd"),
    ],
)
def test_entry_schema_per_message_family(namespace: str, root: str, entry: str, xsd_dir: Path) -> None:
    assert entry_file_for(namespace, root) == entry
    assert (xsd_dir / entry).is_file()


@pytest.mark.parametrize(
    ("namespace", "root"), [("urn:other", "baugenehmigung.antrag.0200"), (XBAU_NS, "../x.y")]
)
def test_unknown_roots_do_not_pick_a_schema(namespace: str, root: str) -> None:
    with pytest.raises(UnexpectedMessage):
        entry_file_for(namespace, root)
