"""Service-task handlers, registered by the operation name used in `processes/`."""

from __future__ import annotations

from permits.tasks.registry import ServiceCall, handler, registry

__all__ = ["ServiceCall", "handler", "registry"]
