"""Documents: receipts, deficiency and hearing notices, participation letters, decisions, fees as PDF/A-3b.

Build a view-model from the case (`build_*`), then either issue it now (`issue_document`, in the caller's
transaction) or queue it for the worker (`enqueue_render`). Importing this package registers the
`render_document` job handler; the worker calls `warm_up()` once at start.
"""

from __future__ import annotations

from permits.codelists import ParticipationRole, ProvisionType
from permits.documents.formatting import format_date, format_date_long, format_money
from permits.documents.jobs import enqueue_render, render_document_job
from permits.documents.kinds import DocumentKind
from permits.documents.letterhead import Letterhead, letterhead_from_config
from permits.documents.render import DocumentRenderError, XmlAttachment, render_html, render_pdf, warm_up
from permits.documents.service import get_document, issue_document, list_documents
from permits.documents.viewmodels import (
    ApprovedPlan,
    BuildingPermit,
    DeemedApprovalCertificate,
    DeficiencyNotice,
    FeeItem,
    FeeNotice,
    Finding,
    GeometryCheck,
    HearingNotice,
    ParticipationRequest,
    PostalAddress,
    Provision,
    ReceiptConfirmation,
    Refusal,
    ViewModel,
    build_building_permit,
    build_deemed_approval_certificate,
    build_deficiency_notice,
    build_fee_notice,
    build_hearing_notice,
    build_participation_request,
    build_receipt_confirmation,
    build_refusal,
    view_model_from_dict,
)

__all__ = [
    "ApprovedPlan",
    "BuildingPermit",
    "DeemedApprovalCertificate",
    "DeficiencyNotice",
    "DocumentKind",
    "DocumentRenderError",
    "FeeItem",
    "FeeNotice",
    "Finding",
    "GeometryCheck",
    "HearingNotice",
    "Letterhead",
    "ParticipationRequest",
    "ParticipationRole",
    "PostalAddress",
    "Provision",
    "ProvisionType",
    "ReceiptConfirmation",
    "Refusal",
    "ViewModel",
    "XmlAttachment",
    "build_building_permit",
    "build_deemed_approval_certificate",
    "build_deficiency_notice",
    "build_fee_notice",
    "build_hearing_notice",
    "build_participation_request",
    "build_receipt_confirmation",
    "build_refusal",
    "enqueue_render",
    "format_date",
    "format_date_long",
    "format_money",
    "get_document",
    "issue_document",
    "letterhead_from_config",
    "list_documents",
    "render_document_job",
    "render_html",
    "render_pdf",
    "view_model_from_dict",
    "warm_up",
]
