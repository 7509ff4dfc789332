"""View-models: one frozen dataclass per document, built from a case plus the procedure's arguments."""

from __future__ import annotations

from permits.documents.kinds import DocumentKind
from permits.documents.viewmodels.base import DocumentHeader, LabelledValue, PostalAddress, ViewModel
from permits.documents.viewmodels.decision import (
    ApprovedPlan,
    BuildingPermit,
    DeemedApprovalCertificate,
    GeometryCheck,
    GeometrySummary,
    Provision,
    Refusal,
    build_building_permit,
    build_deemed_approval_certificate,
    build_refusal,
)
from permits.documents.viewmodels.deficiency import DeficiencyNotice, Finding, build_deficiency_notice
from permits.documents.viewmodels.fee import FeeItem, FeeNotice, build_fee_notice
from permits.documents.viewmodels.hearing import HearingNotice, build_hearing_notice
from permits.documents.viewmodels.participation import ParticipationRequest, build_participation_request
from permits.documents.viewmodels.receipt import ReceiptConfirmation, build_receipt_confirmation

VIEW_MODELS: dict[DocumentKind, type[ViewModel]] = {
    DocumentKind.RECEIPT_CONFIRMATION: ReceiptConfirmation,
    DocumentKind.DEFICIENCY_NOTICE: DeficiencyNotice,
    DocumentKind.PARTICIPATION_REQUEST: ParticipationRequest,
    DocumentKind.HEARING_NOTICE: HearingNotice,
    DocumentKind.BUILDING_PERMIT: BuildingPermit,
    DocumentKind.REFUSAL: Refusal,
    DocumentKind.DEEMED_APPROVAL_CERTIFICATE: DeemedApprovalCertificate,
    DocumentKind.FEE_NOTICE: FeeNotice,
}


def view_model_from_dict(kind: DocumentKind | str, data: dict[str, object]) -> ViewModel:
    """Rebuild a view-model from its `to_dict` form (the render job's payload)."""
    return VIEW_MODELS[DocumentKind(kind)].from_dict(data)


__all__ = [
    "VIEW_MODELS",
    "ApprovedPlan",
    "BuildingPermit",
    "DeemedApprovalCertificate",
    "DeficiencyNotice",
    "DocumentHeader",
    "FeeItem",
    "FeeNotice",
    "Finding",
    "GeometryCheck",
    "GeometrySummary",
    "HearingNotice",
    "LabelledValue",
    "ParticipationRequest",
    "PostalAddress",
    "Provision",
    "ReceiptConfirmation",
    "Refusal",
    "ViewModel",
    "build_building_permit",
    "build_deemed_approval_certificate",
    "build_deficiency_notice",
    "build_fee_notice",
    "build_hearing_notice",
    "build_participation_request",
    "build_receipt_confirmation",
    "build_refusal",
    "view_model_from_dict",
]
