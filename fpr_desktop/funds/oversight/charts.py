"""What the funds charts draw (Qt-free): the spending rate month by month against the expected
curve, and by town and by fund source up to a month; each bar knows the ledger filter it opens.

The expected curve is the time schedule (时序进度): by the end of month m, m/12 of the year's
money should be spent — the yardstick county finance offices hold the spending rate against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require_role
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import FundDocument, FundEntry
from fpr_desktop.funds.report import monthly_report

ZERO = Decimal(0)


def _rate(part: Decimal, whole: Decimal) -> float:
    if not whole:
        return 0.0
    return float((part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def expected_rate(month: int) -> float:
    """时序进度 at the end of `month`, in percent."""
    return round(month * 100 / 12, 2)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the rate (%), the money behind it (元) and the filter a click opens."""

    label: str
    rate: float
    spent: Decimal
    base: Decimal  # issued (by month, by source) or assigned (by town)
    town_id: int | None = None
    source: str | None = None
    month: int | None = None

    def tip(self, base_name: str = "下达") -> str:
        wan = Decimal(10000)
        return (
            f"{self.label}：支出率 {self.rate:.2f}%\n"
            f"已支出 {self.spent / wan:,.2f} 万元 / {base_name} {self.base / wan:,.2f} 万元"
        )


@dataclass(frozen=True)
class Charts:
    year: int
    through: int  # the last month drawn
    months: list[Bar]
    expected: list[float]  # 时序进度 for months 1..through
    towns: list[Bar]
    sources: list[Bar]


def spending_charts(
    session: Session, actor: Actor, year: int, *, today: date | None = None
) -> Charts:
    """The year's charts up to the last finished month (December for a past year)."""
    require_role(actor, "read")
    today = today or date.today()
    through = 12 if year < today.year else max(today.month - 1, 1) if year == today.year else 1
    issued_by_month = [ZERO] * 13
    for issued_on, amount in session.execute(
        select(FundDocument.issued_on, FundDocument.amount).where(FundDocument.year == year)
    ):
        month = issued_on.month if issued_on.year == year else 1  # 提前下达 counts from January
        issued_by_month[month] += amount
    # grouped in the order of the covering index (source, town, kind, day): no date function
    # per row and no sort; a few thousand (source, town, day) sums are folded into months here
    stmt = (
        select(
            FundEntry.source,
            FundEntry.town_id,
            FundEntry.entry_date,
            type_coerce(func.sum(FundEntry.amount), Money),
        )
        .where(
            FundEntry.kind == "spend",
            FundEntry.entry_date >= date(year, 1, 1),
            FundEntry.entry_date <= date(year, 12, 31),
        )
        .group_by(FundEntry.source, FundEntry.town_id, FundEntry.entry_date)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(FundEntry.town_id == actor.scope_town_id)
    spent_by_month = [ZERO] * 13
    for _source, _town, day, amount in session.execute(stmt):
        spent_by_month[day.month] += amount or ZERO
    months, issued, spent = [], ZERO, ZERO
    for m in range(1, through + 1):
        issued += issued_by_month[m]
        spent += spent_by_month[m]
        months.append(Bar(f"{m}月", _rate(spent, issued), spent, issued, month=m))
    report = monthly_report(session, actor, year * 100 + through)
    ids = dict(
        session.execute(select(Division.name, Division.id).where(Division.level == "town")).all()
    )
    towns = [
        Bar(t.label, _rate(t.spent, t.assigned), t.spent, t.assigned, town_id=ids.get(t.label))
        for t in report.by_town
        if actor.scope_town_id is None or ids.get(t.label) == actor.scope_town_id
    ]
    sources = [
        Bar(s.label, _rate(s.spent, s.issued or ZERO), s.spent, s.issued or ZERO, source=s.label)
        for s in report.by_source
    ]
    return Charts(
        year, through, months, [expected_rate(m) for m in range(1, through + 1)], towns, sources
    )
