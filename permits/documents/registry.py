"""The document kinds: one record per kind, and the only list of them.

To add a document kind:

1. In `viewmodels/<thing>.py` write the view-model (a frozen dataclass of exactly what the template
   prints), its builder `build_<thing>(case, *, ..., case_officer, issued_on=None, letterhead=None)` and
   its adapter `<thing>_arguments(case, given, process)`: what a BPMN `issue_document` step knows (its
   `arguments`, the process data, the case's records) turned into the builder's keyword arguments.
2. Add its template `templates/documents/<name>.html` (extending `base.html`).
3. Add ONE `DocumentKindSpec` entry to `KINDS` below (with `xbau_twin` when an XBau message carries it).

Nothing else lists document kinds: the BPMN step, the render job, the warm-up, the read models and the
tests all read this table. Bump an entry's `template_version` whenever its template (or `base.html` /
`documents.css`, then for every kind) changes what is printed: a stored document records its version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from permits.codelists import DocumentType
from permits.documents.viewmodels import (
    base,
    decision,
    deficiency,
    fee,
    hearing,
    participation,
    receipt,
    withdrawal,
)
from permits.errors import InvalidInput
from permits.models import Case, Role

# (case, the step's `arguments`, the process data) -> the builder's keyword arguments, JSON only.
Adapter = Callable[[Case, Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]

# Who may see a kind: the staff see every document; the applicant's side (architects) the letters to the
# applicant; agencies the requests addressed to them.
STAFF = frozenset({Role.CASE_OFFICER, Role.ADMIN})
TO_APPLICANT = STAFF | {Role.ARCHITECT}
TO_AGENCY = STAFF | {Role.AGENCY}


@dataclass(frozen=True)
class DocumentKindSpec:
    name: str  # what BPMN `issue_document` names and IssuedDocument.kind stores
    title: str  # German: the page foot, the stored title and the file name
    template: str  # in templates/documents/
    view_model: type[base.ViewModel]
    build: Callable[..., base.ViewModel]
    adapt: Adapter
    anlage: DocumentType  # XBau anlagen code when the PDF travels with a message
    audiences: frozenset[Role]
    template_version: int = 1
    # Decisions may correct one another (a refusal replaced by a permit after a lawsuit).
    decision: bool = False
    # The XBau message sent with this document ("0205" …): built when the document is requested and
    # embedded in the PDF/A-3 as its associated file, byte for byte as stored and sent.
    xbau_twin: str | None = None
    # The applicant is told by e-mail when a document of this kind is issued (documents/notifications.py).
    mails_applicant: bool = False

    def visible_to(self, role: Role) -> bool:
        return role in self.audiences


KINDS: tuple[DocumentKindSpec, ...] = (
    DocumentKindSpec(
        name="receipt",
        title="Eingangsbestätigung",
        template="receipt.html",
        view_model=receipt.ReceiptConfirmation,
        build=receipt.build_receipt_confirmation,
        adapt=receipt.receipt_arguments,
        anlage=DocumentType.RECEIPT,
        audiences=TO_APPLICANT,
    ),
    DocumentKindSpec(
        name="deficiency_notice",
        title="Nachforderung",
        template="deficiency_notice.html",
        view_model=deficiency.DeficiencyNotice,
        build=deficiency.build_deficiency_notice,
        adapt=deficiency.deficiency_arguments,
        anlage=DocumentType.DEFICIENCY_LETTER,
        audiences=TO_APPLICANT,
        template_version=2,  # 2: period and legal basis of the deemed withdrawal from the rule table
        xbau_twin="0201",
        mails_applicant=True,
    ),
    DocumentKindSpec(
        name="participation_request",
        title="Beteiligung",
        template="participation_request.html",
        view_model=participation.ParticipationRequest,
        build=participation.build_participation_request,
        adapt=participation.participation_arguments,
        anlage=DocumentType.REQUEST,
        audiences=TO_AGENCY,
        xbau_twin="0300",
    ),
    DocumentKindSpec(
        name="hearing_notice",
        title="Anhörung",
        template="hearing_notice.html",
        view_model=hearing.HearingNotice,
        build=hearing.build_hearing_notice,
        adapt=hearing.hearing_arguments,
        anlage=DocumentType.COVER_LETTER,
        audiences=TO_APPLICANT,
        mails_applicant=True,
    ),
    DocumentKindSpec(
        name="approval",
        title="Baugenehmigung",
        template="approval.html",
        template_version=2,  # 2: rulings on the requested deviations (Abweichungen, Befreiungen)
        view_model=decision.BuildingPermit,
        build=decision.build_building_permit,
        adapt=decision.approval_arguments,
        anlage=DocumentType.DECISION,
        audiences=TO_APPLICANT,
        decision=True,
        xbau_twin="0205",
        mails_applicant=True,
    ),
    DocumentKindSpec(
        name="rejection",
        title="Ablehnung",
        template="rejection.html",
        view_model=decision.Refusal,
        build=decision.build_refusal,
        adapt=decision.refusal_arguments,
        anlage=DocumentType.DECISION,
        audiences=TO_APPLICANT,
        decision=True,
        xbau_twin="0205",
        mails_applicant=True,
    ),
    DocumentKindSpec(
        name="deemed_approval_certificate",
        title="Fiktionsbescheinigung",
        template="deemed_approval_certificate.html",
        view_model=decision.DeemedApprovalCertificate,
        build=decision.build_deemed_approval_certificate,
        adapt=decision.deemed_approval_arguments,
        anlage=DocumentType.DECISION,
        audiences=TO_APPLICANT,
        decision=True,
        mails_applicant=True,
    ),
    DocumentKindSpec(
        name="deemed_withdrawal_notice",
        title="Rücknahmefiktion",
        template="deemed_withdrawal_notice.html",
        view_model=withdrawal.DeemedWithdrawalNotice,
        build=withdrawal.build_deemed_withdrawal_notice,
        adapt=withdrawal.deemed_withdrawal_arguments,
        anlage=DocumentType.COVER_LETTER,
        audiences=TO_APPLICANT,
    ),
    DocumentKindSpec(
        name="fee_notice",
        title="Gebührenbescheid",
        template="fee_notice.html",
        view_model=fee.FeeNotice,
        build=fee.build_fee_notice,
        adapt=fee.fee_notice_arguments,
        anlage=DocumentType.FEE_NOTICE,
        audiences=TO_APPLICANT,
        xbau_twin="1160",
    ),
)

_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_VIEW_MODEL = {kind.view_model: kind for kind in KINDS}
if len(_BY_NAME) != len(KINDS) or len(_BY_VIEW_MODEL) != len(KINDS):
    raise ValueError("every document kind needs its own name and view-model class")
KIND_NAMES = frozenset(_BY_NAME)


def spec(name: str) -> DocumentKindSpec:
    """The kind called `name`; InvalidInput for anything not in `KINDS`."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise InvalidInput(
            f"Unbekannte Dokumentart {name!r}.", field_errors={"kind": ["Unbekannt."]}
        ) from None


def spec_of(view_model: base.ViewModel) -> DocumentKindSpec:
    """The kind a view-model belongs to."""
    return _BY_VIEW_MODEL[type(view_model)]


def view_model_from_dict(kind: str, data: dict[str, Any]) -> base.ViewModel:
    """Rebuild a view-model from its `to_dict` form (the render job's payload)."""
    return spec(kind).view_model.from_dict(data)
