"""Documents issued in a case (receipt, notices, decision) as the API lists them."""

from __future__ import annotations

from marshmallow import Schema, fields


class IssuedDocumentSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    sha256 = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    supersedes_id = fields.Integer(required=True, allow_none=True)
