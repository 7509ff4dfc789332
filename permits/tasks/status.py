"""`set_status`: the procedure reports an XBau `statusbauportal` code for the case (and sends it as 1170)."""

from __future__ import annotations

from permits.codelists import PortalStatus
from permits.core import audit
from permits.core.actors import Actor
from permits.errors import ProcessError
from permits.extensions import db
from permits.models import Case
from permits.tasks.registry import ServiceCall, handler
from permits.xbau import outbound, outbound_status


@handler("set_status")
def set_status(call: ServiceCall) -> str:
    try:
        code = PortalStatus(str(call.params.get("code", "")))
    except ValueError:
        raise ProcessError(
            f"Unbekannter XBau-Status {call.params.get('code')!r}.", element_id=call.element_id
        ) from None
    case = db.session.get_one(Case, call.context["case_id"])
    before = case.status
    case.status = code
    entry = audit.record(
        "status_changed",
        Actor(name=call.context["actor"]),
        case_id=case.id,
        element_id=call.element_id,
        before={"status": before},
        after={"status": code.value},
    )
    if outbound.enabled():  # the portal's status history: one 1170 per status change
        outbound_status.report_status(case, entry)
    return code.value
