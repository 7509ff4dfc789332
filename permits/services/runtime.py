"""Per-process runtime objects the services share: the clock and the workflow engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from flask import Flask, current_app

from permits.clock import Clock, SystemClock

if TYPE_CHECKING:
    from permits.engine import Engine


@dataclass
class Runtime:
    clock: Clock
    processes_dir: str
    _engine: Engine | None = field(default=None, repr=False)

    @classmethod
    def from_app(cls, app: Flask) -> Runtime:
        return cls(clock=app.config.get("CLOCK") or SystemClock(), processes_dir=app.config["PROCESSES_DIR"])

    @property
    def engine(self) -> Engine:
        # Parsed lazily so CLI commands that never touch a process start fast.
        if self._engine is None:
            from permits.engine import Engine
            from permits.tasks import registry

            self._engine = Engine(self.processes_dir, handlers=registry, clock=self.clock)
        return self._engine


def runtime() -> Runtime:
    result: Runtime = current_app.extensions["permits"]
    return result


def now() -> datetime:
    return runtime().clock.now()
