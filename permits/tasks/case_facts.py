"""Service tasks that record a procedure's results on the case, each one its own BPMN step.

`case.details` keeps what the XBau messages (`permits/xbau/outbound_messages.py`) and the case pages read:

- "completeness": {"complete": false, "findings": [...], "due_on"}: an incomplete application (0201);
- "decision": {"approved", "conditions", "reasons", "deviations", "decided_on"}: the decision (0205);
  "deviations" rules on the requested ones: [{id, type, type_label, rule, description, granted, reasons}];
- "fee": {"description", "amount_cents", "legal_basis", "due_on", "payment_reference"}: the fee (1160).

The `issue_document` step that follows prints the same content: recorder and document adapter share the
helpers of the documents package, so the XBau message and the PDF cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from permits.core.runtime import local_today
from permits.documents.viewmodels.decision import decision_conditions, decision_deviations, decision_reasons
from permits.documents.viewmodels.deficiency import deficiency_findings
from permits.documents.viewmodels.fee import fee_item, payment_reference
from permits.errors import ProcessError
from permits.extensions import db
from permits.models import Case
from permits.tasks.decision_draft import DECISIONS
from permits.tasks.registry import ServiceCall, handler


@handler("record_deficiencies")
def record_deficiencies(call: ServiceCall) -> dict[str, Any]:
    """Parameters `findings` (the officer's text, one finding a line) and `due_on` (the deadline, ISO)."""
    due_on = call.params.get("due_on")
    if not due_on:
        raise ProcessError("record_deficiencies braucht die Frist due_on.", element_id=call.element_id)
    findings = deficiency_findings(call.params.get("findings"))
    return _record(call, "completeness", {"complete": False, "findings": findings, "due_on": str(due_on)})


@handler("record_decision")
def record_decision(call: ServiceCall) -> dict[str, Any]:
    """Parameter `draft`: compile_decision's result ({"decision": "approval" | "rejection", "reasons",
    "provisions", "deviations", "agency_conditions"}). A refusal has no conditions, whatever the agencies
    asked for, and rules on no single deviation."""
    draft = _mapping(call, "draft")
    if draft.get("decision") not in DECISIONS:
        raise ProcessError("record_decision: unbekannte Entscheidung.", element_id=call.element_id)
    approved = draft["decision"] == "approval"
    decision = {
        "approved": approved,
        "conditions": decision_conditions(draft) if approved else [],
        "reasons": decision_reasons(draft, approved),
        "deviations": decision_deviations(draft) if approved else [],
        "decided_on": local_today().isoformat(),
    }
    return _record(call, "decision", decision)


@handler("record_fee")
def record_fee(call: ServiceCall) -> dict[str, Any]:
    """Parameter `fee`: compute_fee's result."""
    fee = _mapping(call, "fee")
    case = _case(call)
    try:
        item, due_on = fee_item(fee), str(fee["payment_due_on"])
    except (KeyError, ValueError) as exc:
        raise ProcessError(f"record_fee: Angabe fehlt: {exc}", element_id=call.element_id) from exc
    return _record(call, "fee", {**item, "due_on": due_on, "payment_reference": payment_reference(case)})


def _mapping(call: ServiceCall, name: str) -> Mapping[str, Any]:
    value = call.params.get(name)
    if not isinstance(value, Mapping):
        raise ProcessError(f"{call.operation}: {name} muss ein Dictionary sein.", element_id=call.element_id)
    return value


def _case(call: ServiceCall) -> Case:
    return db.session.get_one(Case, call.context["case_id"])


def _record(call: ServiceCall, key: str, value: dict[str, Any]) -> dict[str, Any]:
    case = _case(call)
    case.details = {**(case.details or {}), key: value}
    return value
