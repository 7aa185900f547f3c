"""Operating assets' income and its distribution (收益分配, task 43).

A plan names its uses (collective, beneficiary households, public-welfare wages, upkeep,
development) and what is kept; distributed + retained must equal what was received. A plan
that hands (nearly) everything to households in cash is flagged as 一分了之, which the rules
forbid: the county cannot agree to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import EDIT, PROCEDURES, load
from fpr_desktop.assets.models import Asset, DistributionPlan, IncomeRecord, Payout
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import format_amount
from fpr_desktop.base.permissions import require
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.db.types import Money
from fpr_desktop.notices.models import Notice, NoticeItem, Objection
from fpr_desktop.notices.register import NoticeRow, notice_number

USES = {
    "collective": "村集体经济",
    "households": "受益农户",
    "welfare_wages": "公益岗位工资",
    "upkeep": "资产管护",
    "development": "发展生产",
}


def record_income(
    session: Session, actor: Actor, asset_id: int, received_on: date, amount: Decimal, source: str
) -> int:
    a = load(session, asset_id)
    require(session, actor, EDIT, a.village_id or a.town_id)
    if a.asset_class != "经营性":
        raise ValidationError("只有经营性资产登记收益。")
    if a.status == "已处置":
        raise ValidationError("该资产已处置，不能再登记收益。")
    if amount <= 0:
        raise ValidationError("收益金额应大于零。")
    row = IncomeRecord(asset_id=a.id, received_on=received_on, amount=amount, source=source.strip())
    session.add(row)
    session.flush()
    return row.id


def income_of(session: Session, division_id: int, year: int) -> Decimal:
    """Income received in `year` by the assets the division (and its households) owns."""
    total = session.scalar(
        select(type_coerce(func.coalesce(func.sum(IncomeRecord.amount), 0), Money))
        .join(Asset, Asset.id == IncomeRecord.asset_id)
        .where(
            Asset.owner_division_id == division_id,
            IncomeRecord.received_on >= date(year, 1, 1),
            IncomeRecord.received_on <= date(year, 12, 31),
        )
    )
    return Decimal(total or 0)


@dataclass(frozen=True)
class PlanInput:
    division_id: int
    year: int
    received: Decimal
    collective: Decimal
    households: Decimal
    welfare_wages: Decimal
    upkeep: Decimal
    development: Decimal
    retained: Decimal
    procedure: str
    household_count: int = 0
    decided_on: date | None = None
    note: str = ""

    @property
    def distributed(self) -> Decimal:
        return sum((getattr(self, k) for k in USES), Decimal(0))


def is_one_off_cash(plan: PlanInput, share_pct: int) -> bool:
    """一分了之: households get at least `share_pct`% of the distributed money and no other use
    beyond the collective's keeping is named."""
    distributed = plan.distributed
    if distributed <= 0 or plan.households <= 0:
        return False
    others = plan.welfare_wages + plan.upkeep + plan.development
    return plan.households * 100 >= distributed * share_pct and others == 0


def check_plan(plan: PlanInput) -> list[str]:
    problems = []
    parts = [*(getattr(plan, k) for k in USES), plan.retained, plan.received]
    if any(p < 0 for p in parts):
        problems.append("分配金额不能为负数。")
    if plan.distributed + plan.retained != plan.received:
        problems.append(
            f"分配合计 {format_amount(plan.distributed)} 元 + "
            f"留存 {format_amount(plan.retained)} 元"
            f" = {format_amount(plan.distributed + plan.retained)} 元，"
            f"不等于收到的收益 {format_amount(plan.received)} 元。"
        )
    if plan.procedure not in PROCEDURES:
        problems.append(f"决策程序应为{'、'.join(PROCEDURES)}之一。")
    if plan.households > 0 and plan.household_count <= 0:
        problems.append("分配给受益农户时，请填写受益户数。")
    return problems


def create_plan(session: Session, actor: Actor, plan: PlanInput) -> int:
    """Record a distribution plan; refuses one whose parts do not add up to the income."""
    d = session.get(Division, plan.division_id)
    if d is None or d.level not in ("village", "town"):
        raise NotFound("请选择制定分配方案的村（或镇）。")
    require(session, actor, EDIT, d.id)
    problems = check_plan(plan)
    if problems:
        raise ValidationError("\n".join(problems))
    share = int(get_value(session, "assets.one_off_household_pct"))
    row = DistributionPlan(
        division_id=d.id,
        year=plan.year,
        received=plan.received,
        collective=plan.collective,
        households=plan.households,
        household_count=plan.household_count,
        welfare_wages=plan.welfare_wages,
        upkeep=plan.upkeep,
        development=plan.development,
        retained=plan.retained,
        one_off_cash=is_one_off_cash(plan, share),
        procedure=plan.procedure,
        decided_on=plan.decided_on,
        note=plan.note.strip(),
    )
    session.add(row)
    session.flush()
    return row.id


STAGES = {"town_review": "乡镇审核", "county_agree": "县级同意", "publish": "公示"}
PLAN_RECORD = "distribution_plan"  # what the notice register's items point at
NOTICE_KIND = "income_distribution"  # 收益分配公示


