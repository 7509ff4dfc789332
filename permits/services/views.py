"""Read models the services hand to the edges: frozen, typed, free of database sessions.

The builders live next to the use cases (`case_view`, `application_view`, `review_view`); the API serialises
these with `permits.api.schemas`, the pages render them. Tasks stay `OpenTask` rows: `TaskSchema` and the
task pages already describe them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from permits.codelists import DocumentType, ProvisionType, Verdict
from permits.models import OpenTask


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    element_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class DocumentView:
    """A document issued in the case (receipt, notice, decision)."""

    id: int
    kind: str
    title: str
    filename: str
    media_type: str
    sha256: str
    created_at: datetime
    supersedes_id: int | None


@dataclass(frozen=True)
class ConditionView:
    """One ancillary provision (Nebenbestimmung) of a statement; `type` is a `ProvisionType` code."""

    type: str
    legal_area: str | None
    text: str

    @property
    def type_label(self) -> str:
        return ProvisionType.label_of(self.type)


@dataclass(frozen=True)
class ReviewSummary:
    """The review request a statement answers."""

    public_id: str
    authority_code: str
    authority_name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    due_on: date


@dataclass(frozen=True)
class AreaVerdictView:
    """The verdict of a statement for one legal area (XBau stellungnahmeStrukturiert)."""

    legal_area: str
    verdict: str
    conditions: tuple[ConditionView, ...]
    reasons: str | None

    @property
    def verdict_label(self) -> str:
        return Verdict.label_of(self.verdict)


@dataclass(frozen=True)
class StatementAttachmentView:
    """A document sent with a statement; `available` is False when only its reference arrived."""

    id: int
    title: str
    legal_area: str | None
    attachment_type: str | None  # DocumentType (XBau anlagen) code
    media_type: str
    filename: str | None
    url: str | None  # a link instead of a file
    size: int | None
    sha256: str | None
    dated: date | None
    available: bool

    @property
    def type_label(self) -> str | None:
        return DocumentType.label_of(self.attachment_type) or None

    @property
    def link(self) -> str | None:
        """The link to follow, if it is one a page may show (the sender chose it: no javascript: etc.)."""
        return self.url if self.url and self.url.lower().startswith(("https://", "http://")) else None


@dataclass(frozen=True)
class StatementView:
    id: int
    review: ReviewSummary
    verdict: str  # the strictest verdict of its areas, when it has areas
    verdict_label: str
    legal_area: str | None
    conditions: tuple[ConditionView, ...]  # all of them, the areas' included
    text: str | None
    received_at: datetime
    late: bool
    areas: tuple[AreaVerdictView, ...] = ()
    notes: str | None = None
    attachments: tuple[StatementAttachmentView, ...] = ()


@dataclass(frozen=True)
class InterimNoteView:
    """An agency's interim message (XBau 0305): a request for more time or another note for the file."""

    authority_name: str
    received_at: datetime
    concern: str
    extension_requested: bool  # the procedure passed it to the officer as a request for more time


@dataclass(frozen=True)
class AgencyCaseFacts:
    """What an agency needs to judge the project; not the applicant's contact data, not task data."""

    file_reference: str
    title: str
    project: dict[str, Any]
    plot: dict[str, Any]
    designer: PersonName


@dataclass(frozen=True)
class PersonName:
    name: str | None


@dataclass(frozen=True)
class ReviewRequestView:
    """A review request as the asked agency (or the authority) reads it."""

    public_id: str
    kind: str
    status: str
    authority_code: str
    requested_at: datetime
    due_on: date  # after an extension, the extended last day
    original_due_on: date
    file_reference: str
    case: AgencyCaseFacts
    statements: tuple[StatementView, ...]
    geometry_passed: bool | None
    consequence_of_silence: str


@dataclass(frozen=True)
class GeometryCheckRow:
    """One rule of the plot check: `measured` must relate to `limit` as `comparison` says."""

    check_id: str
    label: str
    legal_basis: str
    comparison: str
    limit: float
    measured: float
    unit: str
    passed: bool


@dataclass(frozen=True)
class GeometryFinding:
    """What a failed check found at fault, in German."""

    check_id: str
    description: str


@dataclass(frozen=True)
class GeometryAgency:
    """An agency the plot's location requires, and why."""

    agency_type: str
    reason: str
    legal_basis: str
    legal_area: str = ""  # German, e.g. "Brandschutz": what the agency speaks for


@dataclass(frozen=True)
class GeometryView:
    passed: bool
    checked_at: datetime
    checks: tuple[GeometryCheckRow, ...]
    findings: tuple[GeometryFinding, ...]
    agencies: tuple[GeometryAgency, ...]
    notes: tuple[str, ...]
    svg: str | None


@dataclass(frozen=True)
class CaseView:
    """One case with everything the reader may see of it."""

    id: int
    public_id: str
    file_reference: str
    title: str
    process_id: str
    process_name: str
    status: str | None
    status_label: str | None
    created_at: datetime
    closed_at: datetime | None
    details: dict[str, Any]
    open_tasks: tuple[OpenTask, ...]
    history: tuple[HistoryEntry, ...]
    documents: tuple[DocumentView, ...]
    statements: tuple[StatementView, ...]
    geometry: GeometryView | None
    interim_notes: tuple[InterimNoteView, ...] = ()
    # What the application lacks (German labels, from an XBau import) for the completeness check.
    missing: tuple[str, ...] = ()
    # The building documents of the application: files, links and documents still outstanding.
    application_documents: tuple[ApplicationDocumentView, ...] = ()


@dataclass(frozen=True)
class ApplicationDocumentView:
    """A building document of an application; `document_type` is an XBau `anlagen` code.

    Uploaded or sent with an XBau message it has a file (`received`); an XBau `verlinkung` is a link
    (`link_url`), `wirdNachgereicht` an announced document (`deferred`); neither has a file, size or hash.
    """

    id: int
    document_type: str
    filename: str
    size: int | None
    sha256: str | None
    uploaded_at: datetime
    title: str | None = None
    media_type: str | None = None
    dated: date | None = None
    version: int | None = None
    link_url: str | None = None
    deferred: bool = False
    xbau_document_id: str | None = None
    received: bool = True


@dataclass(frozen=True)
class DeadlineView:
    name: str
    due_at: datetime


@dataclass(frozen=True)
class ApplicationView:
    """An application as its applicant follows it; the case fields are None until it is submitted."""

    public_id: str
    status: str
    title: str
    procedure: str
    details: dict[str, Any]
    geometry: dict[str, Any] | None
    facts: dict[str, Any]
    documents: tuple[ApplicationDocumentView, ...]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    case_id: int | None
    file_reference: str | None
    xbau_status: str | None
    status_label: str | None
    open_requests: tuple[OpenTask, ...]
    deadlines: tuple[DeadlineView, ...]
    issued_documents: tuple[DocumentView, ...]
