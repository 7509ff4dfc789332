"""Service tasks of the permit procedures: today by the app clock, the decision draft."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from permits.core.runtime import local_today
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Case
from permits.participation import municipal
from permits.participation.reviews import participation_result
from permits.tasks import decision_draft
from permits.tasks.decision_draft import DECISIONS
from permits.tasks.registry import ServiceCall, handler


@handler("current_date")
def current_date(call: ServiceCall) -> str:
    """Today in the authority's timezone, by the app clock (the sandbox helper `today_iso` is not)."""
    return local_today().isoformat()


@handler("compile_decision")
def compile_decision(call: ServiceCall) -> dict[str, Any]:
    """Parameters `decision` (approval | rejection), `reasons`, `provisions` (the decision's complete
    list of Nebenbestimmungen: rows with type, legal area, text, source; empty rows dropped, duplicates
    once), `overrides` (per finding {"item", "reason"}: an approval against a failed check or an
    objection needs one each), `deviations` (per slot of the form {"ruling": granted | refused,
    "reasons"}, matched in order to the case's requested deviations; a rejection decides none)."""
    case = db.session.get_one(Case, call.context["case_id"])
    draft = build_draft(case, call.params)
    if draft["decision"] == "approval":
        municipal.require_consent_for_approval(case.id)  # § 36 BauGB binds the decision
    return draft


def build_draft(case: Case, params: Mapping[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """The draft as the sign-off shows it and the decision prints it. `strict=False` (the preview) prints
    what was entered so far instead of refusing a missing override reason or deviation ruling."""
    decision = params.get("decision")
    if decision not in DECISIONS:
        raise InvalidInput("Bitte die Entscheidung wählen.", field_errors={"decision": ["Pflichtfeld."]})
    provisions = decision_draft.clean_provisions(params.get("provisions"))
    if decision == "rejection" and provisions:
        raise InvalidInput(
            "Eine Ablehnung hat keine Nebenbestimmungen.",
            field_errors={"provisions-0-text": ["Eine Ablehnung hat keine Nebenbestimmungen."]},
        )
    overrides = list(params.get("overrides") or [])
    found = decision_draft.findings(case)
    errors = decision_draft.override_errors(found, decision, overrides)
    if errors and strict:
        raise InvalidInput(
            "Eine Genehmigung trotz Befund braucht zu jedem Befund eine Begründung.", field_errors=errors
        )
    result = participation_result(case.id)
    approval = decision == "approval"
    return {
        "decision": decision,
        "approved": approval,
        "reasons": params.get("reasons") or "",
        "provisions": provisions,
        # The provisions are the complete list: the agencies' conditions were merged into them on the form.
        "merged": True,
        "overrides": decision_draft.override_rows(found, overrides) if approval else [],
        "deviations": _deviation_rulings(case, params.get("deviations"), strict) if approval else [],
        "agency_conditions": result["conditions"],
        "objections": result["objections"],
    }


def _deviation_rulings(case: Case, given: Any, strict: bool) -> list[dict[str, Any]]:
    """Each requested deviation of the case (case.details["deviations"]) with the officer's ruling.
    An approval rules on every one; errors name the form field, so the officer sees them next to it."""
    requested = (case.details or {}).get("deviations") or []
    slots = list(given or [])
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
    if errors and strict:
        raise InvalidInput("Bitte prüfen Sie die markierten Felder.", field_errors=errors)
    return rulings