def advance_plan(
    session: Session, actor: Actor, plan_id: int, version: int, stage: str, on: date
) -> None:
    """Town review → county agreement → publicity, in that order."""
    p = session.get(DistributionPlan, plan_id)
    if p is None:
        raise NotFound("该分配方案不存在。")
    check_version(p, version)
    if stage == "town_review":
        require(session, actor, EDIT, p.division_id)
        if p.decided_on is None:
            raise ValidationError("方案尚未经集体决策（四议两公开/三重一大），乡镇不能审核。")
        p.town_reviewed_on = on
    elif stage == "county_agree":
        require(session, actor, EDIT, None)
        if p.town_reviewed_on is None:
            raise ValidationError("方案尚未经乡镇审核。")
        if p.one_off_cash:
            raise ValidationError("该方案把收益几乎全部以现金分给农户（“一分了之”），不能同意。")
        p.county_agreed_on = on
    elif stage == "publish":
        require(session, actor, EDIT, p.division_id)
        if p.county_agreed_on is None:
            raise ValidationError("方案尚未经县级同意，不能公示。")
        p.published_on = on
    else:
        raise ValidationError(f"未知的步骤“{stage}”。")
    session.flush()


def record_payout(
    session: Session,
    actor: Actor,
    plan_id: int,
    paid_on: date,
    use: str,
    payee: str,
    amount: Decimal,
) -> int:
    """A payout under a published plan; a use is never paid beyond its planned share."""
    p = session.get(DistributionPlan, plan_id)
    if p is None:
        raise NotFound("该分配方案不存在。")
    require(session, actor, EDIT, p.division_id)
    if p.published_on is None:
        raise ValidationError("方案尚未公示，不能兑付。")
    if wait := payout_wait(session, p.id, paid_on):
        raise ValidationError(wait)
    if use not in USES:
        raise ValidationError(f"用途应为{'、'.join(USES.values())}之一。")
    if amount <= 0 or not payee.strip():
        raise ValidationError("请填写领取人和大于零的金额。")
    paid = session.scalar(
        select(type_coerce(func.coalesce(func.sum(Payout.amount), 0), Money)).where(
            Payout.plan_id == p.id, Payout.use == use
        )
    )
    planned: Decimal = getattr(p, use)
    already = Decimal(paid or 0)
    if already + amount > planned:
        raise ValidationError(
            f"“{USES[use]}”计划 {format_amount(planned)} 元，已兑付 {format_amount(already)} 元，"
            f"本次 {format_amount(amount)} 元将超出方案。"
        )
    row = Payout(
        plan_id=p.id,
        paid_on=paid_on,
        use=use,
        payee=payee.strip(),
        amount=amount,
        division_id=p.division_id,
    )
    session.add(row)
    session.flush()
    return row.id


# --- the 收益分配公示 in the notice register ---------------------------------------------------


def plan_notice(session: Session, plan_id: int) -> Notice | None:
    """The 收益分配公示 registered for the plan (the latest one not withdrawn), or None."""
    return session.scalar(
        select(Notice)
        .join(NoticeItem, NoticeItem.notice_id == Notice.id)
        .where(
            NoticeItem.record_type == PLAN_RECORD,
            NoticeItem.record_id == plan_id,
            Notice.kind == NOTICE_KIND,
            Notice.withdrawn.is_(False),
        )
        .order_by(Notice.id.desc())
        .limit(1)
    )


def payout_wait(session: Session, plan_id: int, on: date) -> str:
    """Why nothing may be paid out on `on` under the plan's registered notice ('' when it may,
    or when the plan was publicised before notices were registered)."""
    n = plan_notice(session, plan_id)
    if n is None:
        return ""
    number = notice_number(n.year, n.id)
    if session.scalar(
        select(exists().where(Objection.notice_id == n.id, Objection.resolved.is_(False)))
    ):
        return f"收益分配公示（{number}）有未处理的异议，处理完毕后才能兑付。"
    if on <= n.window_end:
        return f"收益分配公示（{number}）公示期至 {n.window_end:%Y-%m-%d}，期满无异议后才能兑付。"
    return ""


def notice_registered(session: Session, actor: Actor, row: NoticeRow) -> None:
    """A 收益分配公示 is in the register: the plan it covers is publicised from the window's
    first day (its 公示 stage, linked to the notice by the register's item). A plan already
    covered by another notice is not publicised twice."""
    for record_type, plan_id in row.covers:
        if record_type != PLAN_RECORD:
            continue
        earlier = session.scalar(
            select(Notice.id)
            .join(NoticeItem, NoticeItem.notice_id == Notice.id)
            .where(
                NoticeItem.record_type == PLAN_RECORD,
                NoticeItem.record_id == plan_id,
                Notice.withdrawn.is_(False),
                Notice.id != row.id,
            )
            .limit(1)
        )
        if earlier is not None:
            n = session.get(Notice, earlier)
            assert n is not None
            raise ValidationError(
                f"该方案已登记收益分配公示（{notice_number(n.year, n.id)}），不能重复登记。"
            )
        p = session.get(DistributionPlan, plan_id)
        if p is None:
            raise NotFound("该分配方案不存在。")
        advance_plan(session, actor, p.id, p.version, "publish", row.window_start)
