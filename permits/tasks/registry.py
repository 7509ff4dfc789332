from __future__ import annotations

from collections.abc import Callable
from typing import Any

from permits.engine.types import ServiceCall

__all__ = ["Handler", "ServiceCall", "handler", "registry"]

Handler = Callable[[ServiceCall], Any]
registry: dict[str, Handler] = {}


def handler(operation: str) -> Callable[[Handler], Handler]:
    """Register a service-task handler under the operation name a BPMN service task names."""

    def register(func: Handler) -> Handler:
        if operation in registry:
            raise ValueError(f"service-task operation {operation!r} registered twice")
        registry[operation] = func
        return func

    return register
