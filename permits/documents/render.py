"""HTML and PDF/A-3b rendering with WeasyPrint, confined to the package's own assets.

Safety: every value reaches the page through Jinja autoescaping, and the URL fetcher serves only files
from `assets/` (plus self-contained data: URIs). Anything else stops the render with DocumentRenderError,
so a document can never embed a local file or call out to the network.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from defusedxml import ElementTree as SafeElementTree
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from permits.config import PROJECT_ROOT
from permits.documents.drawing import svg_data_uri
from permits.documents.formatting import format_area, format_date, format_date_long, format_iban, format_money
from permits.documents.registry import KINDS, spec_of

if TYPE_CHECKING:
    from permits.documents.viewmodels.base import ViewModel

log = logging.getLogger(__name__)

ASSET_DIR = Path(__file__).resolve().parent / "assets"
TEMPLATE_DIR = PROJECT_ROOT / "templates" / "documents"
# A base URL that cannot resolve (RFC 6761 .invalid); the fetcher maps it onto ASSET_DIR and nothing else.
ASSET_BASE_URL = "https://assets.permits.invalid/"
PDF_VARIANT = "pdf/a-3b"
OUTPUT_INTENT = "permits-srgb"
_ATTACHMENT_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


class DocumentRenderError(RuntimeError):
    """The document could not be rendered (a refused resource, a broken template)."""


@dataclass(frozen=True)
class XmlAttachment:
    """An XML file embedded in the PDF/A-3 (e.g. the XBau 0205 message the decision was sent with)."""

    name: str
    content: bytes
    description: str | None = None
    # PDF/A-3 AFRelationship: the XBau message is the machine-readable twin of the printed decision.
    relationship: str = "Alternative"

    def __post_init__(self) -> None:
        if (
            not self.name.endswith(".xml")
            or set(self.name) - _ATTACHMENT_NAME_CHARS
            or self.name.startswith(".")
        ):
            raise ValueError(f"attachment name must be a plain *.xml file name: {self.name!r}")
        if len(self.content) == 0:
            raise ValueError("attachment is empty")
        try:
            # defusedxml refuses entity expansion and external references: we only check well-formedness.
            SafeElementTree.fromstring(self.content)
        except Exception as exc:
            raise ValueError(f"attachment {self.name} is not well-formed XML: {exc}") from exc


def _weasy() -> Any:
    """Import WeasyPrint lazily: web processes that never render a PDF do not pay for it."""
    import weasyprint

    return weasyprint


def _make_fetcher_class() -> type:
    urls = _weasy().urls

    class AssetOnlyFetcher(urls.URLFetcher):  # type: ignore[name-defined,misc]
        """Serves ASSET_DIR under ASSET_BASE_URL and data: URIs; refuses every other URL."""

        def __init__(self) -> None:
            # fail_on_errors: a refused URL raises FatalURLFetchingError instead of a logged warning.
            super().__init__(fail_on_errors=True, allowed_protocols=("https", "data"))
            self.served: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                response = DataHandler().data_open(Request(url))
                return urls.URLFetcherResponse(url, response.read(), dict(response.headers))
            path = asset_path(url)
            self.served.append(path.name)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return AssetOnlyFetcher


@cache
def fetcher_class() -> type:
    return _make_fetcher_class()


def asset_path(url: str) -> Path:
    """The file in ASSET_DIR that `url` names; ValueError for anything outside it."""
    parts = urlsplit(url)
    if not url.startswith(ASSET_BASE_URL) or parts.query or parts.username or parts.port:
        raise ValueError(f"refused to fetch {url!r}: only document assets may be loaded")
    relative = unquote(parts.path).lstrip("/")
    path = (ASSET_DIR / relative).resolve()
    if not path.is_relative_to(ASSET_DIR) or not path.is_file():
        raise ValueError(f"refused to fetch {url!r}: not a document asset")
    return path


@cache
def environment() -> Environment:
    """Own Jinja environment (not Flask's): autoescape always on, unknown names fail loudly."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date=format_date,
        long_date=format_date_long,
        money=format_money,
        area=format_area,
        iban=format_iban,
        svg_data_uri=svg_data_uri,
    )
    return env


