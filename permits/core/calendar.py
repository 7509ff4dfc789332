"""Statutory deadline arithmetic (§§ 187, 188 BGB; § 31 Abs. 3 VwVfG) with Lower Saxony's holidays.

The trigger day is not counted; a month period ends on the same-numbered day of the target month (or its
last day when that month is shorter); a period ending on a Saturday, Sunday or public holiday ends on the
next working day. A deadline runs to the end of its last day, so its timer fires at the next local
midnight.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=64)
def _holidays(subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=subdivision, years=year)


def is_working_day(day: date, subdivision: str = "NI") -> bool:
    return day.weekday() < 5 and day not in _holidays(subdivision, day.year)


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def deadline(start: date, *, months: int = 0, weeks: int = 0, days: int = 0, subdivision: str = "NI") -> date:
    """Last day of a period that starts with the event on `start`."""
    end = add_months(start, months) + timedelta(weeks=weeks, days=days)
    while not is_working_day(end, subdivision):
        end += timedelta(days=1)
    return end


def expires_at(last_day: date, timezone: str = "Europe/Berlin") -> datetime:
    """The moment a deadline has passed: local midnight after its last day."""
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=ZoneInfo(timezone))
