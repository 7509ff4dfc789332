"""The document kinds, their templates and template versions.

Bump a kind's template version whenever its template (or the shared base template or CSS, for all kinds)
changes in a way that alters the printed document: stored documents record the version they were made with.
"""

from __future__ import annotations

import enum


class DocumentKind(enum.StrEnum):
    """Values are the names the BPMN processes use in `issue_document` (permits/tasks/documents.py)."""

    RECEIPT_CONFIRMATION = "receipt"
    DEFICIENCY_NOTICE = "deficiency_notice"
    PARTICIPATION_REQUEST = "participation_request"
    HEARING_NOTICE = "hearing_notice"
    BUILDING_PERMIT = "approval"
    REFUSAL = "rejection"
    DEEMED_APPROVAL_CERTIFICATE = "deemed_approval_certificate"
    FEE_NOTICE = "fee_notice"

    @property
    def template(self) -> str:
        return f"{self.value}.html"

    @property
    def template_version(self) -> int:
        return TEMPLATE_VERSIONS[self]

    @property
    def label(self) -> str:
        """The German document title, used as the subject's first word and in file names."""
        return TITLES[self]


TEMPLATE_VERSIONS: dict[DocumentKind, int] = {
    DocumentKind.RECEIPT_CONFIRMATION: 1,
    DocumentKind.DEFICIENCY_NOTICE: 1,
    DocumentKind.PARTICIPATION_REQUEST: 1,
    DocumentKind.HEARING_NOTICE: 1,
    DocumentKind.BUILDING_PERMIT: 1,
    DocumentKind.REFUSAL: 1,
    DocumentKind.DEEMED_APPROVAL_CERTIFICATE: 1,
    DocumentKind.FEE_NOTICE: 1,
}

TITLES: dict[DocumentKind, str] = {
    DocumentKind.RECEIPT_CONFIRMATION: "Eingangsbestätigung",
    DocumentKind.DEFICIENCY_NOTICE: "Nachforderung",
    DocumentKind.PARTICIPATION_REQUEST: "Beteiligung",
    DocumentKind.HEARING_NOTICE: "Anhörung",
    DocumentKind.BUILDING_PERMIT: "Baugenehmigung",
    DocumentKind.REFUSAL: "Ablehnung",
    DocumentKind.DEEMED_APPROVAL_CERTIFICATE: "Fiktionsbescheinigung",
    DocumentKind.FEE_NOTICE: "Gebührenbescheid",
}

# Decisions that one may correct with another of these (a refusal replaced by a permit after a lawsuit).
DECISION_KINDS = frozenset(
    {DocumentKind.BUILDING_PERMIT, DocumentKind.REFUSAL, DocumentKind.DEEMED_APPROVAL_CERTIFICATE}
)
