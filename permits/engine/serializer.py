"""Serialization of specs and workflow state.

A workflow is stored without its spec: the spec lives once per process version (`process_versions`), and
the instance JSON names only the content hash. This keeps instances small and makes every running case
execute the exact version it started on, however the files in `processes/` change later.
"""

from __future__ import annotations

import json
import threading
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

SPEC_HASH_KEY = "permits_spec_hash"

# Restored spec objects by content hash. Specs are immutable once built, so every workflow of a version
# can share them (SpiffWorkflow itself shares a parser's specs the same way).
_spec_cache: dict[str, tuple[Any, dict[str, Any]]] = {}
_spec_lock = threading.Lock()


# SpiffWorkflow has no type hints, so to mypy its classes are Any (a strict-mode error to subclass).
class _SpeclessWorkflowConverter(BpmnWorkflowConverter):  # type: ignore[misc, unused-ignore]
    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct: dict[str, Any] = super().to_dict(workflow)
        dct.pop("spec")
        dct.pop("subprocess_specs")
        dct[SPEC_HASH_KEY] = workflow.permits_spec_hash
        return dct

    def from_dict(self, dct: dict[str, Any]) -> Any:
        spec_hash = dct.pop(SPEC_HASH_KEY)
        spec, subprocess_specs = _spec_cache[spec_hash]
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.permits_spec_hash = spec_hash
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _make_serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = _SpeclessWorkflowConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))


_serializer = _make_serializer()
_full_serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def spec_to_dict(spec: Any, subprocess_specs: dict[str, Any]) -> dict[str, Any]:
    registry = _full_serializer.registry
    return {
        "spec": registry.convert(spec),
        "subprocess_specs": {name: registry.convert(s) for name, s in subprocess_specs.items()},
    }


def ensure_spec(content_hash: str, spec_json: str) -> None:
    """Make a stored process version loadable (once per process; later calls are a dict lookup)."""
    if content_hash in _spec_cache:
        return
    with _spec_lock:
        if content_hash in _spec_cache:
            return
        dct = json.loads(spec_json)
        registry = _full_serializer.registry
        spec = registry.restore(dct["spec"])
        subprocess_specs = {name: registry.restore(s) for name, s in dct["subprocess_specs"].items()}
        _spec_cache[content_hash] = (spec, subprocess_specs)


def cached_spec(content_hash: str) -> tuple[Any, dict[str, Any]]:
    return _spec_cache[content_hash]


def dump_workflow(workflow: Any) -> str:
    return str(_serializer.serialize_json(workflow))


def load_workflow(state_json: str) -> Any:
    return _serializer.deserialize_json(state_json)
