"""`compute_deadline`: a statutory deadline from a start date, with the business calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from permits.core.runtime import expires_at, last_day
from permits.errors import ProcessError
from permits.tasks.registry import ServiceCall, handler


@handler("compute_deadline")
def compute_deadline(call: ServiceCall) -> dict[str, Any]:
    """Parameters: `start` (ISO date), and any of `months`, `weeks`, `days`.
    Returns {"due_on": last day (ISO date), "fires_at": ISO moment the deadline has passed}."""
    try:
        start = date.fromisoformat(str(call.params["start"])[:10])
    except (KeyError, ValueError):
        raise ProcessError(
            "compute_deadline braucht ein Startdatum (start).", element_id=call.element_id
        ) from None
    periods = {k: int(call.params.get(k) or 0) for k in ("months", "weeks", "days")}
    due_on = last_day(start, **periods)
    return {
        "due_on": due_on.isoformat(),
        "fires_at": expires_at(due_on).isoformat(),
    }
