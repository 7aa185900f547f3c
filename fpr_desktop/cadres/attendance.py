"""Attendance (考勤): daily sign-in days, unannounced spot checks, and the monthly summary per cadre
with the minimum days in the village (task 48)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.common import cadre_for
from fpr_desktop.cadres.leave import approved_halves
from fpr_desktop.cadres.models import (
    Assignment,
    AttendanceDay,
    AttendanceMonth,
    Cadre,
    DispatchUnit,
    SpotCheck,
)
from fpr_desktop.cadres.rules import (
    MARKS,
    SPOT_RESULTS,
    UNEXCUSED,
    days_text,
    month_bounds,
    role_order,
)

NO_MARK = "-"


def write_month(
    session: Session, cadre_id: int, year: int, month: int, marks: str
) -> AttendanceMonth:
    """Replace a cadre's month: `marks` has one character per day (MARKS codes, '-' none).

    The month row is versioned and audited; its day rows are derived (the summary's index) and
    written with one Core insert."""
    first, last = month_bounds(year, month)
    marks = marks[: last.day].ljust(last.day, NO_MARK)
    row = session.scalar(
        select(AttendanceMonth).where(
            AttendanceMonth.cadre_id == cadre_id,
            AttendanceMonth.year == year,
            AttendanceMonth.month == month,
        )
    )
    if row is None:
        row = AttendanceMonth(cadre_id=cadre_id, year=year, month=month)
        session.add(row)
    row.marks = marks
    session.execute(
        delete(AttendanceDay).where(
            AttendanceDay.cadre_id == cadre_id, AttendanceDay.day.between(first, last)
        )
    )
    days = [
        {"cadre_id": cadre_id, "day": first.replace(day=i + 1), "mark": m, "halves": MARKS[m][1]}
        for i, m in enumerate(marks)
        if m != NO_MARK
    ]
    if days:  # derived from the month's marks, which the audit log already holds
        session.execute(insert(AttendanceDay), days)
    session.flush()
    return row


def month_marks(session: Session, cadre_id: int, year: int, month: int) -> str:
    marks = session.scalar(
        select(AttendanceMonth.marks).where(
            AttendanceMonth.cadre_id == cadre_id,
            AttendanceMonth.year == year,
            AttendanceMonth.month == month,
        )
    )
    return marks or NO_MARK * month_bounds(year, month)[1].day


def record_days(session: Session, actor: Actor, cadre_id: int, marks: Mapping[date, str]) -> int:
    """Enter (or replace) days of a cadre's sign-in: mark P/H/A/L/D per day; returns the count."""
    cadre_for(session, actor, cadre_id, "cadres.daily")
    bad = sorted(f"{d}（{m}）" for d, m in marks.items() if m not in MARKS)
    if bad:
        raise ValidationError(f"考勤标记不正确：{'、'.join(bad)}。")
    for year, month in sorted({(d.year, d.month) for d in marks}):
        days = list(month_marks(session, cadre_id, year, month))
        for d, m in marks.items():
            if (d.year, d.month) == (year, month):
                days[d.day - 1] = m
        write_month(session, cadre_id, year, month, "".join(days))
    return len(marks)


def record_spot_check(
    session: Session,
    actor: Actor,
    cadre_id: int,
    *,
    checked_on: date,
    checked_by: str,
    result: str,
    note: str = "",
) -> int:
    """An unannounced check (抽查); 无故缺勤 results cap the year's assessment grade."""
    cadre_for(session, actor, cadre_id, "cadres.daily")
    row = SpotCheck(
        cadre_id=cadre_id,
        **spot_check_values(checked_on=checked_on, checked_by=checked_by, result=result, note=note),
    )
    session.add(row)
    session.flush()
    return row.id


def spot_check_values(
    *, checked_on: date, checked_by: str, result: str, note: str = ""
) -> dict[str, object]:
    """The columns of a spot check once they passed the checks (recording and correcting)."""
    if result not in SPOT_RESULTS:
        raise ValidationError(f"抽查结果只能是：{'、'.join(SPOT_RESULTS)}。")
    if not checked_by.strip():
        raise ValidationError("请填写抽查单位或人员。")
    return {
        "checked_on": checked_on,
        "checked_by": checked_by.strip(),
        "result": result,
        "note": note.strip(),
    }


def unexcused_absences(session: Session, cadre_id: int, year: int) -> int:
    """Unexcused absences found by spot checks in a year (what caps the assessment grade)."""
    return (
        session.scalar(
            select(func.count()).where(
                SpotCheck.cadre_id == cadre_id,
                SpotCheck.result == UNEXCUSED,
                SpotCheck.checked_on.between(date(year, 1, 1), date(year, 12, 31)),
            )
        )
        or 0
    )


@dataclass(frozen=True)
class MonthRow:
    """One cadre's month: half days in the village, approved leave, unexcused absences."""

    cadre_id: int
    name: str
    unit: str
    role: str
    town: str
    village: str
    village_id: int
    recorded: int  # days with a sign-in entry
    in_village_halves: int
    leave_halves: int
    absent_days: int
    duty_days: int
    below_minimum: bool

    @property
    def in_village(self) -> str:
        return days_text(self.in_village_halves)

    @property
    def leave(self) -> str:
        return days_text(self.leave_halves)


def month_summary(
    session: Session, actor: Actor, year: int, month: int, town_id: int | None = None
) -> list[MonthRow]:
    """Every cadre posted during the month (in the actor's scope), with the month's figures.

    One grouped query over the covering (day, cadre, halves, mark) index, joined to postings.
    """
    require_role(actor, "read")
    first, last = month_bounds(year, month)
    minimum = int(get_value(session, "cadres.min_days_in_village"))
    att = (
        select(
            AttendanceDay.cadre_id,
            func.count().label("recorded"),
            func.sum(AttendanceDay.halves).label("halves"),
            func.sum(case((AttendanceDay.mark == "A", 1), else_=0)).label("absent"),
            func.sum(case((AttendanceDay.mark == "D", 1), else_=0)).label("duty"),
        )
        .where(AttendanceDay.day.between(first, last))
        .group_by(AttendanceDay.cadre_id)
        .subquery()
    )
    town = Division.__table__.alias("town")
    stmt = (
        select(
            Cadre.id,
            Cadre.name,
            DispatchUnit.name,
            Assignment.role,
            town.c.name,
            Division.name,
            Division.id,
            func.coalesce(att.c.recorded, 0),
            func.coalesce(att.c.halves, 0),
            func.coalesce(att.c.absent, 0),
            func.coalesce(att.c.duty, 0),
        )
        .select_from(Assignment)
        .join(Cadre, Cadre.id == Assignment.cadre_id)
        .join(DispatchUnit, DispatchUnit.id == Cadre.unit_id)
        .join(Division, Division.id == Assignment.village_id)
        .join(town, town.c.id == Assignment.town_id)
        .outerjoin(att, att.c.cadre_id == Assignment.cadre_id)
        .where(
            Assignment.term_start <= last,
            or_(Assignment.ended_on.is_(None), Assignment.ended_on >= first),
        )
        .order_by(
            town.c.sort_order,
            Division.sort_order,
            Division.id,
            role_order(Assignment.role),
            Cadre.id,
        )
    )
    scope = actor.scope_town_id if actor.scope_town_id is not None else town_id
    if scope is not None:
        stmt = stmt.where(Assignment.town_id == scope)
    rows = session.execute(stmt).all()
    leave = approved_halves(session, first, last)
    out = []
    seen: set[int] = set()
    for cid, name, unit, role, t, v, vid, recorded, halves, absent, duty in rows:
        if cid in seen:  # a cadre moved within the month: list them once, at the first village
            continue
        seen.add(cid)
        halves = int(halves)
        out.append(
            MonthRow(
                cid,
                name,
                unit,
                role,
                t,
                v,
                vid,
                int(recorded),
                halves,
                leave.get(cid, 0),
                int(absent),
                int(duty),
                halves < minimum * 2,
            )
        )
    return out
