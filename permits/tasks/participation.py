"""Service tasks of `beteiligung.bpmn` and `einvernehmen.bpmn`: which agencies, requests, statements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from permits.codelists import ReviewKind
from permits.core import audit
from permits.core.actors import Actor
from permits.errors import ProcessError
from permits.extensions import db
from permits.geometry import stored_agency_types
from permits.models import Authority, AuthorityKind, Case, GeometryCheck
from permits.participation import municipal
from permits.participation import reviews as participation
from permits.tasks.registry import ServiceCall, handler

INVOLVE_PREFIX = "involve_"  # boolean form fields `involve_<authority code>` in the completeness form


def _actor(call: ServiceCall) -> Actor:
    return Actor(name=call.context["actor"])


def _geometry_agency_types(call: ServiceCall) -> list[str]:
    """Agency types the latest stored geometry check asks for; none when the case has no check (audited, so
    the officer's selection visibly stands alone)."""
    case_id = call.context["case_id"]
    result = db.session.scalars(
        select(GeometryCheck.result)
        .where(GeometryCheck.case_id == case_id)
        .order_by(GeometryCheck.created_at.desc(), GeometryCheck.id.desc())
        .limit(1)
    ).first()
    if result is None:
        audit.record(
            "agencies_without_geometry_check", _actor(call), case_id=case_id, element_id=call.element_id
        )
        return []
    return stored_agency_types(result)


@handler("determine_agencies")
def determine_agencies(call: ServiceCall) -> list[str]:
    """Parameter `selected` (list of authority codes, optional). Adds the codes ticked in the completeness
    form (`involve_<code>`) and the agencies the stored geometry check names (agency types). The municipality
    is not among them: its consent has its own procedure step. Returns sorted authority codes."""
    selected = call.params.get("selected") or []
    if not isinstance(selected, list):
        raise ProcessError("determine_agencies: selected muss eine Liste sein.", element_id=call.element_id)
    codes = {str(c) for c in selected}
    codes |= {
        k.removeprefix(INVOLVE_PREFIX) for k, v in call.data.items() if k.startswith(INVOLVE_PREFIX) and v
    }
    agency_types = _geometry_agency_types(call)
    if agency_types:
        codes |= set(
            db.session.scalars(
                select(Authority.code).where(
                    Authority.agency_type.in_(agency_types), Authority.kind == AuthorityKind.AGENCY
                )
            )
        )
    known = {a.code: a for a in db.session.scalars(select(Authority).where(Authority.code.in_(codes)))}
    unknown = sorted(codes - set(known))
    if unknown:
        raise ProcessError(f"Unbekannte Fachbehörde(n): {', '.join(unknown)}.", element_id=call.element_id)
    return sorted(code for code, a in known.items() if a.kind == AuthorityKind.AGENCY)


@handler("open_review_request")
def open_review_request(call: ServiceCall) -> dict[str, Any]:
    """Parameters `agency` (authority code), optional `kind` (participation | municipal_consent), `rule`
    (the period in the rule table; default by the body's role), `months` (overrides the rule). The
    process variable `monument_expert_consent` says the monument expert authority must agree (one month
    more for the monument authority). Returns the request summary with `role`, `due_on`, `fires_at`."""
    try:
        kind = ReviewKind(str(call.params.get("kind") or ReviewKind.PARTICIPATION.value))
    except ValueError:
        raise ProcessError("open_review_request: unbekannte Art.", element_id=call.element_id) from None
    months = call.params.get("months")
    review = participation.open_review_request(
        call.context["case_id"],
        str(call.params["agency"]),
        _actor(call),
        kind=kind,
        element_id=call.element_id,
        task_id=call.task_id,
        months=int(months) if months else None,
        rule=str(call.params["rule"]) if call.params.get("rule") else None,
        expert_authority_must_agree=bool(call.data.get("monument_expert_consent")),
    )
    return participation.summary(review)


@handler("record_statement")
def record_statement(call: ServiceCall) -> str:
    """Store the statement from the user task at once (a later deadline cannot lose it).
    Returns the verdict."""
    p = call.params
    # The API and XBau 0303 hand over a full list of conditions, the per-area verdicts, notes and their
    # idempotency key with the task; the page form carries one condition in its fields.
    statement = participation.record_statement(
        int(p["review_request_id"]),
        str(p["verdict"]),
        call.data.get("statement_conditions") or p.get("conditions") or [],
        p.get("text"),
        _actor(call),
        legal_area=p.get("legal_area"),
        idempotency_key=call.data.get("statement_idempotency_key") or f"task:{call.task_id}",
        element_id=call.element_id,
        areas=call.data.get("statement_areas"),
        notes=call.data.get("statement_notes"),
    )
    return statement.verdict.value


@handler("record_deemed_consent")
def record_deemed_consent(call: ServiceCall) -> str:
    participation.record_deemed_consent(
        int(call.params["review_request_id"]), _actor(call), element_id=call.element_id
    )
    return "deemed_consent"


@handler("extend_review")
def extend_review(call: ServiceCall) -> dict[str, Any]:
    """Parameters `review_request_id`, `grant`, `weeks`, `reason`. Returns the (possibly new) summary."""
    p = call.params
    review = participation.extend_review(
        int(p["review_request_id"]),
        _actor(call),
        grant=bool(p.get("grant")),
        weeks=int(p.get("weeks") or 0),
        reason=p.get("reason"),
        element_id=call.element_id,
    )
    return participation.summary(review)


@handler("participation_result")
def participation_result(call: ServiceCall) -> dict[str, Any]:
    return participation.participation_result(call.context["case_id"])


@handler("close_open_reviews")
def close_open_reviews(call: ServiceCall) -> int:
    return participation.close_open_reviews(call.context["case_id"], _actor(call), element_id=call.element_id)


@handler("municipal_consent_need")
def municipal_consent_need(call: ServiceCall) -> dict[str, Any]:
    """Whether § 36 BauGB consent is needed (§§ 31, 33–35 BauGB, from the case facts) and from which
    municipality (the one the plot lies in). Returns {"required", "reasons", "municipality" (code|None)}."""
    case = db.session.get_one(Case, call.context["case_id"])
    need = municipal.consent_need(case)
    code = None
    if need["required"]:
        authority, found_by = municipal.municipality_of_plot(case)
        code = authority.code
        need = {**need, "found_by": found_by}
    audit.record(
        "municipal_consent_need",
        _actor(call),
        case_id=case.id,
        element_id=call.element_id,
        after={**need, "municipality": code},
    )
    return {**need, "municipality": code}


@handler("municipal_consent_outcome")
def municipal_consent_outcome(call: ServiceCall) -> str:
    """The municipality's answer as stored (consent | objection | deemed_consent | open | not_requested)."""
    return municipal.consent_outcome(call.context["case_id"])
