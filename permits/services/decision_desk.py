"""The decision desk: what the decision task and the four-eyes sign-off show, and the draft's PDF preview.

The draft lives in the process data: the decision task's input (the form values, prefilled again from the
audit entry of its last completion when the sign-off returns it) and `decision_draft`, the result of the
`compile_decision` step that the sign-off shows and the issued decision prints. No table of its own: the
process data is already the one place the procedure reads it from, and it is kept with the case's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from permits.codelists import ProvisionType, Verdict
from permits.core.actors import Actor
from permits.core.runtime import local_today
from permits.documents.arguments import build_view_model
from permits.documents.render import render_pdf
from permits.documents.viewmodels.decision import approval_arguments, refusal_arguments
from permits.errors import InvalidInput, NotFound
from permits.extensions import db
from permits.forms import get_form
from permits.models import AuditEntry, Case, OpenTask, User, WorkflowInstance
from permits.services import tasks
from permits.services.engine import engine
from permits.tasks import decision_draft
from permits.tasks.decision_draft import Finding
from permits.tasks.procedure import build_draft

DECISION_FORM = "procedure_decision"
SIGN_OFF_FORM = "procedure_sign_off"
DESK_FORMS = frozenset({DECISION_FORM, SIGN_OFF_FORM})
MAX_DEVIATION_SLOTS = 5


@dataclass(frozen=True)
class AreaVerdict:
    legal_area: str
    verdict: str  # German label
    reasons: str | None


@dataclass(frozen=True)
class ConditionView:
    type_label: str
    legal_area: str | None
    text: str


@dataclass(frozen=True)
class StatementView:
    agency: str
    verdict: str  # German label
    objection: bool
    received_on: date
    text: str | None
    areas: tuple[AreaVerdict, ...]
    conditions: tuple[ConditionView, ...]


@dataclass(frozen=True)
class ReturnNote:
    by: str
    on: date
    reason: str


@dataclass(frozen=True)
class DeskView:
    statements: tuple[StatementView, ...]
    findings: tuple[Finding, ...]
    return_note: ReturnNote | None
    draft: dict[str, Any] | None  # the compiled draft (sign-off only)


def type_label(code: Any) -> str:
    return ProvisionType.label_of(str(code or ""), "Nebenbestimmung")


def desk_view(task: OpenTask) -> DeskView:
    case = task.case
    draft = _task_data(task).get("decision_draft") if task.form == SIGN_OFF_FORM else None
    return DeskView(
        statements=tuple(_statements(case.id)),
        findings=tuple(decision_draft.findings(case)),
        return_note=_return_note(task) if task.form == DECISION_FORM else None,
        draft=draft if isinstance(draft, dict) else None,
    )


def opening_values(task: OpenTask) -> dict[str, str]:
    """The decision form as it opens: the returned draft as it was, or on the first draft the agencies'
    conditions merged once as proposed Nebenbestimmungen."""
    values = tasks.form_values(task)
    if values or task.form != DECISION_FORM:
        return values
    form = get_form(DECISION_FORM)
    return form.post_values({"provisions": decision_draft.merged_conditions(task.case_id)})


def preview_pdf(task_id: str, post: dict[str, str] | None, actor: Actor) -> bytes:
    """The draft decision as the real PDF, marked as draft, from the posted form values (decision task)
    or the saved draft (sign-off; the decision task when nothing is posted). Nothing is stored."""
    task = tasks.get_task(task_id, actor)
    if task.form not in DESK_FORMS:
        raise NotFound("Zu dieser Aufgabe gibt es keine Bescheidvorschau.")
    data = _task_data(task)
    if task.form == SIGN_OFF_FORM:
        draft = data.get("decision_draft")
        if not isinstance(draft, dict):
            raise NotFound("Zu dieser Aufgabe liegt noch kein Entwurf vor.")
    else:
        form = get_form(DECISION_FORM)
        values = post if post is not None else opening_values(task)
        # An unfinished draft still previews: as an approval with the standard reasons until chosen.
        given = {"decision": "approval", "decision_reasons": "", **form.from_form_post(values)}
        cleaned = form.validate(given)
        draft = build_draft(task.case, draft_params(cleaned), strict=False)
    return render_draft(task.case, draft, data, actor)


def draft_params(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The decision form's cleaned input as `compile_decision` gets it from the process (see the BPMN)."""
    return {
        "decision": cleaned.get("decision"),
        "reasons": cleaned.get("decision_reasons"),
        "provisions": cleaned.get("provisions") or [],
        "overrides": cleaned.get("overrides") or [],
        "deviations": [
            {"ruling": cleaned.get(f"deviation_{n}_ruling"), "reasons": cleaned.get(f"deviation_{n}_reasons")}
            for n in range(1, MAX_DEVIATION_SLOTS + 1)
        ],
    }


def render_draft(case: Case, draft: dict[str, Any], process: dict[str, Any], actor: Actor) -> bytes:
    """Same adapter, builder and template as the issued decision; dated today, marked "Entwurf"."""
    approved = draft.get("decision") == "approval"
    adapter = approval_arguments if approved else refusal_arguments
    try:
        arguments = adapter(case, draft, process)
    except (LookupError, ValueError) as exc:
        raise InvalidInput(f"Für die Vorschau fehlt eine Angabe: {exc}") from None
    arguments["issued_on"] = local_today().isoformat()
    view_model = build_view_model("approval" if approved else "rejection", case, arguments, actor.name)
    return render_pdf(view_model, draft=True)


def _task_data(task: OpenTask) -> dict[str, Any]:
    row = db.session.scalars(select(WorkflowInstance).filter_by(case_id=task.case_id)).first()
    if row is None:
        raise NotFound("Zu diesem Vorgang gibt es keinen Verfahrensstand.")
    version = row.process_version
    workflow = engine().load(
        version.content_hash, version.spec_json, row.state_json, {"case_id": task.case_id}
    )
    return workflow.task_data(task.task_id)


def _statements(case_id: int) -> list[StatementView]:
    views = []
    for _code, name, statement in decision_draft.timely_statements(case_id):
        views.append(
            StatementView(
                agency=name,
                verdict=Verdict.label_of(statement.verdict.value, statement.verdict.value),
                objection=statement.verdict == Verdict.OBJECTION,
                received_on=statement.received_at.date(),
                text=statement.text,
                areas=tuple(
                    AreaVerdict(
                        legal_area=str(area.get("legal_area") or ""),
                        verdict=Verdict.label_of(str(area.get("verdict") or ""), "–"),
                        reasons=area.get("reasons") or None,
                    )
                    for area in statement.areas
                ),
                conditions=tuple(
                    ConditionView(type_label(c.get("type")), c.get("legal_area"), str(c.get("text") or ""))
                    for c in statement.conditions
                ),
            )
        )
    return views


def _return_note(task: OpenTask) -> ReturnNote | None:
    """The sign-off's reason when it sent this draft back (its completion is the latest of the two)."""
    last = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.case_id == task.case_id, AuditEntry.action == "task_completed")
        .where(AuditEntry.element_id.in_(("ut_decision", "ut_sign_off")))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None or last.element_id != "ut_sign_off" or (last.after or {}).get("sign_off_approved"):
        return None
    return ReturnNote(
        by=_display_name(last.actor),
        on=last.at.date(),
        reason=str((last.after or {}).get("sign_off_comment") or ""),
    )


def _display_name(actor: str) -> str:
    """A person's display name for "user:<username>" (never the username itself)."""
    if actor.startswith("user:"):
        name = db.session.scalars(select(User.display_name).filter_by(username=actor[5:])).first()
        if name:
            return name
    return "Freigabe"
