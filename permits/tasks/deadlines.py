"""Statutory deadlines from the rule table (`rules/statutory.yaml`), with the business calendar.

A BPMN step names the rule (`rule: "deemed_withdrawal"`); a period the officer set in a form
(`weeks: deficiency_weeks`) overrides the rule's default length, the rule still names the legal reference.
Both handlers return {"start_on", "due_on" (last day, ISO), "fires_at" (ISO moment the deadline has passed),
"rule", "reference"}.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from permits.core import rules
from permits.core.runtime import expires_at, last_day, local_today
from permits.errors import ProcessError
from permits.tasks.registry import ServiceCall, handler

UNITS = ("months", "weeks", "days")


@handler("compute_deadline")
def compute_deadline(call: ServiceCall) -> dict[str, Any]:
    """Parameters: `start` (ISO date), `rule` (a period in the rule table), `months`, `weeks`, `days`."""
    try:
        start = date.fromisoformat(str(call.params["start"])[:10])
    except (KeyError, ValueError):
        raise ProcessError(
            "compute_deadline braucht ein Startdatum (start).", element_id=call.element_id
        ) from None
    return deadline(call, start)


@handler("deadline_from_today")
def deadline_from_today(call: ServiceCall) -> dict[str, Any]:
    """Like `compute_deadline`, counted from today (the event day is not counted, §187(1) BGB)."""
    return deadline(call, local_today())


def deadline(call: ServiceCall, start: date) -> dict[str, Any]:
    explicit = {unit: _number(call, unit) for unit in UNITS}
    name = call.params.get("rule")
    period = rules.period(str(name), start) if name else None
    if any(explicit.values()):
        due_on = last_day(start, **explicit)
    elif period is not None:
        due_on = period.last_day(start)
    else:
        raise ProcessError(
            f"{call.operation} braucht eine Regel (rule) oder eine Frist.", element_id=call.element_id
        )
    return {
        "start_on": start.isoformat(),
        "due_on": due_on.isoformat(),
        "fires_at": expires_at(due_on).isoformat(),
        "rule": period.name if period else None,
        "reference": period.reference if period else None,
    }


def _number(call: ServiceCall, unit: str) -> int:
    value = call.params.get(unit)
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        message = f"{call.operation}: {unit} muss eine Zahl sein."
        raise ProcessError(message, element_id=call.element_id) from None
    if number < 0:
        raise ProcessError(f"{call.operation}: {unit} darf nicht negativ sein.", element_id=call.element_id)
    return number
