"""German formatting of dates and money for documents. Amounts are integer cents throughout."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

# No-break space: keeps "1.234,56 €" and "§ 69" on one line.
NBSP = "\u00a0"


def format_date(value: date) -> str:
    """02.03.2026: the numeric form used in the information block (DIN 5008)."""
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def format_date_long(value: date) -> str:
    """2. März 2026: the form used in running text."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def format_money(cents: int) -> str:
    """123456 -> '1.234,56 €' (with a no-break space before the euro sign)."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"amounts are integer cents, got {type(cents).__name__}")
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}{grouped},{rest:02d}{NBSP}€"


def format_area(square_metres: float | int) -> str:
    """684 -> '684 m²', 120.1 -> '120,1 m²'."""
    text = f"{square_metres:,.2f}".rstrip("0").rstrip(".")
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{text}{NBSP}m²"


def format_iban(iban: str) -> str:
    """DE02250500000001234567 -> 'DE02 2505 0000 0001 2345 67' (groups of four, as printed on paper)."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
