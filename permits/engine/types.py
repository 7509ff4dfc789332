"""Plain values the engine hands to the rest of the app; none of them is a SpiffWorkflow object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ProcessDefinition:
    process_id: str
    name: str
    content_hash: str
    spec_json: str
    files: tuple[str, ...]
    # False for processes only ever used through a call activity
    startable: bool = True


@dataclass(frozen=True)
class ReadyTask:
    task_id: str
    element_id: str
    name: str
    process_id: str
    lane: str | None
    form: str | None
    candidate_group: str | None
    due_at: datetime | None
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PendingTimer:
    task_id: str
    element_id: str
    name: str | None
    due_at: datetime


@dataclass(frozen=True)
class ServiceCall:
    """What a service-task handler receives. `context` is what the caller passed to the engine
    (the case id, the acting user); `data` is a copy of the task data."""

    operation: str
    element_id: str
    task_id: str  # unique per execution, also across loop iterations
    params: dict[str, Any]
    data: dict[str, Any]
    context: dict[str, Any]
