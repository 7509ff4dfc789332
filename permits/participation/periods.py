"""Why a body is asked and how long it has: role and deadline of a review request, from the rule table.

- A competent body (beteiligungrolle 1) must consent: one month (rule `participation`); its silence counts
  as consent. The monument authority gets one more month (rule `monument_expert_consent_extension`) only
  when the monument expert authority (the higher authority) must agree [verify NBauO/NDSchG].
- An expert body (2) only advises: the same month, but silence means "no statement", never consent.
- The municipality (3) gives its § 36 BauGB consent: two months (rule `municipal_consent`).
"""

from __future__ import annotations

from datetime import date

from permits.codelists import ParticipationRole, ReviewKind
from permits.core import rules
from permits.core.runtime import last_day
from permits.models import Authority

MONUMENT_AUTHORITY = "monument_authority"
RULE_BY_ROLE = {
    ParticipationRole.COMPETENT_BODY: "participation",
    ParticipationRole.EXPERT_BODY: "participation",
    ParticipationRole.MUNICIPALITY: "municipal_consent",
}
MONUMENT_EXTENSION = "monument_expert_consent_extension"


def role_for(authority: Authority, kind: ReviewKind) -> ParticipationRole:
    """The role of this request: § 36 consent is the municipality's; otherwise the body's own role (a
    municipality asked for a statement on other concerns is asked like a competent body)."""
    if kind == ReviewKind.MUNICIPAL_CONSENT:
        return ParticipationRole.MUNICIPALITY
    role = authority.role
    return ParticipationRole.COMPETENT_BODY if role is ParticipationRole.MUNICIPALITY else role


def due_on(
    authority: Authority,
    role: ParticipationRole,
    start: date,
    *,
    rule: str | None = None,
    expert_authority_must_agree: bool = False,
) -> date:
    """The last day to answer a request sent on `start`. `rule` overrides the role's period rule."""
    period = rules.period(rule or RULE_BY_ROLE[role], start)
    months, weeks, days = period.months, period.weeks, period.days
    if (
        expert_authority_must_agree
        and role is ParticipationRole.COMPETENT_BODY
        and authority.agency_type == MONUMENT_AUTHORITY
    ):
        extra = rules.period(MONUMENT_EXTENSION, start)
        months, weeks, days = months + extra.months, weeks + extra.weeks, days + extra.days
    return last_day(start, months=months, weeks=weeks, days=days)


def deemed_consent_applies(role: ParticipationRole) -> bool:
    """Silence until the deadline is consent for a competent body and the municipality, not for an expert."""
    return role is not ParticipationRole.EXPERT_BODY
