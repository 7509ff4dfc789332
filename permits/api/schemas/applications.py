from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from permits.api.schemas.common import PageArgs, page_of
from permits.api.schemas.documents import IssuedDocumentSchema
from permits.api.schemas.tasks import TaskSchema
from permits.codelists import APPLICATION_DOCUMENT_TYPES, DocumentType, MeasureType, ProcedureType

_text = validate.Length(max=300)
_postal_code = validate.Regexp(r"^\d{5}$", error="Postleitzahl aus fünf Ziffern.")


class Strict(Schema):
    class Meta:
        unknown = RAISE


class AddressSchema(Strict):
    name = fields.String(validate=_text)
    street = fields.String(validate=_text)
    postal_code = fields.String(validate=_postal_code)
    city = fields.String(validate=_text)
    email = fields.Email(error_messages={"invalid": "Keine gültige E-Mail-Adresse."})


class DesignerSchema(AddressSchema):
    chamber_number = fields.String(validate=validate.Length(max=50))


class ProjectSchema(Strict):
    description = fields.String(validate=validate.Length(max=5000))
    measure_type = fields.String(validate=validate.OneOf([m.value for m in MeasureType]))
    building_class = fields.Integer(validate=validate.Range(min=1, max=5))
    construction_value_cents = fields.Integer(validate=validate.Range(min=0, max=10**13))
    procedure = fields.String(validate=validate.OneOf([p.value for p in ProcedureType]))


class PlotSchema(Strict):
    street = fields.String(validate=_text)
    postal_code = fields.String(validate=_postal_code)
    city = fields.String(validate=_text)
    gemarkung = fields.String(validate=validate.Length(max=100))
    flur = fields.String(validate=validate.Length(max=20))
    zaehler = fields.String(validate=validate.Length(max=20))
    nenner = fields.String(validate=validate.Length(max=20))
    area_m2 = fields.Float(validate=validate.Range(min=0, max=10**8))


class DetailsSchema(Strict):
    applicant = fields.Nested(AddressSchema)
    designer = fields.Nested(DesignerSchema)
    project = fields.Nested(ProjectSchema)
    plot = fields.Nested(PlotSchema)


class FactsSchema(Strict):
    housing_project = fields.Boolean()
    municipality_is_authority = fields.Boolean()


class ApplicationInputSchema(Strict):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    procedure = fields.String(
        load_default="simplified", validate=validate.OneOf([p.value for p in ProcedureType])
    )
    details = fields.Nested(DetailsSchema, load_default=dict)
    geometry = fields.Dict(
        allow_none=True,
        load_default=None,
        metadata={"description": "GeoJSON: {plot, footprints, ancillary?, crs?}"},
    )
    facts = fields.Nested(FactsSchema, load_default=dict)


class ApplicationPatchSchema(ApplicationInputSchema):
    title = fields.String(validate=validate.Length(min=1, max=300))
    procedure = fields.String(validate=validate.OneOf([p.value for p in ProcedureType]))
    details = fields.Nested(DetailsSchema)
    geometry = fields.Dict(allow_none=True)
    facts = fields.Nested(FactsSchema)


class ApplicationDocumentSchema(Schema):
    id = fields.Integer(required=True)
    document_type = fields.String(required=True)
    document_type_label = fields.Function(
        lambda d: DocumentType.label_of(d.document_type) or None, required=True
    )
    filename = fields.String(required=True)
    size = fields.Integer(required=True, allow_none=True, metadata={"description": "null: no file here"})
    sha256 = fields.String(required=True, allow_none=True)
    uploaded_at = fields.DateTime(required=True)
    title = fields.String(allow_none=True, metadata={"description": "XBau anlage/bezeichnung"})
    media_type = fields.String(allow_none=True)
    dated = fields.Date(allow_none=True, metadata={"description": "XBau anlage/datum"})
    version = fields.Integer(allow_none=True, metadata={"description": "XBau anlage/versionsnummer"})
    link_url = fields.String(
        allow_none=True, metadata={"description": "XBau verlinkung: the document is at this address"}
    )
    deferred = fields.Boolean(metadata={"description": "XBau wirdNachgereicht: announced, the file follows"})
    xbau_document_id = fields.String(allow_none=True, metadata={"description": "XBau anhang/dokumentid"})
    received = fields.Boolean(metadata={"description": "the file itself is stored and can be downloaded"})


class DocumentUploadSchema(Schema):
    document_type = fields.String(
        required=True, validate=validate.OneOf([t.value for t in APPLICATION_DOCUMENT_TYPES])
    )


class FileSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ApplicationSchema(Schema):
    id = fields.String(attribute="public_id", required=True)
    status = fields.String(required=True)
    title = fields.String(required=True)
    procedure = fields.String(required=True)
    details = fields.Dict(required=True)
    geometry = fields.Dict(allow_none=True)
    facts = fields.Dict(required=True)
    documents = fields.List(fields.Nested(ApplicationDocumentSchema), required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    submitted_at = fields.DateTime(allow_none=True)
    case_id = fields.Integer(allow_none=True)
    # Read from the case on the model; the detail read model carries them itself.
    file_reference: fields.Field[Any] = fields.Function(
        lambda a: a.case.file_reference if a.case else None, allow_none=True
    )
    xbau_status: fields.Field[Any] = fields.Function(
        lambda a: a.case.status if a.case else None, allow_none=True
    )


class DeadlineSchema(Schema):
    name = fields.String(required=True)
    due_at = fields.DateTime(required=True)


class ApplicationDetailSchema(ApplicationSchema):
    """`permits.services.views.ApplicationView`."""

    file_reference = fields.String(required=True, allow_none=True)
    xbau_status = fields.String(required=True, allow_none=True)
    status_label = fields.String(required=True, allow_none=True)
    open_requests = fields.List(
        fields.Nested(TaskSchema),
        required=True,
        metadata={"description": "Tasks waiting for the applicant (e.g. deficiency notice)"},
    )
    deadlines = fields.List(fields.Nested(DeadlineSchema), required=True)
    issued_documents = fields.List(fields.Nested(IssuedDocumentSchema), required=True)


ApplicationPageSchema = page_of(ApplicationSchema, "ApplicationPageSchema")


class ApplicationListArgs(PageArgs):
    pass
