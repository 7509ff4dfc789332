"""Make SpiffWorkflow's timers read our clock instead of the wall clock.

SpiffWorkflow's timer definitions call `datetime.now(timezone.utc)` on the module-level `datetime` name.
We replace that name once with a subclass whose `now()` asks the clock of the current engine call, so a
test's fake clock decides when a timer has fired, and production uses the system clock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime, tzinfo

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _timer_module

from permits.core.clock import Clock, SystemClock

_SYSTEM_CLOCK = SystemClock()
_current: ContextVar[Clock] = ContextVar("permits_engine_clock", default=_SYSTEM_CLOCK)


class _ClockedDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _ClockedDatetime:
        moment = _current.get().now()
        moment = moment.astimezone(tz or UTC)
        result = cls.fromisoformat(moment.isoformat())
        return result if tz is not None else result.replace(tzinfo=None)


_timer_module.datetime = _ClockedDatetime


def current_clock() -> Clock:
    return _current.get()


@contextlib.contextmanager
def using(clock: Clock) -> Iterator[None]:
    token = _current.set(clock)
    try:
        yield
    finally:
        _current.reset(token)
