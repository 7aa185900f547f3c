"""Month locks (月报锁定): submitting a month's report locks it; reopening needs a role and reason.

Every write that touches a date first takes the month's row with a shared row lock
(`SELECT … FOR SHARE`), the lock itself takes it exclusively (`FOR UPDATE`): on PostgreSQL a
save running while the month is being locked waits for the lock's commit, then sees the month
locked and is refused before anything is written. The row is created on first use inside a
savepoint, so two first writers of a month cannot both insert it. SQLite has one writer at a
time (BEGIN IMMEDIATE), which gives the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.db.types import utcnow
from fpr_desktop.funds.models import FundMonth


def period_of(day: date) -> int:
    """2021-09-28 → 202109."""
    return day.year * 100 + day.month


def period_text(period: int) -> str:
    return f"{period // 100}年{period % 100}月"


def parse_period(text: str) -> int:
    """'2021-09' → 202109; a Chinese message for anything else."""
    try:
        year, month = (int(p) for p in text.strip().split("-"))
    except ValueError:
        raise ValidationError(f"月份“{text}”应写作 2021-09。") from None
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError(f"月份“{text}”应写作 2021-09。")
    return year * 100 + month


def _month_row(session: Session, period: int, *, exclusive: bool) -> FundMonth:
    """The month's row, row-locked (shared or exclusive), created if it does not exist yet."""
    stmt = (
        select(FundMonth)
        .where(FundMonth.period == period)
        .with_for_update(read=not exclusive)
        .execution_options(populate_existing=True)
    )
    row = session.scalar(stmt)
    if row is None:
        try:
            with session.begin_nested():
                session.add(FundMonth(period=period, locked=False))
        except IntegrityError:
            pass  # another session created it first; read theirs (after their commit)
        row = session.scalar(stmt)
    assert row is not None
    return row


def guard_month(session: Session, day: date, what: str = "该记录") -> None:
    """Refuse a write dated in a locked month (and hold the month open until commit)."""
    row = _month_row(session, period_of(day), exclusive=False)
    if row.locked:
        raise ValidationError(
            f"{period_text(row.period)}的月报已报送，该月已锁定，不能修改{what}"
            f"（日期 {day.isoformat()}）。如需更正，请在未锁定的月份登记调整记录；"
            "确需修改请由有权限的人员填写理由后重新打开该月。"
        )


def is_locked(session: Session, period: int) -> bool:
    return bool(session.scalar(select(FundMonth.locked).where(FundMonth.period == period)) or False)


@dataclass(frozen=True)
class MonthState:
    period: int
    locked: bool
    submitted_at: datetime | None
    submitted_by: str
    filled_by: str
    reviewed_by: str
    problems: str
    reopen_reason: str


def _state(row: FundMonth) -> MonthState:
    return MonthState(
        row.period,
        row.locked,
        row.submitted_at,
        row.submitted_by,
        row.filled_by,
        row.reviewed_by,
        row.problems,
        row.reopen_reason,
    )


def month_state(session: Session, actor: Actor, period: int) -> MonthState:
    require_role(actor, "read")
    row = session.scalar(select(FundMonth).where(FundMonth.period == period))
    if row is None:
        return MonthState(period, False, None, "", "", "", "", "")
    return _state(row)


def lock_month(
    session: Session,
    actor: Actor,
    period: int,
    *,
    filled_by: str = "",
    reviewed_by: str = "",
    problems: str = "",
) -> MonthState:
    """Submit the month's report: record who filled and reviewed it, and lock the month."""
    require(session, actor, "funds.edit")
    row = _month_row(session, period, exclusive=True)
    if row.locked:
        raise ValidationError(f"{period_text(period)}的月报已报送，该月已经锁定。")
    row.locked = True
    row.filled_by = (filled_by or actor.display_name).strip()[:40]
    row.reviewed_by = reviewed_by.strip()[:40]
    row.problems = problems.strip()
    row.submitted_at = utcnow()
    row.submitted_by = actor.username
    session.flush()
    return _state(row)


def unlock_month(session: Session, actor: Actor, period: int, reason: str) -> MonthState:
    """Reopen a locked month (role funds.reopen, a reason; the change is audited)."""
    require(session, actor, "funds.reopen")
    if not reason.strip():
        raise ValidationError("重新打开已锁定的月份必须填写理由。")
    row = _month_row(session, period, exclusive=True)
    if not row.locked:
        raise ValidationError(f"{period_text(period)}没有锁定，无需重新打开。")
    row.locked = False
    row.reopen_reason = reason.strip()
    session.flush()
    return _state(row)


def locked_periods(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(FundMonth.period).where(FundMonth.locked.is_(True)).order_by(FundMonth.period)
        )
    )
