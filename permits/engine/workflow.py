"""A running workflow, as the rest of the app sees it: plain values in, plain values out."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import StandardLoopTask
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from permits.core.clock import Clock
from permits.engine import clocking, progress, sandbox
from permits.engine.scripting import ScriptEngine, ServiceTaskFailed
from permits.engine.serializer import dump_workflow, load_workflow
from permits.engine.types import PendingTimer, ReadyTask, ServiceCall
from permits.errors import InvalidInput, PermitsError, ProcessError, TaskNotReady

Handlers = Mapping[str, Callable[[ServiceCall], Any]]


def _parse_moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


class Workflow:
    """Wraps one SpiffWorkflow instance. Not thread-safe; load one per request or job."""

    def __init__(self, workflow: BpmnWorkflow, handlers: Handlers, clock: Clock, context: dict[str, Any]):
        self._wf = workflow
        self._clock = clock
        self._wf.script_engine = ScriptEngine(handlers, context)  # not serialized: attach on every load

    @classmethod
    def start(
        cls,
        spec: Any,
        subprocess_specs: dict[str, Any],
        spec_hash: str,
        data: dict[str, Any],
        handlers: Handlers,
        clock: Clock,
        context: dict[str, Any],
    ) -> Workflow:
        sandbox.check_data_keys(data)
        workflow = BpmnWorkflow(spec, subprocess_specs)
        workflow.permits_spec_hash = spec_hash
        handle = cls(workflow, handlers, clock, context)
        handle._wf.get_tasks(state=TaskState.READY)[0].data.update(json.loads(json.dumps(data)))
        handle._step(lambda: None)
        return handle

    @classmethod
    def load(cls, state_json: str, handlers: Handlers, clock: Clock, context: dict[str, Any]) -> Workflow:
        return cls(load_workflow(state_json), handlers, clock, context)

    def dump(self) -> str:
        _compact_finished_loop_iterations(self._wf)
        try:
            return dump_workflow(self._wf)
        except TypeError as exc:
            raise ProcessError(f"Prozessdaten sind nicht als JSON speicherbar: {exc}") from None

    @property
    def completed(self) -> bool:
        return bool(self._wf.completed)

    # -- reading -----------------------------------------------------------------------------------

    def ready_tasks(self) -> list[ReadyTask]:
        return [self._ready_task(t) for t in self._wf.get_tasks(state=TaskState.READY, manual=True)]

    def ready_task(self, task_id: str) -> ReadyTask:
        task = self._task(task_id)
        if task.state != TaskState.READY or not task.task_spec.manual:
            raise TaskNotReady(f"Die Aufgabe {task.task_spec.bpmn_name or task_id} ist nicht mehr offen.")
        return self._ready_task(task)

    def units(self) -> list[progress.Unit]:
        """Where the workflow stands per diagram: the process itself and each called/per-item instance."""
        return progress.units(self._wf)

    def task_data(self, task_id: str) -> dict[str, Any]:
        """A copy of an open user task's data (the process data it sees), for read models."""
        self.ready_task(task_id)
        return dict(json.loads(json.dumps(self._task(task_id).data)))

    def pending_timers(self) -> list[PendingTimer]:
        timers = []
        for task in self._wf.event_manager.tasks.values():
            definition = task.task_spec.event_definition
            if not isinstance(definition, TimerEventDefinition):
                continue
            due_at = _parse_moment(definition.details(task).value)
            if due_at is not None:
                timers.append(
                    PendingTimer(str(task.id), task.task_spec.bpmn_id, task.task_spec.bpmn_name, due_at)
                )
        return timers

    # -- changing ----------------------------------------------------------------------------------

    def complete(self, task_id: str, data: dict[str, Any]) -> ReadyTask:
        """Complete a READY user task with form data, then run the engine until it waits again."""
        done = self.ready_task(task_id)
        task = self._task(task_id)
        try:
            sandbox.check_data_keys(data)
        except sandbox.SandboxViolation as exc:
            raise InvalidInput(f"Ungültige Feldnamen: {exc}") from None

        def run() -> None:
            task.data.update(json.loads(json.dumps(data)))
            task.run()

        self._step(run)
        return done

    def fire_timers(self) -> list[str]:
        """Fire every timer that is due by the clock; returns the element ids that fired."""
        before = {t.task_id: t for t in self.pending_timers()}
        self._step(self._wf.refresh_timers)
        after = {t.task_id for t in self.pending_timers()}
        return [t.element_id for tid, t in before.items() if tid not in after]

    # -- internals ---------------------------------------------------------------------------------

    def _task(self, task_id: str) -> Any:
        try:
            task = self._wf.get_task_from_id(UUID(task_id))
        except (ValueError, SpiffWorkflowException):
            task = None
        if task is None:
            raise TaskNotReady(f"Die Aufgabe {task_id} gibt es in diesem Vorgang nicht (mehr).")
        return task

    def _ready_task(self, task: Any) -> ReadyTask:
        spec = task.task_spec
        properties = dict((getattr(spec, "extensions", None) or {}).get("properties", {}))
        with clocking.using(self._clock):
            group = self._evaluate(task, properties.get("candidateGroup"))
            due = _parse_moment(self._evaluate(task, properties.get("dueDate")))
        return ReadyTask(
            task_id=str(task.id),
            element_id=spec.bpmn_id,
            name=spec.bpmn_name or spec.bpmn_id,
            process_id=task.workflow.spec.name,
            lane=spec.lane,
            form=properties.get("form"),
            candidate_group=str(group) if group else None,
            due_at=due,
            properties=properties,
        )

    def _evaluate(self, task: Any, expression: str | None) -> Any:
        if not expression:
            return None
        try:
            return sandbox.evaluate(expression, dict(task.data))
        except Exception as exc:
            raise ProcessError(
                f"Ausdruck {expression!r} an {task.task_spec.bpmn_id} fehlgeschlagen: {exc}",
                element_id=task.task_spec.bpmn_id,
            ) from exc

    def _step(self, action: Callable[[], Any]) -> None:
        with clocking.using(self._clock), _translated_errors():
            action()
            self._wf.do_engine_steps()
            # Events no element of the case catches (a terminate end event ending a subprocess) are queued
            # for the outside world; permits has none, so drop them instead of storing them forever.
            self._wf.get_events()