def render_html(view_model: ViewModel, *, draft: bool = False) -> str:
    """`draft`: marked "Entwurf" on every page (the decision desk's preview; never stored or sent)."""
    kind = spec_of(view_model)
    template = environment().get_template(kind.template)
    return template.render(
        doc=view_model,
        title=kind.title,
        header=view_model.header,
        letterhead=view_model.header.letterhead,
        draft=draft,
    )


def render_pdf(
    view_model: ViewModel, attachment: XmlAttachment | None = None, *, draft: bool = False
) -> bytes:
    """The document as PDF/A-3b bytes, fonts embedded, with `attachment` embedded where given."""
    html = render_html(view_model, draft=draft)
    return render_html_to_pdf(html, view_model.header.issued_on, attachment)


def render_html_to_pdf(html: str, issued_on: Any, attachment: XmlAttachment | None = None) -> bytes:
    weasyprint = _weasy()
    fetcher = fetcher_class()()
    # Our own sRGB output intent: WeasyPrint's built-in one ("srgb") leaves its ICC file open
    # (a ResourceWarning per render in WeasyPrint 70); the profile is the same file, read once and closed.
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "output_intent": OUTPUT_INTENT}
    profiles = {OUTPUT_INTENT: _srgb_profile(weasyprint)}
    try:
        document = weasyprint.HTML(string=html, base_url=ASSET_BASE_URL, url_fetcher=fetcher).render(
            color_profiles=profiles, **options
        )
        if attachment is not None:
            options["attachments"] = [_attachment(weasyprint, attachment, issued_on, fetcher)]
        pdf = document.write_pdf(**options)
    except weasyprint.urls.FatalURLFetchingError as exc:
        # A BaseException in WeasyPrint; turned into an ordinary error so callers and the job runner
        # (which catches Exception) handle it like any other failure.
        message = f"document refers to a resource outside its assets: {exc.__cause__}"
        raise DocumentRenderError(message) from exc
    assert isinstance(pdf, bytes)
    return pdf


@cache
def _srgb_icc() -> bytes:
    with (Path(_weasy().__file__).parent / "pdf" / "sRGB2014.icc").open("rb") as icc:
        return icc.read()


def _srgb_profile(weasyprint: Any) -> Any:
    # A fresh profile per document: WeasyPrint stores the PDF object reference on it while writing.
    return weasyprint.css.ColorProfile(
        BytesIO(_srgb_icc()), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )


def _attachment(weasyprint: Any, attachment: XmlAttachment, issued_on: Any, fetcher: Any) -> Any:
    # A fixed timestamp (the issue date) instead of "now", so the attachment entry does not vary by run.
    moment = datetime.combine(issued_on, clock_time(12, 0), tzinfo=UTC)
    return weasyprint.Attachment(
        string=attachment.content,
        name=attachment.name,
        description=attachment.description,
        created=moment,
        modified=moment,
        relationship=attachment.relationship,
        url_fetcher=fetcher,
    )


_warm_lock = threading.Lock()
_warm = False

_WARM_UP_HTML = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<link rel="stylesheet" href="documents.css"><title>Warm-up</title></head>
<body><p style="hyphens: auto">Donaudampfschifffahrtsgesellschaftskapitänsmütze und Baugenehmigungsverfahren,
Grundflächenzahlüberschreitung, Abstandsflächenberechnung: Straße, Größe, Übermaß.</p></body></html>"""


def warm_up() -> float:
    """Import WeasyPrint, load fonts and the German hyphenation dictionary, compile the templates.

    Once per process (the worker calls it at start): the first render with hyphens:auto costs ~2 s.
    Returns the seconds spent (0.0 when already warm).
    """
    global _warm
    with _warm_lock:
        if _warm:
            return 0.0
        started = time.perf_counter()
        for kind in KINDS:
            environment().get_template(kind.template)
        render_html_to_pdf(_WARM_UP_HTML, datetime.now(UTC).date())
        _warm = True
        elapsed = time.perf_counter() - started
        log.info("document renderer warmed up in %.2f s", elapsed)
        return elapsed
