"""The monthly report (月报, task 41): the year's figures up to a month's end, by source and town.

Issued = documents of the year issued by the month's end; assigned, paid (拨付), spent (支出),
retention (质保金, not spent) and settled (报账) = the year's entries dated up to the month's end.
Spending rate = spent / issued (by source) or spent / assigned (by town, which has no issue of its
own). The entry sums are one GROUP BY each over a covering index (`fund_entry` carries source and
town), so the report costs about what the bare GROUP BY costs, however long the ledger.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require_role
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import FundAssignment, FundDocument, FundEntry
from fpr_desktop.funds.months import MonthState, month_state, period_text
from fpr_desktop.projects.models import Project, ProjectStep

ZERO = Decimal(0)


def month_end(period: int) -> date:
    year, month = divmod(period, 100)
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class ReportLine:
    """One row of the report (money in 元)."""

    label: str
    issued: Decimal | None = ZERO  # None on town lines (money is issued to the county)
    assigned: Decimal = ZERO
    paid: Decimal = ZERO
    spent: Decimal = ZERO
    retention: Decimal = ZERO
    settled: Decimal = ZERO
    started: int = 0
    completed: int = 0

    @property
    def rate(self) -> Decimal | None:
        """支出率 in percent (2 decimals), None when nothing was issued/assigned."""
        base = self.issued if self.issued is not None else self.assigned
        if not base:
            return None
        return (self.spent * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def add(self, other: ReportLine) -> None:
        if self.issued is not None and other.issued is not None:
            self.issued += other.issued
        for key in ("assigned", "paid", "spent", "retention", "settled", "started", "completed"):
            setattr(self, key, getattr(self, key) + getattr(other, key))


@dataclass
class MonthlyReport:
    period: int
    as_of: date
    by_source: list[ReportLine] = field(default_factory=list)
    by_town: list[ReportLine] = field(default_factory=list)
    state: MonthState | None = None
    #: distinct projects started / completed: one project is often funded from several sources,
    #: so the 合计 row counts it once instead of adding up the sources' counts
    projects: tuple[int, int] = (0, 0)

    @property
    def title(self) -> str:
        return f"{period_text(self.period)}衔接资金使用情况月报"

    def total(self, lines: list[ReportLine]) -> ReportLine:
        out = ReportLine("合计", issued=ZERO if lines is self.by_source else None)
        for line in lines:
            out.add(line)
        out.started, out.completed = self.projects
        return out


_KIND_FIELD = {"pay": "paid", "spend": "spent", "retain": "retention", "settle": "settled"}


def entry_sums(session: Session, start: date, end: date) -> list[tuple[str, int, str, Decimal]]:
    """(source, town, kind, Σ amount) over entries dated in [start, end]: the report's one pass
    over the ledger, answered from the covering index (source, town_id, kind, entry_date, amount).
    """
    stmt = (
        select(
            FundEntry.source,
            FundEntry.town_id,
            FundEntry.kind,
            type_coerce(func.sum(FundEntry.amount), Money),
        )
        .where(FundEntry.entry_date >= start, FundEntry.entry_date <= end)
        .group_by(FundEntry.source, FundEntry.town_id, FundEntry.kind)
    )
    return [(s, t, k, a) for s, t, k, a in session.execute(stmt)]


def _project_counts(
    session: Session, year: int, end: date, key: object
) -> dict[object, tuple[int, int]]:
    """(started, completed) projects per group among the projects given money this year."""
    end_at = datetime.combine(end + timedelta(days=1), time(), UTC)
    funded = (
        select(key.label("grp"), FundAssignment.project_id)  # type: ignore[attr-defined]
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .where(FundDocument.year == year, FundAssignment.assigned_on <= end)
        .distinct()
        .subquery()
    )
    started = (
        select(ProjectStep.project_id)
        .where(ProjectStep.action == "start", ProjectStep.at < end_at)
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(
            funded.c.grp,
            func.count(started.c.project_id),
            func.count(case((Project.completed_on <= end, 1))),
        )
        .join(Project, Project.id == funded.c.project_id)
        .outerjoin(started, started.c.project_id == funded.c.project_id)
        .group_by(funded.c.grp)
    )
    return {grp: (int(s), int(c)) for grp, s, c in rows}


def monthly_report(session: Session, actor: Actor, period: int) -> MonthlyReport:
    """The report for a month (2021-09 → 202109), computed from the ledger."""
    require_role(actor, "read")
    end = month_end(period)
    start = date(end.year, 1, 1)
    sources: dict[str, ReportLine] = {}
    towns: dict[int, ReportLine] = {}
    town_names = dict(
        session.execute(
            select(Division.id, Division.name)
            .where(Division.level == "town")
            .order_by(Division.sort_order, Division.id)
        ).all()
    )

    def src(name: str) -> ReportLine:
        return sources.setdefault(name, ReportLine(name))

    def town(tid: int) -> ReportLine:
        return towns.setdefault(tid, ReportLine(town_names.get(tid, str(tid)), issued=None))

    for name, amount in session.execute(
        select(FundDocument.source, type_coerce(func.sum(FundDocument.amount), Money))
        .where(FundDocument.year == end.year, FundDocument.issued_on <= end)
        .group_by(FundDocument.source)
    ):
        src(name).issued = amount
    assigned = (
        select(
            FundAssignment.source,
            FundAssignment.town_id,
            type_coerce(func.sum(FundAssignment.amount), Money),
        )
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .where(FundDocument.year == end.year, FundAssignment.assigned_on <= end)
        .group_by(FundAssignment.source, FundAssignment.town_id)
    )
    for name, tid, amount in session.execute(assigned):
        src(name).assigned += amount
        town(tid).assigned += amount
    for name, tid, kind, amount in entry_sums(session, start, end):
        for line in (src(name), town(tid)):
            setattr(line, _KIND_FIELD[kind], getattr(line, _KIND_FIELD[kind]) + amount)
    for key, (s, c) in _project_counts(session, end.year, end, FundAssignment.source).items():
        src(str(key)).started, src(str(key)).completed = s, c
    for key, (s, c) in _project_counts(session, end.year, end, FundAssignment.town_id).items():
        town(int(key)).started, town(int(key)).completed = s, c  # type: ignore[call-overload]
    order = defaultdict(lambda: 99, {n: i for i, n in enumerate(_source_order())})
    everything = _project_counts(session, end.year, end, literal(1))
    return MonthlyReport(
        period,
        end,
        sorted(sources.values(), key=lambda r: (order[r.label], r.label)),
        [towns[t] for t in town_names if t in towns],
        month_state(session, actor, period),
        everything.get(1, (0, 0)),
    )


def _source_order() -> tuple[str, ...]:
    from fpr_desktop.base.reference import choices

    return choices("funds", "sources")