def _compact_finished_loop_iterations(top: BpmnWorkflow) -> None:
    """Forget the finished iterations of looping activities (e.g. the deficiency loop).

    SpiffWorkflow keeps every finished iteration (tasks and sub-workflow) under the loop task, so a case with
    300 resubmissions would carry 300 dead copies: megabytes of state and slow loads. A finished iteration's
    data has already been merged into the loop task, and the loop only needs the number of iterations
    (its `merged` list), so the iteration itself can go.
    """
    for workflow in [top, *top.subprocesses.values()]:
        if workflow is not top and workflow.parent_task_id not in top.subprocesses:
            continue  # removed together with an outer iteration in this pass
        for task in list(workflow.tasks.values()):
            if not isinstance(task.task_spec, StandardLoopTask):
                continue
            merged = set(task.internal_data.get("merged", []))
            for child in list(task.children):
                if str(child.id) in merged and child.has_state(TaskState.FINISHED_MASK):
                    _drop_subtree(top, workflow, child)


def _drop_subtree(top: BpmnWorkflow, workflow: Any, task: Any) -> None:
    stack = [task]
    while stack:
        current = stack.pop()
        stack.extend(current.children)
        if current.id in top.subprocesses:
            top.delete_subprocess(current)
    workflow._remove_task(task.id)


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn engine failures into ProcessError naming the BPMN element; domain errors pass through."""
    try:
        yield
    except PermitsError:
        raise
    except ServiceTaskFailed as exc:
        if isinstance(exc.cause, PermitsError):
            exc.cause.details.setdefault("element_id", exc.element_id)
            raise exc.cause from None
        raise ProcessError(
            f"Service-Task {exc.element_id} ({exc.operation}) fehlgeschlagen: {exc.cause}",
            element_id=exc.element_id,
        ) from exc
    except WorkflowTaskException as exc:
        element_id = exc.task_spec.bpmn_id if getattr(exc, "task_spec", None) else None
        cause = exc.__cause__ or exc
        if isinstance(cause, ServiceTaskFailed):
            element_id = cause.element_id
        raise ProcessError(f"Schritt {element_id} fehlgeschlagen: {exc}", element_id=element_id) from exc
    except SpiffWorkflowException as exc:
        raise ProcessError(f"Prozessfehler: {exc}") from exc
