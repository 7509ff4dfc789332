"""The one place that decides whether a `next` target may be followed: same-site relative paths only."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit


def _has_invisible_or_backslash(text: str) -> bool:
    # Browsers drop tabs and newlines inside URLs and treat a backslash like a slash, so `/\t/evil` and
    # `/\evil` both become `//evil` (another host). Refuse every control, format and whitespace character.
    return any(ch == "\\" or ch.isspace() or unicodedata.category(ch).startswith("C") for ch in text)


def is_safe_path(target: str) -> bool:
    """True for `/aufgaben?ansicht=meine`, false for anything that could leave the site."""
    if not target.startswith("/") or target.startswith("//"):
        return False
    decoded = target
    for _ in range(3):  # a doubly encoded `%252F` must not survive as a slash either
        if _has_invisible_or_backslash(decoded) or decoded.startswith("//"):
            return False
        parts = urlsplit(decoded)
        if parts.scheme or parts.netloc:
            return False
        decoded = unquote(decoded)
    return not (_has_invisible_or_backslash(decoded) or decoded.startswith("//"))


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, otherwise `fallback`."""
    if target and is_safe_path(target):
        return target
    return fallback
