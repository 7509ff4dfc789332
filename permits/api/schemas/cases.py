from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from permits.api.schemas.applications import ApplicationDocumentSchema
from permits.api.schemas.common import PageArgs, page_of
from permits.api.schemas.documents import IssuedDocumentSchema
from permits.api.schemas.geometry import GeometryResultSchema
from permits.api.schemas.reviews import CaseStatementSchema
from permits.api.schemas.tasks import TaskSchema
from permits.codelists import PortalStatus


class CaseSummarySchema(Schema):
    id = fields.Integer(required=True)
    public_id = fields.String(required=True)
    file_reference = fields.String(required=True)
    title = fields.String(required=True)
    process_id = fields.String(required=True)
    status = fields.String(allow_none=True)
    status_label: fields.Field[Any] = fields.Function(
        lambda c: PortalStatus.label_of(c.status) or None, allow_none=True
    )
    created_at = fields.DateTime(required=True)
    closed_at = fields.DateTime(allow_none=True)


class HistoryEntrySchema(Schema):
    at = fields.DateTime(required=True)
    actor = fields.String(required=True)
    action = fields.String(required=True)
    element_id = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class CaseDetailSchema(CaseSummarySchema):
    """`permits.services.views.CaseView`."""

    status_label = fields.String(required=True, allow_none=True)
    process_name = fields.String(required=True)
    details = fields.Dict(required=True)
    open_tasks = fields.List(fields.Nested(TaskSchema), required=True)
    history = fields.List(fields.Nested(HistoryEntrySchema), required=True)
    documents = fields.List(fields.Nested(IssuedDocumentSchema), required=True)
    statements = fields.List(fields.Nested(CaseStatementSchema), required=True)
    geometry = fields.Nested(
        GeometryResultSchema,
        required=True,
        allow_none=True,
        metadata={"description": "the latest plot geometry check; null if none was stored"},
    )
    missing = fields.List(
        fields.String(),
        metadata={"description": "what the application lacks (German), for the completeness check"},
    )
    application_documents = fields.List(
        fields.Nested(ApplicationDocumentSchema),
        metadata={"description": "the application's building documents: files, links, outstanding ones"},
    )


CasePageSchema = page_of(CaseSummarySchema, "CasePageSchema")


class CaseListArgs(PageArgs):
    pass
