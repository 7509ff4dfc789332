"""Read model of a review request for the asked agency: the case facts it needs, its statements so far."""

from __future__ import annotations

from permits.codelists import ReviewKind
from permits.models import ReviewRequest
from permits.services.case_view import geometry_passed, review_summary, statement_view
from permits.services.views import AgencyCaseFacts, PersonName, ReviewRequestView

# What silence until the deadline means (domain brief §3 steps 4 and 5).
CONSEQUENCE_OF_SILENCE = {
    ReviewKind.PARTICIPATION: "Ohne Stellungnahme bis zum Fristende gilt die Zustimmung als erteilt.",
    ReviewKind.MUNICIPAL_CONSENT: "Ohne Antwort bis zum Fristende gilt das Einvernehmen als erteilt "
    "(§ 36 Abs. 2 Satz 2 BauGB).",
}


def agency_case_facts(review: ReviewRequest) -> AgencyCaseFacts:
    # Only what an agency needs to judge the project: not the applicant's contact data, not task data.
    details = review.case.details or {}
    return AgencyCaseFacts(
        file_reference=review.case.file_reference,
        title=review.case.title,
        project=dict(details.get("project") or {}),
        plot=dict(details.get("plot") or {}),
        designer=PersonName((details.get("designer") or {}).get("name")),
    )


def review_request_view(review: ReviewRequest) -> ReviewRequestView:
    """The caller has checked that the actor may read `review` (`agency_review.get_review_request`)."""
    summary = review_summary(review)
    return ReviewRequestView(
        public_id=review.public_id,
        kind=review.kind.value,
        status=review.status.value,
        authority_code=review.authority.code,
        requested_at=review.requested_at,
        due_on=review.effective_due_on,
        original_due_on=review.due_on,
        file_reference=review.case.file_reference,
        case=agency_case_facts(review),
        statements=tuple(statement_view(s, summary) for s in review.statements),
        geometry_passed=geometry_passed(review.case_id),
        consequence_of_silence=CONSEQUENCE_OF_SILENCE[review.kind],
    )
