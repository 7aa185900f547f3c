"""The administrator-editable working-day calendar (overrides for years the package lacks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import CalendarDay
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.workdays import WorkCalendar, package_years


@dataclass(frozen=True)
class CalendarOverride:
    day: date
    is_workday: bool
    note: str


def work_calendar(session: Session) -> WorkCalendar:
    """The calendar every deadline uses: package data plus this database's overrides."""
    overrides = {c.day: c.is_workday for c in session.scalars(select(CalendarDay))}
    return WorkCalendar(overrides=overrides)


def list_overrides(
    session: Session, actor: Actor, year: int | None = None
) -> list[CalendarOverride]:
    require_role(actor, "read")
    stmt = select(CalendarDay).order_by(CalendarDay.day)
    rows = [CalendarOverride(c.day, c.is_workday, c.note) for c in session.scalars(stmt)]
    return [r for r in rows if year is None or r.day.year == year]


def set_override(
    session: Session, actor: Actor, day: date, is_workday: bool, note: str = ""
) -> CalendarOverride:
    """Mark a date as holiday (e.g. 春节) or make-up working day (调休上班)."""
    require(session, actor, "calendar.edit")
    if len(note) > 60:
        raise ValidationError("说明不能超过 60 个字符。")
    row = session.get(CalendarDay, day)
    if row is None:
        row = CalendarDay(day=day, is_workday=is_workday, note=note.strip())
        session.add(row)
    else:
        row.is_workday = is_workday
        row.note = note.strip()
    session.flush()
    return CalendarOverride(row.day, row.is_workday, row.note)


def remove_override(session: Session, actor: Actor, day: date) -> None:
    require(session, actor, "calendar.edit")
    row = session.get(CalendarDay, day)
    if row is None:
        raise NotFound(f"{day.isoformat()} 没有自定义设置。")
    session.delete(row)
    session.flush()


def known_years_text(session: Session) -> str:
    years = package_years()
    extra = sorted({c.day.year for c in session.scalars(select(CalendarDay))} - set(years))
    text = f"内置 {years.start}–{years.stop - 1} 年节假日安排"
    if extra:
        text += f"；已自定义：{'、'.join(str(y) for y in extra)} 年"
    return text
