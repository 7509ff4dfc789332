"""Hostile case data prints as text; nothing outside the asset folder is ever fetched or embedded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from permits.documents import render_html, render_pdf
from permits.documents.drawing import sanitize_site_drawing
from permits.documents.render import (
    ASSET_BASE_URL,
    DocumentRenderError,
    asset_path,
    fetcher_class,
    render_html_to_pdf,
)
from permits.errors import InvalidInput
from tests.documents.document_helpers import build_example, contains, make_case, pdf_reader, pdf_text
from tests.documents.examples import example_details

HOSTILE_NAME = "<img src=file:///etc/passwd>"
HOSTILE_STREET = '<a rel="attachment" href="file:///etc/hostname">Anhang</a>'
HOSTILE_CONDITION = '<link rel="stylesheet" href="http://example.com/x.css"><script>alert(1)</script>'
UNBREAKABLE = "Ü" * 400


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every URL the renderer asks for."""
    urls: list[str] = []
    cls = fetcher_class()
    original = cls.fetch

    def spy(self: Any, url: str, headers: Any = None) -> Any:
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(cls, "fetch", spy)
    yield urls


def _hostile_case() -> Any:
    details = example_details()
    details["applicant"].update(name=HOSTILE_NAME, street=HOSTILE_STREET)
    details["project"]["description"] = UNBREAKABLE
    return make_case(details)


def test_hostile_data_prints_literally_and_fetches_only_assets(fetched: list[str]) -> None:
    conditions = [{"type": "2", "legal_area": "Brandschutz", "text": HOSTILE_CONDITION}]
    view_model = build_example("approval", _hostile_case(), conditions=conditions)
    html = render_html(view_model)
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert "<script>" not in html

    pdf = render_pdf(view_model)
    text = pdf_text(pdf)
    assert HOSTILE_NAME in text
    assert contains(text, "Anhang</a>")
    assert contains(text, "<script>alert(1)</script>")
    assert contains(text, UNBREAKABLE[:50])
    assert pdf_reader(pdf).attachments == {}
    assert fetched, "the spy saw no fetch at all"
    assert all(url.startswith((ASSET_BASE_URL, "data:")) for url in fetched), fetched
    assert len(pdf_reader(pdf).pages) < 8  # the unbreakable word wraps instead of blowing up the layout


def test_markup_that_reaches_the_renderer_cannot_load_local_files() -> None:
    html = '<html><body><p>x</p><img src="file:///etc/hostname"></body></html>'
    with pytest.raises(DocumentRenderError):
        render_html_to_pdf(html, build_example("rejection").header.issued_on)
    attachment = '<html><body><a rel="attachment" href="file:///etc/hostname">a</a></body></html>'
    with pytest.raises(DocumentRenderError):
        render_html_to_pdf(attachment, build_example("rejection").header.issued_on)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/documents.css",
        ASSET_BASE_URL + "../render.py",
        ASSET_BASE_URL + "%2e%2e/render.py",
        ASSET_BASE_URL + "missing.css",
        "https://assets.permits.invalid.example.com/documents.css",
    ],
)
def test_asset_paths_stay_inside_the_asset_folder(url: str) -> None:
    with pytest.raises(ValueError):
        asset_path(url)


def test_asset_path_serves_the_stylesheet() -> None:
    assert asset_path(ASSET_BASE_URL + "documents.css").name == "documents.css"


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://x/y.css";</style></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="file:///etc/passwd#a"/></svg>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
)
def test_site_drawing_must_be_self_contained(svg: str) -> None:
    with pytest.raises(InvalidInput):
        sanitize_site_drawing(svg)


def test_internal_references_in_drawing_are_fine() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><pattern id="p"/></defs>'
        '<rect fill="url(#p)" width="1" height="1"/><use href="#p"/></svg>'
    )
    assert "url(#p)" in sanitize_site_drawing(svg)
