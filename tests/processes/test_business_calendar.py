"""Deadline arithmetic (§§187/188 BGB, §31(3) VwVfG) with Lower Saxony holidays."""

from __future__ import annotations

from datetime import date

from permits.core import calendar


def test_month_end_is_clamped():
    assert calendar.deadline(date(2026, 1, 31), months=1) == date(2026, 3, 2)  # Sat 28 Feb → Mon 2 Mar
    assert calendar.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert calendar.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert calendar.deadline(date(2028, 1, 31), months=1) == date(2028, 2, 29)  # Tuesday


def test_saturday_moves_to_monday():
    assert calendar.deadline(date(2026, 3, 7), weeks=1) == date(2026, 3, 16)


def test_easter_monday_moves_to_tuesday():
    assert calendar.deadline(date(2026, 3, 6), months=1) == date(2026, 4, 7)  # 6 Apr 2026 is Easter Monday


def test_reformation_day_is_a_holiday_in_lower_saxony():
    assert calendar.deadline(date(2025, 10, 1), months=1, subdivision="NI") == date(2025, 11, 3)  # Fri 31 Oct
    assert not calendar.is_working_day(date(2025, 10, 31), "NI")
    assert calendar.is_working_day(date(2025, 10, 30), "NI")


def test_deadline_expires_at_local_midnight():
    assert calendar.expires_at(date(2026, 3, 30)).isoformat() == "2026-03-31T00:00:00+02:00"
