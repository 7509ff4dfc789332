from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from marshmallow import Schema, ValidationError, fields, validate

from permits.errors import InvalidInput, NotFound

FieldKind = Literal["text", "textarea", "boolean", "choice", "date", "integer", "decimal", "rows"]
# A "rows" field is a list of small records (the decision's Nebenbestimmungen): a JSON list of objects in
# the API, inputs named `<field>-<index>-<sub field>` on a page. Rows whose inputs are all empty are dropped.
ROW_SEPARATOR = "-"
# A rule across fields: gets the cleaned data, returns German messages by field name (empty: all good).
Check = Callable[[Mapping[str, Any]], dict[str, list[str]]]

# German messages for marshmallow's built-in errors.
_MESSAGES = {
    "required": "Pflichtfeld.",
    "null": "Pflichtfeld.",
    "invalid": "Ungültiger Wert.",
}


# German number input: digits, optionally dots grouping thousands, optionally a decimal comma.
_PLAIN = re.compile(r"[+-]?\d+(,\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
# "480,000" or "1,234.50": English grouping or decimal point; in German "480,000" would mean 480.
_ENGLISH = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?|[+-]?\d+\.\d+")
DECIMAL_HINT = "Bitte mit Dezimalkomma eingeben, z. B. 480.000,50 oder 480000,50."


def parse_german_decimal(text: str) -> Decimal:
    """`480.000,50`, `480000,50`, `480.000` → Decimal. Input that reads differently in English
    (`480,000`, `480000.50`, `1,234.50`) or is no number raises ValueError with a German message."""
    value = text.strip()
    if _PLAIN.fullmatch(value) and not _ENGLISH.fullmatch(value):
        return Decimal(value.replace(",", "."))
    if _GROUPED.fullmatch(value):
        return Decimal(value.replace(".", "").replace(",", "."))
    if _ENGLISH.fullmatch(value):
        raise ValueError(f"Mehrdeutige Zahl. {DECIMAL_HINT}")
    raise ValueError(f"Keine gültige Zahl. {DECIMAL_HINT}")


def format_german_decimal(value: float | int | Decimal) -> str:
    """The inverse for prefilled form fields: 480000.5 → `480.000,5`, 480000 → `480.000`."""
    text = f"{Decimal(str(value)):f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = sign + f"{int(whole):,}".replace(",", ".")
    fraction = fraction.rstrip("0")
    return f"{grouped},{fraction}" if fraction else grouped


class GermanDecimal(fields.Float):
    """A decimal number: JSON numbers as they are, text in German notation (pages, API strings)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, str):
            try:
                parsed = parse_german_decimal(value)
            except (ValueError, InvalidOperation) as exc:
                raise ValidationError(str(exc)) from None
            return float(parsed)
        if isinstance(value, bool):
            raise self.make_error("invalid")
        result: float = super()._deserialize(value, attr, data, **kwargs)
        return result


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    help: str = ""
    choices: tuple[Choice, ...] = ()
    max_length: int = 5000
    minimum: float | None = None
    maximum: float | None = None
    row_fields: tuple[Field, ...] = ()  # kind "rows": the fields of one row
    max_rows: int = 50  # kind "rows": an upper bound, like every input

    def marshmallow_field(self) -> fields.Field[Any]:
        common: dict[str, Any] = {"required": self.required, "error_messages": dict(_MESSAGES)}
        if self.kind == "rows":
            row_schema = Schema.from_dict(
                {f.name: f.marshmallow_field() for f in self.row_fields}, name=f"{self.name}_row"
            )
            return fields.List(
                fields.Nested(row_schema, unknown="exclude"),
                validate=validate.Length(max=self.max_rows, error="Höchstens {max} Einträge."),
                load_default=list,
                error_messages=dict(_MESSAGES),
            )
        if not self.required:
            common["load_default"] = None
            common["allow_none"] = True
        if self.kind in ("text", "textarea"):
            return fields.String(
                validate=validate.Length(max=self.max_length, error="Höchstens {max} Zeichen."), **common
            )
        if self.kind == "boolean":
            return fields.Boolean(**common)
        if self.kind == "choice":
            values = [c.value for c in self.choices]
            return fields.String(
                validate=validate.OneOf(values, error="Bitte einen gültigen Wert wählen."), **common
            )
        if self.kind == "date":
            return fields.Date(**common)
        range_ = validate.Range(
            min=self.minimum, max=self.maximum, error="Wert außerhalb des zulässigen Bereichs."
        )
        if self.kind == "integer":
            return fields.Integer(strict=False, validate=range_, **common)
        return GermanDecimal(validate=range_, **common)


@dataclass(frozen=True)
class Form:
    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    checks: tuple[Check, ...] = ()
    # A task done again (a redraft after a return) starts from what was entered the last time.
    prefill_from_previous: bool = False
    _schema: Schema = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        schema_class = Schema.from_dict(
            {f.name: f.marshmallow_field() for f in self.fields}, name=f"{self.name}_schema"
        )
        object.__setattr__(self, "_schema", schema_class())

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        """Return the cleaned data (JSON-ready) or raise InvalidInput with German field errors."""
        try:
            cleaned: dict[str, Any] = self._schema.load(data, unknown="exclude")
        except ValidationError as exc:
            messages = exc.normalized_messages()  # type: ignore[no-untyped-call]
            field_errors = _flat_errors(messages)
            raise InvalidInput("Bitte prüfen Sie die markierten Felder.", field_errors=field_errors) from None
        errors: dict[str, list[str]] = {}
        for check in self.checks:
            for name, messages in check(cleaned).items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise InvalidInput("Bitte prüfen Sie die markierten Felder.", field_errors=errors)
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cleaned.items()}

    def from_form_post(self, values: dict[str, str]) -> dict[str, Any]:
        """Turn an HTML form post (strings, unchecked boxes absent) into data for `validate`."""
        data: dict[str, Any] = {}
        for f in self.fields:
            raw = values.get(f.name)
            if f.kind == "rows":
                data[f.name] = _rows_from_post(f, values)
            elif f.kind == "boolean":
                data[f.name] = raw in ("on", "true", "1", "ja")
            elif raw not in (None, ""):
                data[f.name] = raw
        return data

    def post_values(self, data: Mapping[str, Any]) -> dict[str, str]:
        """Cleaned data as the page form shows it (the inverse of `from_form_post`), for prefilling."""
        values: dict[str, str] = {}
        for f in self.fields:
            value = data.get(f.name)
            if value is None or value == "":
                continue
            if f.kind == "rows":
                for index, row in enumerate(value if isinstance(value, list) else []):
                    row_form = Form(f.name, f.label, f.row_fields)
                    for name, text in row_form.post_values(row).items():
                        values[row_key(f.name, index, name)] = text
            elif f.kind == "boolean":
                if value:
                    values[f.name] = "on"
            elif f.kind == "decimal" and isinstance(value, int | float):
                values[f.name] = format_german_decimal(value)
            else:
                values[f.name] = str(value)
        return values


def row_key(field_name: str, index: int, sub_field: str) -> str:
    """The page input of one row's field: `provisions-0-text`."""
    return f"{field_name}{ROW_SEPARATOR}{index}{ROW_SEPARATOR}{sub_field}"


def row_count(field_name: str, values: Mapping[str, Any]) -> int:
    """How many rows a page post (or prefilled values) holds: one past the highest index given."""
    prefix = f"{field_name}{ROW_SEPARATOR}"
    highest = -1
    for key in values:
        if key.startswith(prefix):
            index, _, _ = key[len(prefix) :].partition(ROW_SEPARATOR)
            if index.isdigit() and len(index) <= 4:
                highest = max(highest, int(index))
    return highest + 1


def _rows_from_post(rows_field: Field, values: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows in index order; empty rows (every input blank) dropped, so a spare row costs nothing. More
    rows than allowed are kept to be refused by the length check, not silently cut."""
    row_form = Form(rows_field.name, rows_field.label, rows_field.row_fields)
    rows = []
    for index in range(min(row_count(rows_field.name, values), rows_field.max_rows + 1)):
        raw = {f.name: values.get(row_key(rows_field.name, index, f.name), "") for f in rows_field.row_fields}
        if any(str(v).strip() for v in raw.values()):
            rows.append(row_form.from_form_post({k: str(v).strip() for k, v in raw.items()}))
    return rows


def _flat_errors(messages: Mapping[Any, Any], prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages ({"provisions": {0: {"text": [...]}}}) as page field names
    (`provisions-0-text`), the way the page names its inputs; top-level fields keep their name."""
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}{ROW_SEPARATOR}{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            flat.update(_flat_errors(value, name))
        else:
            flat[name] = [str(m) for m in (value if isinstance(value, list) else [value])]
    return flat


forms: dict[str, Form] = {}


def register(form: Form) -> Form:
    if form.name in forms:
        raise ValueError(f"form {form.name!r} registered twice")
    forms[form.name] = form
    return form


def get_form(name: str | None) -> Form:
    if name is None or name not in forms:
        raise NotFound(f"Für diese Aufgabe ist kein Formular hinterlegt ({name!r}).")
    return forms[name]
