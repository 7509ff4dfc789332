from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

# German defaults for the messages marshmallow produces, since API errors reach people through portals.
_GERMAN_MESSAGES: dict[type[fields.Field[Any]], dict[str, str]] = {
    fields.Field: {
        "required": "Pflichtfeld.",
        "null": "Darf nicht leer sein.",
        "validator_failed": "Ungültiger Wert.",
    },
    fields.String: {"invalid": "Kein gültiger Text."},
    fields.Integer: {"invalid": "Keine gültige ganze Zahl."},
    fields.Boolean: {"invalid": "Kein gültiger Wahrheitswert."},
    fields.DateTime: {"invalid": "Kein gültiger Zeitpunkt (ISO 8601)."},
    fields.Date: {"invalid": "Kein gültiges Datum (JJJJ-MM-TT)."},
    fields.Dict: {"invalid": "Kein gültiges Objekt."},
    fields.List: {"invalid": "Keine gültige Liste."},
}
for _field_class, _messages in _GERMAN_MESSAGES.items():
    _field_class.default_error_messages = {**_field_class.default_error_messages, **_messages}
Schema.error_messages = {
    **Schema.error_messages,
    "unknown": "Unbekanntes Feld.",
    "type": "Ungültige Eingabe.",
}


class GeometryProblemSchema(Schema):
    path = fields.String(required=True, metadata={"description": "where in the submitted geometry"})
    code = fields.String(required=True, metadata={"description": "machine-readable problem code"})
    message = fields.String(required=True, metadata={"description": "German explanation"})


class ProblemSchema(Schema):
    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    reason = fields.String(metadata={"description": "a finer machine-readable cause, where one exists"})
    problems = fields.List(
        fields.Nested(GeometryProblemSchema),
        metadata={"description": "with invalid_geometry: one entry per rejected feature"},
    )


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class PageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


def page_of(item_schema: type[Schema], name: str) -> type[Schema]:
    """A paginated envelope `{items, page, per_page, total}` for `item_schema`."""
    return type(name, (PageSchema,), {"items": fields.List(fields.Nested(item_schema), required=True)})


def paginate(query: Any, page: int, per_page: int) -> dict[str, Any]:
    from permits.extensions import db

    result = db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)
    return {"items": list(result.items), "page": page, "per_page": per_page, "total": result.total or 0}


def problem_responses(blueprint: Any, *codes: int) -> Any:
    """Document the listed error statuses (and any other, as `default`) as RFC 9457 problem bodies."""

    def decorate(func: Any) -> Any:
        for code in (*codes, "default"):
            func = blueprint.alt_response(
                code,
                schema=ProblemSchema,
                content_type="application/problem+json",
                description="Problem (RFC 9457)",
            )(func)
        return func

    return decorate
