"""Service-task handlers, registered by the operation name used in `processes/`.

A handler receives a `ServiceCall` (operation, element id, evaluated parameters, a copy of the task
data, and the caller's context with `case_id` and `actor`) and returns a JSON value that the process
stores in the service task's result variable. Handlers run inside the transaction of the step.
"""

from permits.tasks.registry import ServiceCall, handler, registry

# Importing the modules registers their handlers.
from permits.tasks import case_facts, deadlines, documents, fees  # noqa: F401  isort: skip
from permits.tasks import participation, procedure, status  # noqa: F401  isort: skip

__all__ = ["ServiceCall", "handler", "registry"]
