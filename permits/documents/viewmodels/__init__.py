"""View-models: one frozen dataclass per document, its builder (case + arguments) and its adapter (what a
procedure step knows → the builder's arguments). Which kind each one is: `permits.documents.registry`."""

from __future__ import annotations

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

__all__ = [
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
]
