from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from marshmallow import Schema, ValidationError, fields, validate

from permits.errors import InvalidInput, NotFound

FieldKind = Literal["text", "textarea", "boolean", "choice", "date", "integer", "decimal"]

# German messages for marshmallow's built-in errors.
_MESSAGES = {
    "required": "Pflichtfeld.",
    "null": "Pflichtfeld.",
    "invalid": "Ungültiger Wert.",
}


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

    def marshmallow_field(self) -> fields.Field[Any]:
        common: dict[str, Any] = {"required": self.required, "error_messages": dict(_MESSAGES)}
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
        return fields.Float(validate=range_, **common)


@dataclass(frozen=True)
class Form:
    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
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
            field_errors = {
                k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in messages.items()
            }
            raise InvalidInput("Bitte prüfen Sie die markierten Felder.", field_errors=field_errors) from None
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cleaned.items()}

    def from_form_post(self, values: dict[str, str]) -> dict[str, Any]:
        """Turn an HTML form post (strings, unchecked boxes absent) into data for `validate`."""
        data: dict[str, Any] = {}
        for f in self.fields:
            raw = values.get(f.name)
            if f.kind == "boolean":
                data[f.name] = raw in ("on", "true", "1", "ja")
            elif raw not in (None, ""):
                data[f.name] = raw
        return data


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
