"""Per-process runtime the whole app shares: the clock, and dates as the authority counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from permits.core import calendar
from permits.core.clock import Clock, SystemClock

EXTENSION_KEY = "permits.runtime"


@dataclass(frozen=True)
class Runtime:
    clock: Clock
    timezone: str
    holiday_subdivision: str

    @classmethod
    def from_app(cls, app: Flask) -> Runtime:
        return cls(
            clock=app.config.get("CLOCK") or SystemClock(),
            timezone=app.config["TIMEZONE"],
            holiday_subdivision=app.config["HOLIDAY_SUBDIVISION"],
        )


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = Runtime.from_app(app)


def runtime() -> Runtime:
    result: Runtime = current_app.extensions[EXTENSION_KEY]
    return result


def now() -> datetime:
    return runtime().clock.now()


def local_today() -> date:
    """Today in the authority's timezone, by the app clock: the day statutory periods count from."""
    current = runtime()
    return current.clock.now().astimezone(ZoneInfo(current.timezone)).date()


def last_day(start: date, *, months: int = 0, weeks: int = 0, days: int = 0) -> date:
    """Last day of a statutory period starting with an event on `start`, in the authority's calendar."""
    return calendar.deadline(
        start, months=months, weeks=weeks, days=days, subdivision=runtime().holiday_subdivision
    )


def expires_at(day: date) -> datetime:
    """The moment a period whose last day is `day` has passed (local midnight after it)."""
    return calendar.expires_at(day, runtime().timezone)
