"""The workflow engine: the only place in permits that imports SpiffWorkflow.

    engine = Engine("processes", handlers=registry, clock=clock)
    wf = engine.start(engine.definition("demo_procedure"), {"title": "..."}, context={"case_id": 1})
    wf.ready_tasks()  -> [ReadyTask]      wf.complete(task_id, form_data)
    wf.pending_timers() -> [PendingTimer] wf.fire_timers()
    state = wf.dump();  wf = engine.load(content_hash, spec_json, state, context)

Callers get plain dataclasses (`permits.engine.types`) and `permits.errors` exceptions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from permits.core.clock import Clock, SystemClock
from permits.engine import serializer
from permits.engine.definitions import load_definitions
from permits.engine.progress import Step, Unit
from permits.engine.types import PendingTimer, ProcessDefinition, ReadyTask, ServiceCall
from permits.engine.workflow import Handlers, Workflow
from permits.errors import NotFound


class Engine:
    def __init__(self, processes_dir: str | Path, handlers: Handlers, clock: Clock | None = None) -> None:
        self.handlers = handlers
        self.processes_dir = Path(processes_dir)
        self.clock = clock or SystemClock()
        loaded = load_definitions(processes_dir, handlers)
        self.definitions: dict[str, ProcessDefinition] = {pid: d for pid, (d, _s, _ss) in loaded.items()}
        for definition in self.definitions.values():
            serializer.ensure_spec(definition.content_hash, definition.spec_json)

    def definition(self, process_id: str) -> ProcessDefinition:
        try:
            return self.definitions[process_id]
        except KeyError:
            raise NotFound(f"Es gibt kein Verfahren {process_id!r}.") from None

    def startable(self) -> list[ProcessDefinition]:
        return sorted((d for d in self.definitions.values() if d.startable), key=lambda d: d.name)

    def diagram_xml(self, process_id: str, content_hash: str, file: str) -> str | None:
        """The BPMN file `file` as drawn for the version `content_hash` of `process_id`, or None when the
        files on disk are no longer that version (a case still running on an older one)."""
        definition = self.definitions.get(process_id)
        if definition is None or definition.content_hash != content_hash or file not in definition.files:
            return None
        return (self.processes_dir / file).read_text(encoding="utf-8")

    def start(self, definition: ProcessDefinition, data: dict[str, Any], context: dict[str, Any]) -> Workflow:
        serializer.ensure_spec(definition.content_hash, definition.spec_json)
        spec, subprocess_specs = serializer.cached_spec(definition.content_hash)
        return Workflow.start(
            spec, subprocess_specs, definition.content_hash, data, self.handlers, self.clock, context
        )

    def load(self, content_hash: str, spec_json: str, state_json: str, context: dict[str, Any]) -> Workflow:
        """Load a stored workflow on the process version it started on (`spec_json` from storage)."""
        serializer.ensure_spec(content_hash, spec_json)
        return Workflow.load(state_json, self.handlers, self.clock, context)


__all__ = [
    "Engine",
    "Handlers",
    "PendingTimer",
    "ProcessDefinition",
    "ReadyTask",
    "ServiceCall",
    "Step",
    "Unit",
    "Workflow",
    "load_definitions",
]
