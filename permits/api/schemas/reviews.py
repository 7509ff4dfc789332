"""Review requests to agencies and their statements. Shapes only: the statement rules (a text per condition,
at least one condition with consent_with_conditions) live in `permits.participation.reviews`."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from marshmallow.utils import get_value

from permits.api.schemas.common import PageArgs, page_of
from permits.codelists import GIVEN_VERDICTS, ProvisionType, ReviewKind, ReviewStatus, Verdict

_PROVISION_TYPES = "XBau nebenbestimmungart: " + ", ".join(
    f"{code} {label}" for code, label in ProvisionType.choices()
)


class ConditionSchema(Schema):
    # No default: a condition without a type is refused with the other statement rules
    # (`participation.statement_rules`), never silently made an Auflage.
    type = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf([t.value for t in ProvisionType]),
        metadata={"description": _PROVISION_TYPES},
    )
    legal_area = fields.String(allow_none=True, validate=validate.Length(max=200))
    text = fields.String(required=True, validate=validate.Length(max=5000))


class AreaInputSchema(Schema):
    """The verdict for one legal area (XBau stellungnahmeStrukturiert)."""

    legal_area = fields.String(required=True, validate=validate.Length(min=1, max=200))
    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in GIVEN_VERDICTS]))
    conditions = fields.List(
        fields.Nested(ConditionSchema), load_default=list, validate=validate.Length(max=100)
    )
    reasons = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=20000))


class StatementInputSchema(Schema):
    verdict = fields.String(
        required=True,
        validate=validate.OneOf([v.value for v in GIVEN_VERDICTS]),
        metadata={"description": "with `areas`: the strictest of their verdicts (one objection objects)"},
    )
    legal_area = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=200))
    text = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=20000))
    conditions = fields.List(
        fields.Nested(ConditionSchema), load_default=list, validate=validate.Length(max=100)
    )
    areas = fields.List(
        fields.Nested(AreaInputSchema),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "optional: one verdict per legal area; their conditions join `conditions`"},
    )
    notes = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=20000),
        metadata={"description": "hints for the whole statement (XBau hinweise)"},
    )


class ProvisionSchema(Schema):
    """A stored condition of a statement (a dict on the model, a `ConditionView` in read models)."""

    type = fields.String(required=True, metadata={"description": _PROVISION_TYPES})
    type_label = fields.Function(
        lambda c: ProvisionType.label_of(get_value(c, "type")) or None, required=True, allow_none=True
    )
    legal_area = fields.String(required=True, allow_none=True)
    text = fields.String(required=True)


class AreaVerdictSchema(Schema):
    """`permits.services.views.AreaVerdictView`."""

    legal_area = fields.String(required=True)
    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in GIVEN_VERDICTS]))
    verdict_label = fields.String(required=True)
    conditions = fields.List(fields.Nested(ProvisionSchema), required=True)
    reasons = fields.String(required=True, allow_none=True)


class StatementAttachmentSchema(Schema):
    """`permits.services.views.StatementAttachmentView`: download it from
    `/api/v1/review-requests/{id}/attachments/{attachment_id}` when `available`."""

    id = fields.Integer(required=True)
    title = fields.String(required=True)
    legal_area = fields.String(required=True, allow_none=True)
    attachment_type = fields.String(
        required=True, allow_none=True, metadata={"description": "XBau anlagen code (DocumentType)"}
    )
    attachment_type_label = fields.String(attribute="type_label", required=True, allow_none=True)
    media_type = fields.String(required=True)
    filename = fields.String(required=True, allow_none=True)
    url = fields.String(required=True, allow_none=True, metadata={"description": "a link instead of a file"})
    size = fields.Integer(required=True, allow_none=True)
    sha256 = fields.String(required=True, allow_none=True)
    dated = fields.Date(required=True, allow_none=True)
    available = fields.Boolean(required=True, metadata={"description": "the file itself was received"})


class StatementSchema(Schema):
    id = fields.Integer(required=True)
    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in Verdict]))
    verdict_label = fields.Function(lambda s: Verdict.label_of(get_value(s, "verdict")), required=True)
    legal_area = fields.String(required=True, allow_none=True)
    conditions = fields.List(fields.Nested(ProvisionSchema), required=True)
    text = fields.String(required=True, allow_none=True)
    received_at = fields.DateTime(required=True)
    late = fields.Boolean(
        required=True, metadata={"description": "after the deadline or after deemed consent"}
    )
    areas = fields.List(
        fields.Nested(AreaVerdictSchema),
        required=True,
        metadata={"description": "one verdict per legal area; `verdict` is the strictest of them"},
    )
    notes = fields.String(required=True, allow_none=True, metadata={"description": "XBau hinweise"})
    attachments = fields.List(fields.Nested(StatementAttachmentSchema), required=True)


class ReviewSummarySchema(Schema):
    """The review request a statement answers (`permits.services.views.ReviewSummary`)."""

    id = fields.String(attribute="public_id", required=True)
    authority = fields.String(attribute="authority_code", required=True)
    authority_name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in ReviewKind]))
    kind_label = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in ReviewStatus]))
    status_label = fields.String(required=True)
    due_on = fields.Date(required=True)


class CaseStatementSchema(StatementSchema):
    """A statement as the case shows it, with the request it answers."""

    review_request_id = fields.String(attribute="review.public_id", required=True)
    authority = fields.String(attribute="review.authority_code", required=True)
    review_request = fields.Nested(ReviewSummarySchema, attribute="review", required=True)


class ReviewRequestSchema(Schema):
    id = fields.String(attribute="public_id", required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    authority = fields.String(attribute="authority.code", required=True)
    requested_at = fields.DateTime(required=True)
    due_on = fields.Date(attribute="effective_due_on", required=True)
    original_due_on = fields.Date(attribute="due_on", required=True)
    file_reference = fields.String(attribute="case.file_reference", required=True)


class DesignerNameSchema(Schema):
    name = fields.String(required=True, allow_none=True)


class AgencyCaseSchema(Schema):
    """What an agency learns of the case (`permits.services.views.AgencyCaseFacts`)."""

    file_reference = fields.String(required=True)
    title = fields.String(required=True)
    project = fields.Dict(required=True)
    plot = fields.Dict(required=True)
    designer = fields.Nested(DesignerNameSchema, required=True)


class ReviewRequestDetailSchema(Schema):
    """`permits.services.views.ReviewRequestView`."""

    id = fields.String(attribute="public_id", required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    authority = fields.String(attribute="authority_code", required=True)
    requested_at = fields.DateTime(required=True)
    due_on = fields.Date(required=True)
    original_due_on = fields.Date(required=True)
    file_reference = fields.String(required=True)
    case = fields.Nested(AgencyCaseSchema, required=True)
    statements = fields.List(fields.Nested(StatementSchema), required=True)
    geometry_passed = fields.Boolean(required=True, allow_none=True)
    consequence_of_silence = fields.String(required=True)


ReviewRequestPageSchema = page_of(ReviewRequestSchema, "ReviewRequestPageSchema")


class ReviewListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(["open", "answered"]))


class CaseDocumentSchema(Schema):
    id = fields.Integer(required=True)
    document_type = fields.String(required=True)
    filename = fields.String(required=True)
    size = fields.Integer(required=True, allow_none=True, metadata={"description": "null: no file here"})
    sha256 = fields.String(required=True, allow_none=True)
    title = fields.String(allow_none=True)
    link_url = fields.String(allow_none=True, metadata={"description": "XBau verlinkung: the file is there"})
    deferred = fields.Boolean(metadata={"description": "XBau wirdNachgereicht: the file follows later"})
