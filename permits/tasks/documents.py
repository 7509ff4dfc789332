"""`issue_document`: the procedure asks for a document (receipt, notice, decision ...).

Rendering a PDF takes long, so the handler only queues a `render_document` job in the step's
transaction; the worker renders and stores it. `request_id` makes a retried job store one document.
"""

from __future__ import annotations

from typing import Any

from permits.errors import ProcessError
from permits.services.jobs import enqueue
from permits.tasks.registry import ServiceCall, handler

DOCUMENT_KINDS = frozenset(
    {
        "receipt",
        "deficiency_notice",
        "participation_request",
        "approval",
        "rejection",
        "deemed_approval_certificate",
        "fee_notice",
        "hearing_notice",
    }
)


@handler("issue_document")
def issue_document(call: ServiceCall) -> dict[str, Any]:
    kind = str(call.params.get("kind", ""))
    if kind not in DOCUMENT_KINDS:
        raise ProcessError(f"Unbekannte Dokumentart {kind!r}.", element_id=call.element_id)
    arguments = call.params.get("arguments") or {}
    if not isinstance(arguments, dict):
        raise ProcessError("issue_document: arguments muss ein Dictionary sein.", element_id=call.element_id)
    request_id = f"{call.context['case_id']}:{call.task_id}"
    enqueue(
        "render_document",
        {
            "case_id": call.context["case_id"],
            "kind": kind,
            "arguments": arguments,
            "request_id": request_id,
            "actor": call.context["actor"],
        },
    )
    return {"kind": kind, "request_id": request_id}
