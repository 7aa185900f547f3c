"""分配到项目: what a document's money went to, the plan projects it may still go to, undo.

`ledger.assign` and `ledger.change_assignment` write; this module lists and deletes, so the
document dialog can show a document's assignments and offer the projects of that year's plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.versioning import check_version
from fpr_desktop.db.types import Money
from fpr_desktop.funds.documents import wan
from fpr_desktop.funds.models import FundAssignment, FundDocument, FundEntry
from fpr_desktop.funds.months import guard_month
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.records import plan_rows


@dataclass(frozen=True)
class AssignmentRow:
    """One project a document's money was assigned to, with what was paid of it."""

    id: int
    project_id: int
    project: str
    town: str
    assigned_on: date
    amount: Decimal
    paid: Decimal
    version: int


@dataclass(frozen=True)
class PlanChoice:
    """A project of the document's year plan: planned amount and what it got from any document."""

    project_id: int
    label: str
    planned: Decimal
    assigned: Decimal

    @property
    def open(self) -> Decimal:
        return max(self.planned - self.assigned, Decimal(0))


def document_assignments(session: Session, actor: Actor, document_id: int) -> list[AssignmentRow]:
    require_role(actor, "read")
    paid = (
        select(
            FundEntry.assignment_id, type_coerce(func.sum(FundEntry.amount), Money).label("paid")
        )
        .where(FundEntry.kind == "pay")
        .group_by(FundEntry.assignment_id)
        .subquery()
    )
    town = aliased(Division)
    stmt = (
        select(FundAssignment, Project.name, town.name, paid.c.paid)
        .join(Project, Project.id == FundAssignment.project_id)
        .join(town, town.id == FundAssignment.town_id)
        .outerjoin(paid, paid.c.assignment_id == FundAssignment.id)
        .where(FundAssignment.document_id == document_id)
        .order_by(FundAssignment.assigned_on, FundAssignment.id)
    )
    return [
        AssignmentRow(
            a.id, a.project_id, name, t, a.assigned_on, a.amount, p or Decimal(0), a.version
        )
        for a, name, t, p in session.execute(stmt)
    ]


def plan_choices(session: Session, actor: Actor, year: int) -> list[PlanChoice]:
    """Projects of `year`'s annual plan (the only ones money of that year may go to)."""
    require_role(actor, "read")
    rows = plan_rows(session, year)
    ids = [p.id for p, _ in rows]
    got = dict(
        session.execute(
            select(FundAssignment.project_id, type_coerce(func.sum(FundAssignment.amount), Money))
            .join(FundDocument, FundDocument.id == FundAssignment.document_id)
            .where(FundAssignment.project_id.in_(ids), FundDocument.year == year)
            .group_by(FundAssignment.project_id)
        ).all()
    )
    towns = dict(session.execute(select(Division.id, Division.name)).all())
    out = []
    for p, planned in rows:
        if actor.scope_town_id is not None and p.town_id != actor.scope_town_id:
            continue
        label = f"{p.name}（{towns.get(p.town_id, '')}）"
        out.append(PlanChoice(p.id, label, planned, got.get(p.id) or Decimal(0)))
    return out


def delete_assignment(
    session: Session, actor: Actor, assignment_id: int, expected_version: int
) -> None:
    """Undo an assignment nothing was paid from yet (in an open month)."""
    a = session.get(FundAssignment, assignment_id)
    if a is None:
        raise NotFound("该资金分配记录不存在。")
    require(session, actor, "funds.edit", a.village_id or a.town_id)
    check_version(a, expected_version)
    used = session.scalar(select(func.count(FundEntry.id)).where(FundEntry.assignment_id == a.id))
    if used:
        raise ValidationError(
            f"分配给该项目的 {wan(a.amount)} 已登记 {used} 条台账记录，不能删除；"
            "请修改分配金额或登记调整记录。"
        )
    guard_month(session, a.assigned_on, "资金分配")
    session.delete(a)
    session.flush()
