"""Demonstration fund ledger consistent with the demo library: for the 2021 annual plan, the
allocation documents of each fund source, the assignment of every planned project, and payments,
spending, retention and settlement by the project's stage; January–November are reported and
locked; a quarterly inspection each quarter and the performance monitoring of the plan projects
(`demo_checks`). Everything goes through the services, so the demo obeys every rule it shows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.funds import demo_checks, ledger, months
from fpr_desktop.funds import documents as docs
from fpr_desktop.funds.models import FundDocument, FundEntry
from fpr_desktop.projects.models import AnnualPlan, PlanItem, Project

CENT = Decimal("0.01")
# source → (issuer, level, 文号 prefix, issue month/day; month 0 = November of the year before)
ISSUERS = {
    "中央衔接资金": ("陕西省财政厅", "中央", "陕财办农", (0, 20)),
    "省级衔接资金": ("陕西省财政厅", "省级", "陕财办农", (3, 15)),
    "市级衔接资金": ("宝鸡市财政局", "市级", "宝财农", (4, 8)),
    "县级衔接资金": ("陇县财政局", "县级", "陇财发", (3, 1)),
    "苏陕协作资金": ("陇县财政局", "县级", "陇财发", (5, 18)),
}
STARTED = ("implementing", "completed", "accepted", "settled", "completion_notice", "handed_over")
SETTLED = ("settled", "completion_notice", "handed_over")
DEMO_YEAR = 2021  # the year of the task list: one realistic year of the ledger
LOCKED_MONTHS = range(1, 12)  # January–November reported and locked; December still open


def _issued_on(year: int, when: tuple[int, int]) -> date:
    month, day = when
    return date(year - 1, 11, day) if month == 0 else date(year, month, day)


def _part(amount: Decimal, share: float) -> Decimal:
    return (amount * Decimal(str(share))).quantize(CENT)


def seed_demo(session: Session, scale: int = 1) -> int:
    """The module's demo seeder (`Module.demo`): nothing when documents exist already."""
    if session.scalar(select(FundDocument.id).limit(1)) is not None:
        return 0
    rng = random.Random(2021)
    rows = session.execute(
        select(AnnualPlan.year, PlanItem.source, PlanItem.amount, Project)
        .join(PlanItem, PlanItem.plan_id == AnnualPlan.id)
        .join(Project, Project.id == PlanItem.project_id)
        .where(PlanItem.source.in_(list(ISSUERS)), AnnualPlan.year == DEMO_YEAR)
        .order_by(AnnualPlan.year, Project.id)
    ).all()
    grouped: dict[tuple[int, str], list[tuple[Decimal, Project]]] = defaultdict(list)
    for year, source, amount, p in rows:
        grouped[(year, source)].append((amount, p))
    added = 0
    numbers: dict[tuple[int, str], int] = defaultdict(lambda: 10)
    for (year, source), items in sorted(grouped.items()):
        issuer, level, prefix, when = ISSUERS[source]
        issued = _issued_on(year, when)
        numbers[(issued.year, prefix)] += rng.randint(1, 9)
        doc_id = docs.create_document(
            session,
            SYSTEM,
            docs.DocumentInput(
                doc_no=f"{prefix}〔{issued.year}〕{numbers[(issued.year, prefix)]}号",
                year=year,
                issued_on=issued,
                issuer=issuer,
                level=level,
                source=source,
                subtask="巩固拓展脱贫攻坚成果和乡村振兴",
                amount=sum((a for a, _ in items), Decimal(0)),
                budget_subject="2130504",
                in_advance=issued.year < year,
                title=f"关于下达{year}年{source}的通知",
            ),
        )
        added += 1
        for amount, p in items:
            start = max(issued, date(year, 1, 1)) + timedelta(days=rng.randint(5, 30))
            aid = ledger.assign(session, SYSTEM, doc_id, p.id, amount, start)
            added += 1 + _movements(session, rng, aid, amount, p, start)
    if grouped:
        for month in LOCKED_MONTHS:
            months.lock_month(
                session,
                SYSTEM,
                DEMO_YEAR * 100 + month,
                filled_by="王会计",
                reviewed_by="李科长",
                problems="无" if month % 3 else "个别项目支出进度偏慢，已督促加快实施",
            )
        added += demo_checks.seed_inspections(session, rng, DEMO_YEAR)
        added += demo_checks.seed_performance(session, rng, DEMO_YEAR)
    return added


def _entry(
    session: Session,
    aid: int,
    kind: str,
    day: date,
    amount: Decimal,
    *,
    payee: str = "",
    voucher_no: str = "",
    use_category: str = "",
) -> int:
    if amount <= 0:
        return 0
    inp = ledger.EntryInput(
        aid, kind, day, amount, payee=payee, voucher_no=voucher_no, use_category=use_category
    )
    ledger.record_entry(session, SYSTEM, inp)
    return 1


def _cap_room(session: Session, p: Project) -> Decimal:
    """What may still be paid to `p` before its acceptance (prepayment cap minus paid)."""
    session.flush()
    cap, _what = ledger.prepayment_cap(session, p)
    paid = sum(
        session.scalars(
            select(FundEntry.amount).where(FundEntry.project_id == p.id, FundEntry.kind == "pay")
        ),
        Decimal(0),
    )
    return max(cap - paid, Decimal(0))


def _movements(
    session: Session, rng: random.Random, aid: int, amount: Decimal, p: Project, start: date
) -> int:
    """Payments and spending that fit the project's stage (within the prepayment cap)."""
    if p.status not in STARTED:
        return 0
    payee = p.contractor or f"陇县{rng.choice(('宏达', '秦川', '关山', '千河'))}建筑工程有限公司"
    done = p.accepted_on is not None
    first = _part(amount, rng.choice((0.3, 0.4, 0.5)))
    second = _part(amount, 0.7) - first if p.status != "implementing" else Decimal(0)
    # A project funded from several sources shares one prepayment cap: stay within it.
    room = _cap_room(session, p)
    first = min(first, room)
    second = max(min(second, room - first), Decimal(0))
    day1 = start + timedelta(days=rng.randint(10, 40))
    day2 = day1 + timedelta(days=rng.randint(30, 90))
    n = _entry(session, aid, "pay", day1, first, voucher_no=f"拨{rng.randint(100, 999)}")
    n += _entry(session, aid, "pay", day2, second, voucher_no=f"拨{rng.randint(100, 999)}")
    paid = first + second
    spent = _part(paid, rng.choice((0.6, 0.8, 1.0)))
    use = rng.choice(("工程款", "工程款", "材料设备款", "劳务报酬"))
    spend_day = (day2 if second else day1) + timedelta(days=12)
    n += _entry(session, aid, "spend", spend_day, spent, payee=payee, use_category=use)
    if done and p.accepted_on is not None:
        last = amount - paid
        after = p.accepted_on + timedelta(days=rng.randint(5, 25))
        n += _entry(session, aid, "pay", after, last, voucher_no=f"拨{rng.randint(100, 999)}")
        retention = _part(amount, 0.03)
        n += _entry(session, aid, "retain", after + timedelta(days=3), retention, payee=payee)
        n += _entry(
            session,
            aid,
            "spend",
            after + timedelta(days=3),
            amount - spent - retention,
            payee=payee,
            use_category="工程款",
        )
        if p.status in SETTLED and p.settled_on is not None:
            n += _entry(
                session,
                aid,
                "settle",
                max(p.settled_on, after + timedelta(days=4)),
                amount - retention,
                voucher_no=f"记{rng.randint(1000, 9999)}",
            )
    return n
