"""XBau text types: `TextFormatiert` holds base64-encoded HTML5, `Text` a list of plain paragraphs."""

from __future__ import annotations

import base64
import binascii
import html
import re

from lxml import html as lxml_html

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Split plain text at blank lines into paragraphs (the `textabsatz` of an XBau `Text`)."""
    parts = [" ".join(p.split()) for p in _BLANK_LINES.split(text.strip())]
    return [p for p in parts if p]


def plain_to_html(text: str) -> str:
    """Plain text -> a minimal HTML5 fragment: one <p> per paragraph, line breaks kept, all escaped."""
    blocks = [b.strip() for b in _BLANK_LINES.split(text.strip()) if b.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in block.splitlines()) + "</p>"
        for block in blocks
    )


def encode_formatted_text(html_fragment: str) -> str:
    """HTML5 -> the base64 string XBau expects in `TextFormatiert/text`."""
    return base64.b64encode(html_fragment.encode("utf-8")).decode("ascii")


def decode_formatted_text(b64: str) -> str:
    """`TextFormatiert/text` -> HTML5 (as sent; render it only through a sanitiser)."""
    try:
        raw = base64.b64decode("".join(b64.split()), validate=True)
    except (binascii.Error, ValueError):
        raw = b""  # cannot happen after schema validation (xs:base64Binary); never crash an import on it
    # The schema guarantees base64, not UTF-8: keep what we can rather than losing the statement.
    return raw.decode("utf-8", errors="replace")


def html_to_plain(html_fragment: str) -> str:
    """Readable plain text of an HTML fragment (paragraphs separated by blank lines)."""
    if not html_fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(html_fragment, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "h4", "div"):
        if el is root:
            continue
        el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    for block in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        joined = "\n".join(line for line in lines if line)
        if joined:
            blocks.append(joined)
    return "\n\n".join(blocks)
