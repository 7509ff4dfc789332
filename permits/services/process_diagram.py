"""The process diagram of a case: the BPMN of the version the case runs on, with its current and completed
steps, per unit (the case's process, each call-activity instance, each agency's review). Read through the
engine facade; nothing here touches SpiffWorkflow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from permits.core.actors import Actor
from permits.engine import Step, Unit
from permits.errors import NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Authority, Role, WorkflowInstance
from permits.services.cases import get_case
from permits.services.engine import engine

READERS = (Role.CASE_OFFICER, Role.ADMIN)
STATUS_PREFIX = re.compile(r"^Status \d{2}: ")
STATE_LABELS = {"current": "läuft", "completed": "erledigt", "pending": "ausstehend"}


@dataclass(frozen=True)
class StepView:
    element_id: str
    name: str
    state: str
    state_label: str


@dataclass(frozen=True)
class UnitView:
    unit_id: str
    parent_id: str | None
    title: str
    state: str
    state_label: str
    root: str | None  # the subprocess element whose drawing to open, for an embedded subprocess
    file: str | None
    current: tuple[str, ...]
    completed: tuple[str, ...]
    steps: tuple[StepView, ...]  # named tasks, events and subprocesses, for the list without JavaScript
    depth: int = 0


@dataclass(frozen=True)
class CaseDiagram:
    case_id: int
    process_id: str
    content_hash: str
    units: tuple[UnitView, ...]  # the case's own process first, each followed by its instances


def check_may_read(actor: Actor) -> None:
    if actor.role not in READERS:
        raise PermissionDenied("Den Verfahrensablauf sieht die Sachbearbeitung der Bauaufsicht.")


def _title(unit: Unit, agencies: dict[str, str], fallback: str) -> str:
    title = unit.name or fallback
    if unit.item and unit.item in agencies:
        return f"{title}: {agencies[unit.item]}"
    return title


def _step_name(name: str) -> str:
    """BPMN names of status steps carry the XBau code ("Status 14: Eingang bestätigt"); people read words."""
    return STATUS_PREFIX.sub("Status: ", name)


def _state_label(step: Step) -> str:
    if step.kind == "event" and step.state == "current":
        return "wartet"  # a deadline or message the case waits for
    return STATE_LABELS[step.state]


def _unit_view(unit: Unit, title: str, depth: int) -> UnitView:
    named = [s for s in unit.steps if s.name and s.kind != "gateway"]
    return UnitView(
        unit_id=unit.unit_id,
        parent_id=unit.parent_id,
        title=title,
        state=unit.state,
        state_label=STATE_LABELS.get(unit.state, ""),
        root=unit.process_id if unit.embedded else None,
        file=unit.file,
        current=tuple(s.element_id for s in unit.steps if s.state == "current"),
        completed=tuple(s.element_id for s in unit.steps if s.state == "completed"),
        steps=tuple(
            StepView(s.element_id, _step_name(s.name or ""), s.state, _state_label(s)) for s in named
        ),
        depth=depth,
    )


def _ordered(units: list[Unit]) -> list[tuple[Unit, int]]:
    """Depth-first: each unit followed by the instances it started."""
    children: dict[str | None, list[Unit]] = {}
    for unit in units[1:]:
        children.setdefault(unit.parent_id, []).append(unit)
    result: list[tuple[Unit, int]] = []

    def visit(unit: Unit, depth: int) -> None:
        result.append((unit, depth))
        for child in children.get(unit.unit_id, []):
            visit(child, depth + 1)

    visit(units[0], 0)
    return result


def case_diagram(case_id: int, actor: Actor) -> CaseDiagram | None:
    """None for a case without a procedure state (e.g. one imported before its procedure started)."""
    case = get_case(case_id, actor)
    check_may_read(actor)
    row = db.session.scalars(select(WorkflowInstance).where(WorkflowInstance.case_id == case.id)).first()
    if row is None:
        return None
    version = row.process_version
    context: dict[str, Any] = {"case_id": case.id, "actor": actor.name, "actor_user_id": actor.user_id}
    workflow = engine().load(version.content_hash, version.spec_json, row.state_json, context)
    agencies = dict(db.session.execute(select(Authority.code, Authority.name)).all())
    units = workflow.units()
    return CaseDiagram(
        case_id=case.id,
        process_id=case.process_id,
        content_hash=version.content_hash,
        units=tuple(_unit_view(u, _title(u, agencies, version.name), d) for u, d in _ordered(units)),
    )


def unit_diagram(case_id: int, unit_id: str, actor: Actor) -> dict[str, Any]:
    """One unit as JSON for `static/diagram.js`: its BPMN (None when the case runs on an older version
    whose drawing is no longer on file), the ids to highlight and the instances to drill down into."""
    diagram = case_diagram(case_id, actor)
    if diagram is None:
        raise NotFound("Zu diesem Vorgang gibt es keinen Verfahrensstand.")
    unit = next((u for u in diagram.units if u.unit_id == unit_id), None)
    if unit is None:
        raise NotFound("Diesen Teil des Verfahrens gibt es in diesem Vorgang nicht.")
    xml = engine().diagram_xml(diagram.process_id, diagram.content_hash, unit.file) if unit.file else None
    parent = next((u for u in diagram.units if u.unit_id == unit.parent_id), None)
    return {
        "unit": unit.unit_id,
        "title": unit.title,
        "xml": xml,
        "root": unit.root,
        "current": list(unit.current),
        "completed": list(unit.completed),
        "parent": None if parent is None else {"unit": parent.unit_id, "title": parent.title},
        "children": [
            {"unit": u.unit_id, "title": u.title, "state_label": u.state_label}
            for u in diagram.units
            if u.parent_id == unit.unit_id and u.unit_id != unit.unit_id
        ],
    }
