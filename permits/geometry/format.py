"""German number formatting for messages and drawings (decimal comma, no thousands separator)."""

from __future__ import annotations


def de_number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")
