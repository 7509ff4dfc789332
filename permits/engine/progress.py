"""Where a running workflow stands, element by element, for the process diagram of a case.

A *unit* is one diagram the case file can show: the case's own process, each call-activity instance (its
called process) and each instance of a multi-instance subprocess (e.g. the review of one agency). The steps
of embedded subprocesses that are neither count towards the unit around them, so the diagram of a unit
shows everything drawn in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity
from SpiffWorkflow.util.task import TaskState

CURRENT, COMPLETED, PENDING = "current", "completed", "pending"
_RANK = {CURRENT: 3, COMPLETED: 2, PENDING: 1}
_CURRENT_STATES = TaskState.READY | TaskState.WAITING | TaskState.STARTED
_PENDING_STATES = TaskState.FUTURE | TaskState.LIKELY | TaskState.MAYBE


@dataclass(frozen=True)
class Step:
    element_id: str
    name: str | None
    kind: str  # "task" | "event" | "gateway" | "subprocess"
    state: str  # current | completed | pending


@dataclass(frozen=True)
class Unit:
    unit_id: str  # "" for the case's own process, else the id of the instance's parent task
    parent_id: str | None
    element_id: str | None  # the call activity or subprocess element it instantiates
    name: str | None  # that element's BPMN name
    item: str | None  # the multi-instance item it runs for (e.g. an agency code)
    process_id: str  # the (sub)process spec it runs
    file: str | None  # the BPMN file name the unit's diagram is drawn in
    embedded: bool  # an embedded subprocess (drawn in the enclosing file), not a called process
    state: str
    steps: tuple[Step, ...]


def _state(task: Any) -> str | None:
    if task.has_state(TaskState.COMPLETED):
        return COMPLETED
    if task.has_state(_CURRENT_STATES):
        return CURRENT
    if task.has_state(_PENDING_STATES):
        return PENDING
    return None  # cancelled or failed: not a step the case takes


def _kind(spec: Any) -> str:
    name = type(spec).__name__
    if "Gateway" in name:
        return "gateway"
    if "Event" in name:
        return "event"
    if "SubWorkflow" in name or isinstance(spec, CallActivity):
        return "subprocess"
    return "task"


def _is_unit(parent: Any) -> bool:
    if isinstance(parent.task_spec, CallActivity):
        return True
    return parent.parent is not None and isinstance(parent.parent.task_spec, MultiInstanceTask)


def _item(parent: Any) -> str | None:
    holder = parent.parent.task_spec if parent.parent is not None else None
    input_item = getattr(holder, "input_item", None)
    name = getattr(input_item, "bpmn_id", None)
    value = parent.data.get(name) if name else None
    return str(value) if isinstance(value, str | int) else None


def _merge(into: dict[str, Step], task: Any) -> None:
    spec = task.task_spec
    element_id = getattr(spec, "bpmn_id", None)
    state = _state(task)
    if not element_id or state is None:
        return
    known = into.get(element_id)
    if known is None or _RANK[state] > _RANK[known.state]:
        into[element_id] = Step(element_id, getattr(spec, "bpmn_name", None), _kind(spec), state)


def units(top: Any) -> list[Unit]:
    """Every unit of the workflow, the case's own process first, each with its merged steps."""
    owner: dict[str, str] = {}  # sub-workflow id -> unit id it belongs to
    parents: dict[str, Any] = {}
    for key in top.subprocesses:
        parents[str(key)] = top.get_task_from_id(key)

    def unit_of(workflow_key: str) -> str:
        if workflow_key not in owner:
            parent = parents[workflow_key]
            if _is_unit(parent):
                owner[workflow_key] = workflow_key
            else:
                enclosing = parent.workflow
                owner[workflow_key] = "" if enclosing is top else unit_of(str(enclosing.parent_task_id))
        return owner[workflow_key]

    steps: dict[str, dict[str, Step]] = {"": {}}
    for task in top.tasks.values():
        _merge(steps[""], task)
    for key, sub in top.subprocesses.items():
        target = steps.setdefault(unit_of(str(key)), {})
        for task in sub.tasks.values():
            _merge(target, task)

    result = [_unit("", None, None, top.spec, steps[""], CURRENT if not top.completed else COMPLETED)]
    for raw_key in top.subprocesses:
        key = str(raw_key)
        if unit_of(key) != key:
            continue
        parent = parents[key]
        enclosing = parent.workflow
        parent_unit = "" if enclosing is top else unit_of(str(enclosing.parent_task_id))
        spec = top.subprocesses[raw_key].spec
        result.append(_unit(key, parent_unit, parent, spec, steps.get(key, {}), _state(parent) or PENDING))
    return result


def _unit(
    key: str, parent_unit: str | None, parent: Any, spec: Any, steps: dict[str, Step], state: str
) -> Unit:
    file = getattr(spec, "file", None)
    return Unit(
        unit_id=key,
        parent_id=parent_unit,
        element_id=parent.task_spec.bpmn_id if parent is not None else None,
        name=parent.task_spec.bpmn_name if parent is not None else getattr(spec, "description", None),
        item=_item(parent) if parent is not None else None,
        process_id=spec.name,
        file=str(file).replace("\\", "/").rsplit("/", 1)[-1] if file else None,
        embedded=parent is not None and not isinstance(parent.task_spec, CallActivity),
        state=state,
        steps=tuple(steps.values()),
    )
