"""What the card and the income/upkeep pages read: disposal, income, upkeep, inspections, plans.

Plain rows for the screens; every read checks the read permission and the town scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import card
from fpr_desktop.assets.income import USES, income_of, payout_wait, plan_notice
from fpr_desktop.assets.models import (
    Disposal,
    DistributionPlan,
    IncomeRecord,
    Inspection,
    Payout,
    Upkeep,
)
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import in_scope, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.db.types import Money
from fpr_desktop.notices.register import notice_number


@dataclass(frozen=True)
class DisposalRow:
    cause: str
    procedure: str
    approval: str
    approved_on: date
    disposed_on: date
    proceeds: Decimal
    proceeds_to: str


@dataclass(frozen=True)
class IncomeRow:
    received_on: date
    amount: Decimal
    source: str


@dataclass(frozen=True)
class UpkeepRow:
    body: str
    person: str
    post: str
    phone: str
    agreement: str
    agreement_on: date | None
    funding: Decimal
    funding_source: str


@dataclass(frozen=True)
class InspectionRow:
    id: int
    inspected_on: date
    inspector: str
    condition: str
    repair_needed: str
    repaired_on: date | None
    repair_note: str

    @property
    def repair_open(self) -> bool:
        return bool(self.repair_needed) and self.repaired_on is None


@dataclass(frozen=True)
class CardRecords:
    """Everything below the card's own fields."""

    disposal: DisposalRow | None
    incomes: list[IncomeRow]
    upkeep: UpkeepRow | None
    inspections: list[InspectionRow]

    @property
    def income_total(self) -> Decimal:
        return sum((i.amount for i in self.incomes), Decimal(0))


def card_records(session: Session, actor: Actor, asset_id: int) -> CardRecords:
    card(session, actor, asset_id)  # read permission and scope
    d = session.scalar(select(Disposal).where(Disposal.asset_id == asset_id))
    disposal = (
        DisposalRow(
            d.cause,
            d.procedure,
            d.approval,
            d.approved_on,
            d.disposed_on,
            d.proceeds,
            d.proceeds_to,
        )
        if d is not None
        else None
    )
    incomes = [
        IncomeRow(r.received_on, r.amount, r.source)
        for r in session.scalars(
            select(IncomeRecord)
            .where(IncomeRecord.asset_id == asset_id)
            .order_by(IncomeRecord.received_on, IncomeRecord.id)
        )
    ]
    u = session.scalar(select(Upkeep).where(Upkeep.asset_id == asset_id))
    upkeep = (
        UpkeepRow(
            u.body,
            u.person,
            u.post,
            u.phone,
            u.agreement,
            u.agreement_on,
            u.funding,
            u.funding_source,
        )
        if u is not None
        else None
    )
    inspections = [
        InspectionRow(
            i.id,
            i.inspected_on,
            i.inspector,
            i.condition,
            i.repair_needed,
            i.repaired_on,
            i.repair_note,
        )
        for i in session.scalars(
            select(Inspection)
            .where(Inspection.asset_id == asset_id)
            .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
        )
    ]
    return CardRecords(disposal, incomes, upkeep, inspections)


# --- distribution plans ----------------------------------------------------------------------

STAGE_ORDER = ("decided", "town_review", "county_agree", "publish")


