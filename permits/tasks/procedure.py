"""Service tasks of the permit procedures: today by the app clock, the decision draft."""

from __future__ import annotations

from typing import Any

from permits.codelists import ProvisionType
from permits.core.runtime import local_today
from permits.errors import InvalidInput, ProcessError
from permits.extensions import db
from permits.models import Case
from permits.participation import municipal
from permits.participation.reviews import participation_result
from permits.tasks.registry import ServiceCall, handler

DECISIONS = ("approval", "rejection")


@handler("current_date")
def current_date(call: ServiceCall) -> str:
    """Today in the authority's timezone, by the app clock (the sandbox helper `today_iso` is not)."""
    return local_today().isoformat()


@handler("compile_decision")
def compile_decision(call: ServiceCall) -> dict[str, Any]:
    """Parameters `decision` (approval | rejection), `reasons`, `provisions` (rows with type 1–6, legal area,
    text; empty rows are dropped), `deviations` (per slot of the form {"ruling": granted | refused,
    "reasons"}, matched in order to the case's requested deviations; a rejection decides
    none). Adds the agencies' conditions for the officer's and the document's view."""
    decision = call.params.get("decision")
    if decision not in DECISIONS:
        raise ProcessError("Unbekannte Entscheidung.", element_id=call.element_id)
    types = {t.value for t in ProvisionType}
    provisions = []
    for row in call.params.get("provisions") or []:
        text = str((row or {}).get("text") or "").strip()
        if not text:
            continue
        # The kind is the officer's choice (the form insists on it), never a silent Auflage.
        kind = str(row.get("type") or "")
        if kind not in types:
            raise ProcessError(
                f"Art der Nebenbestimmung fehlt oder ist unbekannt ({kind!r}).", element_id=call.element_id
            )
        provisions.append({"type": kind, "legal_area": row.get("legal_area") or None, "text": text})
    if decision == "rejection" and provisions:
        raise ProcessError("Eine Ablehnung hat keine Nebenbestimmungen.", element_id=call.element_id)
    if decision == "approval":
        municipal.require_consent_for_approval(call.context["case_id"])  # § 36 BauGB binds the decision
    result = participation_result(call.context["case_id"])
    return {
        "decision": decision,
        "approved": decision == "approval",
        "reasons": call.params.get("reasons") or "",
        "provisions": provisions,
        "deviations": _deviation_rulings(call) if decision == "approval" else [],
        "agency_conditions": result["conditions"],
        "objections": result["objections"],
    }


def _deviation_rulings(call: ServiceCall) -> list[dict[str, Any]]:
    """Each requested deviation of the case (case.details["deviations"]) with the officer's ruling.
    An approval rules on every one; errors name the form field, so the officer sees them next to it."""
    requested = (db.session.get_one(Case, call.context["case_id"]).details or {}).get("deviations") or []
    slots = list(call.params.get("deviations") or [])
    errors: dict[str, list[str]] = {}
    rulings = []
    for number, wanted in enumerate(requested, start=1):
        slot = slots[number - 1] if number <= len(slots) else {}
        ruling = (slot or {}).get("ruling")
        if ruling not in ("granted", "refused"):
            field = f"deviation_{number}_ruling" if number <= len(slots) else "decision"
            errors.setdefault(field, []).append(
                f"Bitte über die beantragte Abweichung Nr. {number} entscheiden."
                if number <= len(slots)
                else f"Über die beantragte Abweichung Nr. {number} kann in diesem Formular nicht entschieden "
                "werden (zu viele Abweichungen); bitte die Fachadministration informieren."
            )
            continue
        rulings.append(
            {
                "id": wanted.get("id"),
                "type": wanted.get("type"),
                "type_label": wanted.get("type_label"),
                "rule": wanted.get("rule"),
                "description": wanted.get("description"),
                "granted": ruling == "granted",
                "reasons": str((slot or {}).get("reasons") or "").strip() or None,
            }
        )
    for number in range(len(requested) + 1, len(slots) + 1):
        if (slots[number - 1] or {}).get("ruling"):
            errors[f"deviation_{number}_ruling"] = [f"Eine Abweichung Nr. {number} ist nicht beantragt."]
    if errors:
        raise InvalidInput("Bitte prüfen Sie die markierten Felder.", field_errors=errors)
    return rulings
