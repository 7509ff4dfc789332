"""An officer opens the XBau message log from the case page, reads it and downloads a message."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from permits.extensions import db
from permits.models import MessageDirection
from tests.browser.conftest import assert_accessible
from tests.factories import CaseFactory, XbauMessageFactory


def test_officer_reads_the_message_log_and_downloads_a_message(live_server, page, people, tmp_path):
    case = CaseFactory()
    XbauMessageFactory(
        case=case,
        direction=MessageDirection.INBOUND,
        message_type="0200",
        author="bap:03000000",
        reader="bab:03241001",
        created_at=datetime(2026, 12, 4, 13, 3, tzinfo=UTC),
    )
    decision = XbauMessageFactory(
        case=case,
        message_type="0205",
        valid=False,
        validation_errors=[{"path": "/xbau:baugenehmigung.bescheid.0205", "line": 3, "message": "kaputt"}],
        created_at=datetime(2026, 12, 5, 9, 0, tzinfo=UTC),
    )
    db.session.commit()

    page.goto(f"{live_server}/anmelden")
    page.fill("#username", "sachbearbeitung")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")
    page.goto(f"{live_server}/vorgaenge/{case.id}")
    page.get_by_role("link", name="XBau-Nachrichten dieses Vorgangs").click()

    assert page.url.endswith(f"/vorgaenge/{case.id}/nachrichten")
    rows = page.locator("table.messages tbody tr")
    assert rows.count() == 2
    assert "0205 Bescheid" in rows.nth(0).inner_text() and "ungültig: Zeile 3" in rows.nth(0).inner_text()
    assert "04.12.2026 14:03" in rows.nth(1).inner_text() and "eingegangen" in rows.nth(1).inner_text()
    assert_accessible(page)

    with page.expect_download() as download:
        rows.nth(0).get_by_role("link").click()
    saved = Path(tmp_path / "message.xml")
    download.value.save_as(saved)
    assert saved.read_bytes() == decision.xml
    assert download.value.suggested_filename.endswith(f"_0205_{decision.message_uuid}.xml")
