"""The latest plot geometry check of a case (`permits.services.views.GeometryView`)."""

from __future__ import annotations

from marshmallow import Schema, fields


class GeometryCheckRowSchema(Schema):
    check_id = fields.String(required=True)
    label = fields.String(required=True)
    legal_basis = fields.String(required=True)
    comparison = fields.String(
        required=True, metadata={"description": "how `measured` must relate to `limit` to pass: <= or >="}
    )
    limit = fields.Float(required=True)
    measured = fields.Float(required=True)
    unit = fields.String(required=True, metadata={"description": "m, m² or empty for ratios"})
    passed = fields.Boolean(required=True)


class GeometryFindingSchema(Schema):
    check_id = fields.String(required=True)
    description = fields.String(required=True)


class GeometryAgencySchema(Schema):
    agency_type = fields.String(required=True)
    reason = fields.String(required=True)
    legal_basis = fields.String(required=True)


class GeometryResultSchema(Schema):
    passed = fields.Boolean(required=True)
    checked_at = fields.DateTime(required=True)
    checks = fields.List(fields.Nested(GeometryCheckRowSchema), required=True)
    findings = fields.List(
        fields.Nested(GeometryFindingSchema),
        required=True,
        metadata={"description": "what the failed checks found at fault"},
    )
    agencies = fields.List(
        fields.Nested(GeometryAgencySchema),
        required=True,
        metadata={"description": "agencies the plot's location requires"},
    )
    notes = fields.List(fields.String(), required=True)
