"""Chinese working days: holidays and make-up working days (调休), for every deadline.

Sources, in order: an administrator's override for the date (table calendar_day), then the
bundled chinese-calendar package for the years it knows, then plain Monday–Friday — and a
deadline computed through such a year says so (`assumed`), so nobody trusts a guess silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

MAX_SPAN_DAYS = 3660  # refuse runaway loops (n working days never needs 10 years)


def package_years() -> range:
    """The years the bundled chinese-calendar data covers."""
    years = sorted(
        {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    )
    return range(years[0], years[-1] + 1)


@dataclass
class WorkCalendar:
    """Decides whether a date is a working day; remembers when it had to assume Mon–Fri."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    known_years: range = field(default_factory=package_years)
    assumed_years: set[int] = field(default_factory=set)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.known_years:
            return bool(chinese_calendar.is_workday(day))
        if not self._year_has_overrides(day.year):
            self.assumed_years.add(day.year)
        return day.weekday() < 5

    def _year_has_overrides(self, year: int) -> bool:
        return any(d.year == year for d in self.overrides)

    def year_is_known(self, year: int) -> bool:
        return year in self.known_years or self._year_has_overrides(year)


@dataclass(frozen=True)
class Deadline:
    """A computed date, and the years for which the calendar had to assume Mon–Fri."""

    day: date
    assumed_years: tuple[int, ...] = ()

    @property
    def note(self) -> str:
        if not self.assumed_years:
            return ""
        years = "、".join(str(y) for y in self.assumed_years)
        return f"{years}年节假日安排未录入，按周一至周五推算，请以正式安排为准"


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> Deadline:
    """The date n working days after `start` (start itself not counted); n=0 gives start."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = calendar or WorkCalendar()
    cal.assumed_years.clear()
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if (day - start).days > MAX_SPAN_DAYS:
            raise ValueError("working-day span too long")
        if cal.is_workday(day):
            counted += 1
    return Deadline(day, tuple(sorted(cal.assumed_years)))


def working_days_between(a: date, b: date, calendar: WorkCalendar | None = None) -> int:
    """Working days in (a, b]: so working_days_between(a, add_working_days(a, n).day) == n.

    Negative when b is before a.
    """
    if b < a:
        return -working_days_between(b, a, calendar)
    if (b - a).days > MAX_SPAN_DAYS:
        raise ValueError("working-day span too long")
    cal = calendar or WorkCalendar()
    return sum(1 for i in range(1, (b - a).days + 1) if cal.is_workday(a + timedelta(days=i)))
