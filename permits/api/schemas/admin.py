from __future__ import annotations

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import PageArgs, page_of
from permits.models import JobStatus


class JobSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True, metadata={"description": "What the job does, in German"})
    status = fields.Enum(JobStatus, by_value=True, required=True)
    status_label = fields.String(required=True)
    case_id = fields.Integer(allow_none=True)
    file_reference = fields.String(attribute="case_file_reference", allow_none=True)
    attempts = fields.Integer(required=True)
    max_attempts = fields.Integer(required=True)
    run_at = fields.DateTime(required=True)
    created_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(allow_none=True)
    last_error_summary = fields.String(
        allow_none=True, metadata={"description": "What went wrong, in German words"}
    )
    last_error = fields.String(allow_none=True, metadata={"description": "Technical details (traceback)"})


JobPageSchema = page_of(JobSchema, "JobPageSchema")


class JobListArgs(PageArgs):
    status = fields.String(
        load_default=JobStatus.FAILED.value,
        validate=validate.OneOf([s.value for s in JobStatus], error="Erlaubt: queued, done, failed."),
        metadata={"description": "failed (the default) lists the incidents"},
    )
