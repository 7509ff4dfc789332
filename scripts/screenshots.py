"""Save a screenshot of every page of the portal and the workspace, as each role sees it, for review.

    make run          # in one terminal (demo data in every state)
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:5000] [--out screenshots/]

Signs in as the demo people (password demo-passwort) in Debian's Chromium (Playwright), follows the links a
person would (the first draft, the first submitted application, the first case, the first review request),
and saves each page at 375 px and 1280 px wide as `<role>-<page>-<width>.png`. Prints what it saved.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

PASSWORD = "demo-passwort"
WIDTHS = (375, 1280)


def sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/anmelden")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def first_link(page: Any, pattern: str) -> str | None:
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        if href and re.fullmatch(pattern, href):
            return str(href)
    return None


def shoot(page: Any, base: str, path: str, name: str, out: Path) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        target = out / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"{target}  ({path})")


def architect(page: Any, base: str, out: Path) -> None:
    sign_in(page, base, "architektin")
    shoot(page, base, "/antraege", "architekt-meine-antraege", out)
    shoot(page, base, "/antraege/neu", "architekt-neuer-antrag", out)
    page.goto(base + "/antraege")
    draft = first_link(page, r"/antraege/[0-9a-f-]{36}/bearbeiten")
    if draft:
        for step in (
            "verfahren",
            "bauherr",
            "entwurfsverfasser",
            "beteiligte",
            "grundstueck",
            "vorhaben",
            "lage",
            "unterlagen",
            "zusammenfassung",
        ):
            shoot(page, base, f"{draft}/{step}", f"architekt-schritt-{step}", out)
    page.goto(base + "/antraege")
    room = first_link(page, r"/antraege/[0-9a-f-]{36}")
    if room:
        shoot(page, base, room, "architekt-vorgangsraum", out)
    shoot(page, base, "/konto", "architekt-konto", out)


def officer(page: Any, base: str, out: Path) -> None:
    sign_in(page, base, "sachbearbeitung")
    shoot(page, base, "/aufgaben", "sachbearbeitung-aufgaben", out)
    shoot(page, base, "/vorgaenge", "sachbearbeitung-vorgaenge", out)
    page.goto(base + "/vorgaenge")
    case = first_link(page, r"/vorgaenge/\d+")
    if case:
        shoot(page, base, case, "sachbearbeitung-akte", out)
        shoot(page, base, f"{case}/schriftverkehr", "sachbearbeitung-schriftverkehr", out)
        shoot(page, base, f"{case}/nachrichten", "sachbearbeitung-xbau", out)
    page.goto(base + "/aufgaben")
    task = first_link(page, r"/aufgaben/[0-9a-f-]{36}")
    if task:
        shoot(page, base, task, "sachbearbeitung-aufgabe", out)
    sign_in(page, base, "teamleitung")
    shoot(page, base, "/team", "teamleitung-team", out)


def agency(page: Any, base: str, out: Path) -> None:
    sign_in(page, base, "feuerwehr")
    shoot(page, base, "/beteiligungen", "feuerwehr-beteiligungen", out)
    page.goto(base + "/beteiligungen")
    request = first_link(page, r"/beteiligungen/[0-9a-f-]{36}")
    if request:
        shoot(page, base, request, "feuerwehr-anfrage", out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--out", default="screenshots", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_context(locale="de-DE").new_page()
        for role in (architect, officer, agency):
            role(page, args.base.rstrip("/"), args.out)
        shoot(page, args.base.rstrip("/"), "/", "start", args.out)
        browser.close()


if __name__ == "__main__":
    main()
