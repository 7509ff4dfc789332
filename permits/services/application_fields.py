"""Reading the wizard's form fields: bounded text, postal codes, German numbers, repeated rows.

Every reader takes the posted form as `{name: [values]}` (what `request.form.to_dict(flat=False)` gives) and
either returns the value or notes a German message under the field's name in `errors`. Writers turn stored
values back into what the form shows (decimal comma, euros with thousands points).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

Form = Mapping[str, Sequence[str]]
Errors = dict[str, list[str]]

MAX_ROWS = 20  # parties, parcels, deviations: every list is bounded
_POSTAL_CODE = re.compile(r"^\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DECIMAL = re.compile(r"^\d{1,6}([,.]\d{1,2})?$")
_EUROS = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")
_ROW_KEY = re.compile(r"^(?P<prefix>[a-z]+)-(?P<index>\d{1,3})-(?P<field>[a-z_]+)$")


def one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return str(values[0]).strip()


def text(form: Form, name: str, errors: Errors, *, limit: int = 200, label: str = "Die Angabe") -> str:
    value = one(form, name)
    if len(value) > limit:
        errors.setdefault(name, []).append(f"{label} darf höchstens {limit} Zeichen lang sein.")
        return ""
    return value


def postal_code(form: Form, name: str, errors: Errors) -> str:
    value = one(form, name)
    if value and not _POSTAL_CODE.match(value):
        errors.setdefault(name, []).append("Geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 30159.")
        return ""
    return value


def email(form: Form, name: str, errors: Errors) -> str:
    value = one(form, name)
    if value and (len(value) > 200 or not _EMAIL.match(value)):
        errors.setdefault(name, []).append("Geben Sie eine E-Mail-Adresse an, z. B. name@example.org.")
        return ""
    return value


def choice(form: Form, name: str, allowed: Sequence[str], errors: Errors, message: str) -> str:
    value = one(form, name)
    if value and value not in allowed:
        errors.setdefault(name, []).append(message)
        return ""
    return value


def decimal(form: Form, name: str, errors: Errors, *, maximum: int, message: str) -> float | None:
    """A number with up to two decimals, written with a comma (a point is read as a comma too)."""
    value = one(form, name).replace(" ", "")
    if not value:
        return None
    if not _DECIMAL.match(value) or not 0 < float(value.replace(",", ".")) <= maximum:
        errors.setdefault(name, []).append(message)
        return None
    number = float(value.replace(",", "."))
    return int(number) if number.is_integer() else number


def whole_number(form: Form, name: str, errors: Errors, *, low: int, high: int, message: str) -> int | None:
    value = one(form, name)
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        errors.setdefault(name, []).append(message)
        return None
    return int(value)


def euros_as_cents(form: Form, name: str, errors: Errors) -> int | None:
    """Euros as Germans write them ("350.000", "350.000,50", "350000") as whole cents."""
    value = one(form, name).replace(" ", "").removesuffix("€").removesuffix("EUR")
    if not value:
        return None
    if not _EUROS.match(value):
        errors.setdefault(name, []).append("Geben Sie den Betrag in Euro an, z. B. 350.000 oder 350.000,50.")
        return None
    try:
        cents = int(Decimal(value.replace(".", "").replace(",", ".")) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        cents = -1
    if not 0 <= cents <= 10**13:
        errors.setdefault(name, []).append("Der Betrag ist zu groß.")
        return None
    return cents


def rows(form: Form, prefix: str) -> list[dict[str, list[str]]]:
    """The rows `<prefix>-<i>-<field>` in index order, each as its own small form; at most MAX_ROWS."""
    found: dict[int, dict[str, list[str]]] = {}
    for key, values in form.items():
        match = _ROW_KEY.match(key)
        if match and match["prefix"] == prefix:
            found.setdefault(int(match["index"]), {})[match["field"]] = list(values)
    return [found[i] for i in sorted(found)][:MAX_ROWS]


def row_errors(prefix: str, index: int, errors: Errors) -> Errors:
    """A row's field errors under the names the page uses (`<prefix>-<i>-<field>`)."""
    return {f"{prefix}-{index}-{field}": messages for field, messages in errors.items()}


def blank(row: Mapping[str, Sequence[str]]) -> bool:
    return not any(str(v).strip() for values in row.values() for v in values)


def decimal_text(value: Any) -> str:
    """7.5 -> "7,5"; None -> ""."""
    if value is None or value == "":
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.2f}".rstrip("0").replace(".", ",")


def euros_text(cents: Any) -> str:
    """35000000 -> "350.000"; 35000050 -> "350.000,50"."""
    if cents is None or cents == "":
        return ""
    whole, rest = divmod(int(cents), 100)
    grouped = f"{whole:,}".replace(",", ".")
    return f"{grouped},{rest:02d}" if rest else grouped
