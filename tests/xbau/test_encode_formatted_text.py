"""TextFormatiert carries base64 HTML5: plain text survives the trip to HTML, base64 and back."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st

from permits.xbau import decode_formatted_text, encode_formatted_text, html_to_plain, plain_to_html

# Printable text without control characters (which HTML cannot carry), in paragraphs.
_WORDS = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs")), min_size=1, max_size=12)
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


@given(st.lists(_PARAGRAPH, min_size=1, max_size=4))
def test_plain_text_round_trips(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)

    encoded = encode_formatted_text(plain_to_html(text))

    assert base64.b64decode(encoded, validate=True)
    assert html_to_plain(decode_formatted_text(encoded)) == text


def test_markup_in_plain_text_is_escaped() -> None:
    assert (
        plain_to_html("a < b & <script>\nzweite Zeile")
        == "<p>a &lt; b &amp; &lt;script&gt;<br>zweite Zeile</p>"
    )


def test_html_from_other_senders_becomes_readable_text() -> None:
    html = (
        "<h2>Auflagen</h2><ul><li>Erstens</li><li>Zweitens</li></ul><p>Mit <b>freundlichen</b><br>Grüßen</p>"
    )

    assert html_to_plain(html) == "Auflagen\n\nErstens\n\nZweitens\n\nMit freundlichen\nGrüßen"
