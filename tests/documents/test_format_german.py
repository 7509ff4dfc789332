from datetime import date

import pytest

from permits.documents.formatting import format_area, format_date, format_date_long, format_iban, format_money
from permits.documents.letterhead import iban_is_valid, split_address


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (0, "0,00"),
        (5, "0,05"),
        (99, "0,99"),
        (100, "1,00"),
        (123456, "1.234,56"),
        (123456789, "1.234.567,89"),
        (-4550, "-45,50"),
    ],
)
def test_money_is_german_with_euro_sign(cents: int, expected: str) -> None:
    assert format_money(cents) == f"{expected}\u00a0€"


@pytest.mark.parametrize("amount", [12.5, "100", True])
def test_money_refuses_anything_but_integer_cents(amount: object) -> None:
    with pytest.raises(TypeError):
        format_money(amount)  # type: ignore[arg-type]


def test_dates_numeric_and_long() -> None:
    assert format_date(date(2026, 3, 2)) == "02.03.2026"
    assert format_date_long(date(2026, 3, 2)) == "2. März 2026"
    assert format_date_long(date(2026, 12, 31)) == "31. Dezember 2026"


def test_area_and_iban() -> None:
    assert format_area(684) == "684\u00a0m²"
    assert format_area(120.1) == "120,1\u00a0m²"
    assert format_area(1234.5) == "1.234,5\u00a0m²"
    assert format_iban("DE89370400440532013000") == "DE89 3704 0044 0532 0130 00"


def test_iban_check_digits() -> None:
    assert iban_is_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_is_valid("DE88370400440532013000")
    assert not iban_is_valid("not an iban")


def test_authority_address_splits_into_lines() -> None:
    assert split_address("Rudolf-Hillebrecht-Platz 1, 30159 Hannover") == (
        "Rudolf-Hillebrecht-Platz 1",
        "30159 Hannover",
    )
