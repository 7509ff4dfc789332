from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import PageArgs, page_of
from permits.codelists import GIVEN_VERDICTS, ProvisionType
from permits.models import ReviewRequest


class ConditionSchema(Schema):
    type = fields.String(
        load_default=ProvisionType.OBLIGATION.value,
        validate=validate.OneOf([t.value for t in ProvisionType]),
        metadata={
            "description": "XBau nebenbestimmungart: "
            + ", ".join(f"{code} {label}" for code, label in ProvisionType.choices())
        },
    )
    legal_area = fields.String(allow_none=True, validate=validate.Length(max=200))
    text = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class StatementInputSchema(Schema):
    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in GIVEN_VERDICTS]))
    legal_area = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=200))
    text = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=20000))
    conditions = fields.List(
        fields.Nested(ConditionSchema), load_default=list, validate=validate.Length(max=100)
    )


class StatementSchema(Schema):
    id = fields.Integer(required=True)
    verdict = fields.String(required=True)
    legal_area = fields.String(allow_none=True)
    conditions = fields.List(fields.Dict(), required=True)
    text = fields.String(allow_none=True)
    received_at = fields.DateTime(required=True)
    late = fields.Boolean(
        required=True, metadata={"description": "after the deadline or after deemed consent"}
    )


def _case_facts(review: ReviewRequest) -> dict[str, Any]:
    # Only what an agency needs to judge the project; not the applicant's contact data or task data.
    details = review.case.details or {}
    return {
        "file_reference": review.case.file_reference,
        "title": review.case.title,
        "project": details.get("project", {}),
        "plot": details.get("plot", {}),
        "designer": {"name": (details.get("designer") or {}).get("name")},
    }


def _geometry_passed(review: ReviewRequest) -> bool | None:
    from permits.geometry.service import latest_geometry_check

    check = latest_geometry_check(review.case_id)
    return None if check is None else check.passed


class ReviewRequestSchema(Schema):
    id = fields.String(attribute="public_id", required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    authority = fields.Function(lambda r: r.authority.code, required=True)
    requested_at = fields.DateTime(required=True)
    due_on = fields.Date(attribute="effective_due_on", required=True)
    original_due_on = fields.Date(attribute="due_on", required=True)
    file_reference = fields.Function(lambda r: r.case.file_reference, required=True)


class ReviewRequestDetailSchema(ReviewRequestSchema):
    case = fields.Function(_case_facts, required=True)
    statements = fields.List(fields.Nested(StatementSchema), required=True)
    geometry_passed = fields.Function(_geometry_passed, allow_none=True)
    consequence_of_silence = fields.Function(
        lambda r: "Ohne Stellungnahme bis zum Fristende gilt die Zustimmung als erteilt.", required=True
    )


ReviewRequestPageSchema = page_of(ReviewRequestSchema, "ReviewRequestPageSchema")


class ReviewListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(["open", "answered"]))


class CaseDocumentSchema(Schema):
    id = fields.Integer(required=True)
    document_type = fields.String(required=True)
    filename = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
