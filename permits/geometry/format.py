"""German number formatting for messages and drawings."""

from __future__ import annotations


def de_number(value: float, digits: int = 2) -> str:
    """Decimal comma, no thousands separator (coordinates and measurements): 5800005,00."""
    return f"{value:.{digits}f}".replace(".", ",")


def de_count(value: int) -> str:
    """A count with the German thousands separator: 20.000."""
    return f"{value:,}".replace(",", ".")
