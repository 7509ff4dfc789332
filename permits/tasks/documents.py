"""`issue_document`: the procedure asks for a document (receipt, notice, decision ...).

Parameters `kind` (a name in `permits.documents.registry`) and optional `arguments` (a dict). The kind's
adapter in the documents package turns them, the task data and the case's records into the builder's
arguments, and a `render_document` job is queued in the step's transaction; the worker renders and stores
the PDF. The job's `request_id` (case and task execution) makes a retried job store one document.
Facts the documents announce are recorded on the case by their own steps (`permits/tasks/case_facts.py`).
"""

from __future__ import annotations

from typing import Any

from permits import documents
from permits.errors import ProcessError
from permits.extensions import db
from permits.models import Case
from permits.tasks.registry import ServiceCall, handler


@handler("issue_document")
def issue_document(call: ServiceCall) -> dict[str, Any]:
    kind = str(call.params.get("kind", ""))
    if kind not in documents.KIND_NAMES:
        raise ProcessError(f"Unbekannte Dokumentart {kind!r}.", element_id=call.element_id)
    given = call.params.get("arguments") or {}
    if not isinstance(given, dict):
        raise ProcessError("issue_document: arguments muss ein Dictionary sein.", element_id=call.element_id)
    case = db.session.get_one(Case, call.context["case_id"])
    request_id = f"{case.id}:{call.task_id}"
    documents.request_document(case, kind, given, call.data, call.context["actor"], request_id)
    return {"kind": kind, "request_id": request_id}
