"""The site drawing (an SVG string from the geometry check), made safe to print.

The drawing is embedded as a data URI, so its markup can never mix with the document's HTML. It must be
self-contained: scripts, foreign content, raster images and references outside the drawing are refused
here, with a clear error, before rendering; the asset-only URL fetcher is the second line of defence.
"""

from __future__ import annotations

import base64
import re

from lxml import etree

from permits.errors import InvalidInput

SVG_NS = "http://www.w3.org/2000/svg"
MAX_DRAWING_BYTES = 2 * 1024 * 1024
_FORBIDDEN_ELEMENTS = {
    "script",
    "foreignObject",
    "image",
    "feImage",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
}
_EXTERNAL_URL = re.compile(r"url\(\s*(?!['\"]?#)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


def sanitize_site_drawing(svg: str) -> str:
    """Return the drawing re-serialised after checking it is a self-contained SVG; InvalidInput if not."""
    raw = svg.encode("utf-8")
    if len(raw) > MAX_DRAWING_BYTES:
        _refuse("Die Lageplanzeichnung ist zu groß.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        _refuse("Die Lageplanzeichnung ist kein gültiges SVG.")
    if root.getroottree().docinfo.doctype:
        _refuse("Die Lageplanzeichnung darf keine DOCTYPE-Deklaration enthalten.")
    if root.tag != f"{{{SVG_NS}}}svg":
        _refuse("Die Lageplanzeichnung muss ein SVG-Element sein.")
    for element in root.iter():
        _check_element(element)
    cleaned: str = etree.tostring(root, encoding="unicode")
    return cleaned


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _check_element(element: etree._Element) -> None:
    if not isinstance(element.tag, str):  # comments and processing instructions
        if isinstance(element, etree._ProcessingInstruction):
            _refuse("Die Lageplanzeichnung enthält eine Verarbeitungsanweisung.")
        return
    local = etree.QName(element).localname
    if local in _FORBIDDEN_ELEMENTS:
        _refuse(f"Die Lageplanzeichnung enthält ein unzulässiges Element ({local}).")
    if (
        local == "style"
        and element.text
        and (_EXTERNAL_URL.search(element.text) or _IMPORT.search(element.text))
    ):
        _refuse("Die Lageplanzeichnung verweist auf externe Ressourcen.")
    for name, value in element.attrib.items():
        attribute = etree.QName(name).localname
        if attribute.lower().startswith("on"):
            _refuse("Die Lageplanzeichnung enthält Skript-Attribute.")
        if attribute == "href" and not value.strip().startswith("#"):
            _refuse("Die Lageplanzeichnung verweist auf externe Ressourcen.")
        if _EXTERNAL_URL.search(value) or _IMPORT.search(value):
            _refuse("Die Lageplanzeichnung verweist auf externe Ressourcen.")


def _refuse(message: str) -> None:
    raise InvalidInput(message, field_errors={"site_drawing_svg": [message]})
