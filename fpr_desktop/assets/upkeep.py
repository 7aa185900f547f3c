"""Public assets' upkeep (管护, task 44): who maintains them, inspections, what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import EDIT, load
from fpr_desktop.assets.models import Asset, Inspection, Upkeep
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.settings import get_value

CONDITIONS = ("良好", "一般", "较差", "损坏")


@dataclass(frozen=True)
class UpkeepInput:
    body: str
    funding: Decimal
    person: str = ""
    post: str = ""
    phone: str = ""
    agreement: str = ""
    agreement_on: date | None = None
    funding_source: str = ""


def set_upkeep(session: Session, actor: Actor, asset_id: int, u: UpkeepInput) -> None:
    """Record (or replace) who maintains an asset: a body plus a person or a public-welfare post."""
    a = load(session, asset_id)
    require(session, actor, EDIT, a.village_id or a.town_id)
    if a.status == "已处置":
        raise ValidationError("该资产已处置，不能再修改。")
    problems = upkeep_problems(u)
    if problems:
        raise ValidationError("\n".join(problems))
    row = session.scalar(select(Upkeep).where(Upkeep.asset_id == a.id))
    if row is None:
        row = Upkeep(asset_id=a.id)
        session.add(row)
    for key, value in vars(u).items():
        setattr(row, key, value.strip() if isinstance(value, str) else value)
    session.flush()


def upkeep_problems(u: UpkeepInput) -> list[str]:
    """Every problem of an upkeep record as typed."""
    problems = []
    if not u.body.strip():
        problems.append("请填写管护主体。")
    if not (u.person.strip() or u.post.strip()):
        problems.append("请填写管护责任人或公益岗位。")
    if u.funding < 0:
        problems.append("管护经费不能为负数。")
    return problems


def log_inspection(
    session: Session,
    actor: Actor,
    asset_id: int,
    inspected_on: date,
    inspector: str,
    condition: str,
    repair_needed: str = "",
    repaired_on: date | None = None,
    repair_note: str = "",
) -> int:
    a = load(session, asset_id)
    require(session, actor, EDIT, a.village_id or a.town_id)
    if a.status == "已处置":
        raise ValidationError("该资产已处置，不再巡查。")
    if condition not in CONDITIONS:
        raise ValidationError(f"设施状况应为{'、'.join(CONDITIONS)}之一。")
    if not inspector.strip():
        raise ValidationError("请填写巡查人。")
    if repaired_on is not None and repaired_on < inspected_on:
        raise ValidationError("维修日期不能早于巡查日期。")
    row = Inspection(
        asset_id=a.id,
        inspected_on=inspected_on,
        inspector=inspector.strip(),
        condition=condition,
        repair_needed=repair_needed.strip(),
        repaired_on=repaired_on,
        repair_note=repair_note.strip(),
    )
    session.add(row)
    session.flush()
    return row.id


def record_repair(
    session: Session, actor: Actor, inspection_id: int, repaired_on: date, note: str
) -> None:
    """Close the repair an inspection asked for."""
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise ValidationError("该巡查记录不存在。")
    a = load(session, row.asset_id)
    require(session, actor, EDIT, a.village_id or a.town_id)
    if not row.repair_needed:
        raise ValidationError("该次巡查没有需要维修的问题。")
    if repaired_on < row.inspected_on:
        raise ValidationError("维修日期不能早于巡查日期。")
    row.repaired_on, row.repair_note = repaired_on, note.strip()
    session.flush()


@dataclass(frozen=True)
class UpkeepIssue:
    asset_id: int
    code: str
    name: str
    reason: str  # 未落实管护 / 巡查逾期 / 待维修


def upkeep_issues(session: Session, actor: Actor, today: date | None = None) -> list[UpkeepIssue]:
    """Public assets on the books with no upkeep, an overdue inspection or a repair still open."""
    require_role(actor, "read")
    today = today or date.today()
    due = today - timedelta(days=int(get_value(session, "assets.inspection_days")))
    last = (
        select(Inspection.asset_id, func.max(Inspection.inspected_on).label("last"))
        .group_by(Inspection.asset_id)
        .subquery()
    )
    open_repair = (
        select(Inspection.asset_id)
        .where(Inspection.repair_needed != "", Inspection.repaired_on.is_(None))
        .scalar_subquery()
    )
    stmt = (
        select(Asset.id, Asset.code, Asset.name, Upkeep.id, last.c.last, Asset.id.in_(open_repair))
        .outerjoin(Upkeep, Upkeep.asset_id == Asset.id)
        .outerjoin(last, last.c.asset_id == Asset.id)
        .where(Asset.asset_class == "公益性", Asset.status != "已处置")
        .order_by(Asset.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Asset.town_id == actor.scope_town_id)
    out = []
    for asset_id, code, name, upkeep_id, last_on, repair in session.execute(stmt):
        if upkeep_id is None:
            out.append(UpkeepIssue(asset_id, code, name, "未落实管护"))
        elif last_on is None or last_on < due:
            out.append(UpkeepIssue(asset_id, code, name, "巡查逾期"))
        elif repair:
            out.append(UpkeepIssue(asset_id, code, name, "待维修"))
    return out
