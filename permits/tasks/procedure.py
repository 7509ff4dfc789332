"""Service tasks of the permit procedures: dates from the app clock, the decision draft."""

from __future__ import annotations

from typing import Any

from permits.codelists import ProvisionType
from permits.core.runtime import expires_at, last_day, local_today
from permits.errors import ProcessError
from permits.participation.reviews import participation_result
from permits.tasks.registry import ServiceCall, handler

DECISIONS = ("approval", "rejection")


@handler("current_date")
def current_date(call: ServiceCall) -> str:
    """Today in the authority's timezone, by the app clock (the sandbox helper `today_iso` is not)."""
    return local_today().isoformat()


@handler("deadline_from_today")
def deadline_from_today(call: ServiceCall) -> dict[str, Any]:
    """Like `compute_deadline`, counted from today (the event day is not counted, §187(1) BGB).
    Parameters `months`, `weeks`, `days`. Returns {"start_on", "due_on", "fires_at"}."""
    periods = {k: int(call.params.get(k) or 0) for k in ("months", "weeks", "days")}
    if not any(periods.values()):
        raise ProcessError("deadline_from_today braucht eine Frist.", element_id=call.element_id)
    start = local_today()
    due_on = last_day(start, **periods)
    return {
        "start_on": start.isoformat(),
        "due_on": due_on.isoformat(),
        "fires_at": expires_at(due_on).isoformat(),
    }


@handler("compile_decision")
def compile_decision(call: ServiceCall) -> dict[str, Any]:
    """Parameters `decision` (approval | rejection), `reasons`, `provisions` (rows with type 1–6, legal area,
    text; empty rows are dropped). Adds the agencies' conditions for the officer's and the document's view."""
    decision = call.params.get("decision")
    if decision not in DECISIONS:
        raise ProcessError("Unbekannte Entscheidung.", element_id=call.element_id)
    types = {t.value for t in ProvisionType}
    provisions = []
    for row in call.params.get("provisions") or []:
        text = str((row or {}).get("text") or "").strip()
        if not text:
            continue
        kind = str(row.get("type") or ProvisionType.OBLIGATION.value)
        if kind not in types:
            raise ProcessError(f"Unbekannte Art der Nebenbestimmung {kind!r}.", element_id=call.element_id)
        provisions.append({"type": kind, "legal_area": row.get("legal_area") or None, "text": text})
    if decision == "rejection" and provisions:
        raise ProcessError("Eine Ablehnung hat keine Nebenbestimmungen.", element_id=call.element_id)
    result = participation_result(call.context["case_id"])
    return {
        "decision": decision,
        "approved": decision == "approval",
        "reasons": call.params.get("reasons") or "",
        "provisions": provisions,
        "agency_conditions": result["conditions"],
        "objections": result["objections"],
    }
