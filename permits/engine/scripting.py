"""The script engine SpiffWorkflow runs expressions and service tasks with: sandboxed, with our handlers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from permits.engine import sandbox
from permits.engine.types import ServiceCall


# SpiffWorkflow has no type hints, so to mypy its classes are Any (a strict-mode error to subclass).
class SandboxedEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc, unused-ignore]
    def evaluate(self, expression: str, context: dict[str, Any], external_context: Any = None) -> Any:
        return sandbox.evaluate(expression, context, external_context)

    def execute(self, script: str, context: dict[str, Any], external_context: Any = None) -> bool:
        sandbox.execute(script, context, external_context)
        return True


class ServiceTaskFailed(Exception):
    def __init__(self, element_id: str, operation: str, cause: BaseException) -> None:
        super().__init__(f"service task {element_id} ({operation}) failed: {cause}")
        self.element_id = element_id
        self.operation = operation
        self.cause = cause


class ScriptEngine(PythonScriptEngine):  # type: ignore[misc, unused-ignore]
    """Per-workflow script engine. `context` travels to service-task handlers (case id, actor)."""

    def __init__(
        self,
        handlers: Mapping[str, Callable[[ServiceCall], Any]],
        context: dict[str, Any],
    ) -> None:
        super().__init__(environment=SandboxedEnvironment())
        self.handlers = handlers
        self.context = context

    def call_service(self, task: Any, **kwargs: Any) -> str:
        # SpiffWorkflow's own call_service hides handler errors behind a NameError; name the element instead.
        operation = kwargs["operation_name"]
        element_id = task.task_spec.bpmn_id
        handler = self.handlers.get(operation)
        if handler is None:
            raise ServiceTaskFailed(element_id, operation, LookupError(f"no handler for {operation!r}"))
        params = {name: spec["value"] for name, spec in kwargs.get("operation_params", {}).items()}
        call = ServiceCall(
            operation, element_id, str(task.id), params, json.loads(json.dumps(task.data)), self.context
        )
        try:
            result = handler(call)
        except Exception as exc:
            raise ServiceTaskFailed(element_id, operation, exc) from exc
        return json.dumps(result)