@dataclass(frozen=True)
class PlanRow:
    id: int
    version: int
    division_id: int
    division: str
    year: int
    received: Decimal
    parts: dict[str, Decimal]  # USES key → planned amount
    retained: Decimal
    household_count: int
    one_off_cash: bool
    procedure: str
    decided_on: date | None
    town_reviewed_on: date | None
    county_agreed_on: date | None
    published_on: date | None
    paid: dict[str, Decimal]  # USES key → paid so far
    note: str
    notice: str = ""  # the register number of its 收益分配公示 (GS2025-0012), '' when none
    payout_wait: str = ""  # why nothing may be paid out today under that notice ('' when it may)
    notice_stage: str = ""  # 公示中（至 …） / 公示异议待处理 while that notice holds payouts back

    @property
    def paid_total(self) -> Decimal:
        return sum(self.paid.values(), Decimal(0))

    @property
    def stage(self) -> str:
        """Where the plan stands, as a clerk says it."""
        if self.published_on is not None:
            if self.notice_stage:
                return self.notice_stage
            return "已公示" if self.paid_total == 0 else "兑付中"
        if self.county_agreed_on is not None:
            return "县级已同意，待公示"
        if self.town_reviewed_on is not None:
            return "乡镇已审核，待县级同意"
        return "待乡镇审核" if self.decided_on is not None else "待集体决策"

    @property
    def next_stage(self) -> str | None:
        """The income service's next step (None: published, only payouts remain)."""
        if self.decided_on is None:
            return None
        if self.town_reviewed_on is None:
            return "town_review"
        if self.county_agreed_on is None:
            return "county_agree"
        return "publish" if self.published_on is None else None


def plans(
    session: Session, actor: Actor, year: int | None = None, division_id: int | None = None
) -> list[PlanRow]:
    """Distribution plans in the actor's scope (newest year first)."""
    require_role(actor, "read")
    stmt = (
        select(DistributionPlan, Division.name, Division.town_id)
        .join(Division, Division.id == DistributionPlan.division_id)
        .order_by(DistributionPlan.year.desc(), DistributionPlan.id)
    )
    if year is not None:
        stmt = stmt.where(DistributionPlan.year == year)
    if division_id is not None:
        stmt = stmt.where(DistributionPlan.division_id == division_id)
    if actor.scope_town_id is not None:
        stmt = stmt.where(Division.town_id == actor.scope_town_id)
    found = session.execute(stmt).all()
    ids = [p.id for p, _n, _t in found]
    paid: dict[int, dict[str, Decimal]] = {}
    if ids:
        total = type_coerce(func.sum(Payout.amount), Money)
        for plan_id, use, amount in session.execute(
            select(Payout.plan_id, Payout.use, total)
            .where(Payout.plan_id.in_(ids))
            .group_by(Payout.plan_id, Payout.use)
        ):
            paid.setdefault(plan_id, {})[use] = Decimal(amount)
    return [
        PlanRow(
            p.id,
            p.version,
            p.division_id,
            name,
            p.year,
            p.received,
            {k: getattr(p, k) for k in USES},
            p.retained,
            p.household_count,
            p.one_off_cash,
            p.procedure,
            p.decided_on,
            p.town_reviewed_on,
            p.county_agreed_on,
            p.published_on,
            paid.get(p.id, {}),
            p.note,
            *_notice_of(session, p),
        )
        for p, name, _town in found
    ]


def _notice_of(session: Session, p: DistributionPlan) -> tuple[str, str, str]:
    """The plan's 收益分配公示 number, why payouts wait for it today, and its stage then."""
    if p.published_on is None:
        return "", "", ""
    n = plan_notice(session, p.id)
    if n is None:
        return "", "", ""
    today = date.today()
    wait = payout_wait(session, p.id, today)
    stage = ""
    if wait:
        stage = (
            f"公示中（至 {n.window_end:%Y-%m-%d}）" if today <= n.window_end else "公示异议待处理"
        )
    return notice_number(n.year, n.id), wait, stage


@dataclass(frozen=True)
class PlanContext:
    """What the plan form starts from: the income recorded and the 一分了之 threshold."""

    received: Decimal
    one_off_pct: int


def plan_context(session: Session, actor: Actor, division_id: int, year: int) -> PlanContext:
    require_role(actor, "read")
    d = session.get(Division, division_id)
    if d is None or not in_scope(session, actor, d.id):
        raise NotFound("该村（镇）不存在或不在您的管辖范围内。")
    return PlanContext(
        income_of(session, division_id, year),
        int(get_value(session, "assets.one_off_household_pct")),
    )
