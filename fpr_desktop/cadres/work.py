"""The team's work and the care it gets: household visits and their coverage, trainings, work
records, care records and the insurance expiry warning (tasks 47, 48, 50)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.common import cadre_for
from fpr_desktop.cadres.models import (
    Assignment,
    Cadre,
    CareRecord,
    HouseholdVisit,
    KeyVillage,
    Training,
    WorkRecord,
)
from fpr_desktop.cadres.rules import (
    CARE_KINDS,
    CARE_OCCASIONS,
    COUNTY_OR_ABOVE,
    TRAINING_LEVELS,
    VISIT_ITEMS,
    WORK_KINDS,
)


@dataclass(frozen=True)
class VisitInput:
    village_id: int
    household: str
    visited_on: date
    visitors: str
    items: tuple[str, ...] = VISIT_ITEMS
    problems: str = ""
    referred: bool = False  # 纳入防返贫监测


def visit_values(v: VisitInput) -> dict[str, object]:
    """The columns of a visit once its input passed the checks (recording and correcting)."""
    problems = []
    if not v.household.strip():
        problems.append("请填写走访农户（户主姓名）。")
    if not v.visitors.strip():
        problems.append("请填写走访人员。")
    if not v.items:
        problems.append("请至少勾选一项核查内容。")
    if bad := [i for i in v.items if i not in VISIT_ITEMS]:
        problems.append(f"走访内容“{'、'.join(bad)}”不正确。")
    if problems:
        raise ValidationError("\n".join(problems))
    return {
        "household": v.household.strip(),
        "visited_on": v.visited_on,
        "visitors": v.visitors.strip(),
        "items": "、".join(v.items),
        "problems": v.problems.strip(),
        "referred": v.referred,
    }


def record_visit(session: Session, actor: Actor, v: VisitInput) -> int:
    village = session.get(Division, v.village_id)
    if village is None or village.level != "village":
        raise NotFound("所选的村不存在。")
    require(session, actor, "cadres.daily", village.id)
    row = HouseholdVisit(village_id=village.id, **visit_values(v))
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True)
class CoverageRow:
    village_id: int
    village: str
    households: int
    visited: int  # distinct households visited in the year
    short: bool

    @property
    def percent(self) -> int:
        return 100 * self.visited // self.households if self.households else 0


def visit_coverage(session: Session, actor: Actor, year: int) -> list[CoverageRow]:
    """Every key village of the year: households visited at least once against its count."""
    require_role(actor, "read")
    per_household = int(get_value(session, "cadres.household_visits_per_year"))
    visits = (
        select(
            HouseholdVisit.village_id,
            HouseholdVisit.household,
            func.count().label("n"),
        )
        .where(HouseholdVisit.visited_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(HouseholdVisit.village_id, HouseholdVisit.household)
        .having(func.count() >= per_household)
        .subquery()
    )
    stmt = (
        select(KeyVillage, Division.name, func.count(distinct(visits.c.household)))
        .join(Division, Division.id == KeyVillage.village_id)
        .outerjoin(visits, visits.c.village_id == KeyVillage.village_id)
        .where(KeyVillage.year == year)
        .group_by(KeyVillage.id, Division.name, Division.sort_order)
        .order_by(Division.sort_order, KeyVillage.village_id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Division.town_id == actor.scope_town_id)
    return [
        CoverageRow(k.village_id, name, k.households, n, n < k.households)
        for k, name, n in session.execute(stmt)
    ]


def training_values(
    *, course: str, organiser_level: str, start_date: date, end_date: date, hours: int
) -> dict[str, object]:
    """The columns of a training once they passed the checks (recording and correcting)."""
    problems = []
    if not course.strip():
        problems.append("请填写培训班名称。")
    if organiser_level not in TRAINING_LEVELS:
        problems.append(f"举办层级只能是：{'、'.join(TRAINING_LEVELS)}。")
    if end_date < start_date:
        problems.append("培训结束日期不能早于开始日期。")
    if hours <= 0:
        problems.append("学时应大于0。")
    if problems:
        raise ValidationError("\n".join(problems))
    return {
        "course": course.strip(),
        "organiser_level": organiser_level,
        "start_date": start_date,
        "end_date": end_date,
        "hours": hours,
    }


def record_training(
    session: Session,
    actor: Actor,
    cadre_id: int,
    *,
    course: str,
    organiser_level: str,
    start_date: date,
    end_date: date,
    hours: int,
) -> int:
    cadre_for(session, actor, cadre_id, "cadres.edit")
    row = Training(
        cadre_id=cadre_id,
        **training_values(
            course=course,
            organiser_level=organiser_level,
            start_date=start_date,
            end_date=end_date,
            hours=hours,
        ),
    )
    session.add(row)
    session.flush()
    return row.id


def training_shortfalls(session: Session, actor: Actor, year: int) -> list[tuple[int, str, int]]:
    """Cadres posted in the year with fewer county-level (or higher) trainings than required:
    (cadre id, name, trainings found)."""
    require_role(actor, "read")
    needed = int(get_value(session, "cadres.county_training_per_year"))
    counted = (
        select(Training.cadre_id, func.count().label("n"))
        .where(
            Training.organiser_level.in_(COUNTY_OR_ABOVE),
            Training.start_date.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .group_by(Training.cadre_id)
        .subquery()
    )
    stmt = (
        select(Cadre.id, Cadre.name, func.coalesce(counted.c.n, 0))
        .join(Assignment, Assignment.cadre_id == Cadre.id)
        .outerjoin(counted, counted.c.cadre_id == Cadre.id)
        .where(
            Assignment.term_start <= date(year, 12, 31),
            (Assignment.ended_on.is_(None)) | (Assignment.ended_on >= date(year, 1, 1)),
        )
        .distinct()
        .order_by(Cadre.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Assignment.town_id == actor.scope_town_id)
    return [(cid, name, int(n)) for cid, name, n in session.execute(stmt) if n < needed]


def work_values(kind: str, on: date, content: str) -> dict[str, object]:
    """The columns of a work record once they passed the checks (recording and correcting)."""
    if kind not in WORK_KINDS:
        raise ValidationError(f"记录类型只能是：{'、'.join(WORK_KINDS)}。")
    if not content.strip():
        raise ValidationError("请填写记录内容。")
    return {"kind": kind, "recorded_on": on, "content": content.strip()}


def record_work(
    session: Session, actor: Actor, cadre_id: int, kind: str, on: date, content: str
) -> int:
    """A monthly work record, a summary, or a report heard by the dispatching unit."""
    cadre_for(session, actor, cadre_id, "cadres.daily")
    row = WorkRecord(cadre_id=cadre_id, **work_values(kind, on, content))
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True)
class CareInput:
    cadre_id: int
    kind: str
    occurred_on: date
    provider: str
    occasion: str = "日常"
    amount: Decimal | None = None
    policy_no: str = ""
    insurer: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""


def record_care(session: Session, actor: Actor, c: CareInput) -> int:
    cadre_for(session, actor, c.cadre_id, "cadres.edit")
    row = CareRecord(cadre_id=c.cadre_id, **care_values(c))
    session.add(row)
    session.flush()
    return row.id


def care_values(c: CareInput) -> dict[str, object]:
    """The columns of a care record once its input passed the checks (recording and correcting)."""
    problems = []
    if c.kind not in CARE_KINDS:
        problems.append(f"关爱类型只能是：{'、'.join(CARE_KINDS)}。")
    if c.occasion not in CARE_OCCASIONS:
        problems.append(f"走访事由只能是：{'、'.join(CARE_OCCASIONS)}。")
    if c.kind == "意外保险":
        if not c.policy_no.strip() or not c.insurer.strip():
            problems.append("意外伤害保险须填写保单号和承保公司。")
        if c.valid_from is None or c.valid_to is None or c.valid_to <= c.valid_from:
            problems.append("意外伤害保险须填写有效期起止，且止期晚于起期。")
    if c.kind in ("补贴", "工作经费") and (c.amount is None or c.amount <= 0):
        problems.append(f"{c.kind}须填写大于0的金额。")
    if problems:
        raise ValidationError("\n".join(problems))
    return {
        "kind": c.kind,
        "occurred_on": c.occurred_on,
        "provider": c.provider.strip(),
        "occasion": c.occasion,
        "amount": c.amount,
        "policy_no": c.policy_no.strip(),
        "insurer": c.insurer.strip(),
        "valid_from": c.valid_from,
        "valid_to": c.valid_to,
        "note": c.note.strip(),
    }


def insurance_warnings(session: Session, actor: Actor, today: date) -> list[str]:
    """Posted cadres whose accident insurance ends within the warning window, or has lapsed."""
    require_role(actor, "read")
    days = int(get_value(session, "cadres.insurance_warning_days"))
    latest = (
        select(CareRecord.cadre_id, func.max(CareRecord.valid_to).label("valid_to"))
        .where(CareRecord.kind == "意外保险")
        .group_by(CareRecord.cadre_id)
        .subquery()
    )
    stmt = (
        select(Cadre.name, latest.c.valid_to)
        .join(Assignment, Assignment.cadre_id == Cadre.id)
        .outerjoin(latest, latest.c.cadre_id == Cadre.id)
        .where(Assignment.ended_on.is_(None))
        .order_by(Cadre.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Assignment.town_id == actor.scope_town_id)
    out = []
    for name, valid_to in session.execute(stmt):
        if valid_to is None or valid_to < today:
            out.append(f"{name}未办理或已过期人身意外伤害保险。")
        elif valid_to <= today + timedelta(days=days):
            out.append(
                f"{name}的人身意外伤害保险将于{valid_to}到期（{(valid_to - today).days}天后）。"
            )
    return out
