"""The project list: filters, keyset pages and footer totals, all in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.models.columns import Money
from fpr_desktop.base.paging import Column, IdPage, Totals, keyset_page
from fpr_desktop.base.permissions import require_role
from fpr_desktop.projects.categories import category_ids_under
from fpr_desktop.projects.flow import AcceptanceRule
from fpr_desktop.projects.models import Project, ProjectCategory, ProjectFunding
from fpr_desktop.projects.status import STATUS_LABELS

PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("year", "年度", "int", 50),
    Column("name", "项目名称", width=260),
    Column("town", "镇", width=70),
    Column("village", "村", width=80),
    Column("category", "类别", width=90),
    Column("status", "状态", width=90),
    Column("total_investment", "总投资", "money", 125),
    Column("fiscal_funds", "财政资金", "money", 125),
    Column("flag", "提示", width=90),
)


@dataclass(frozen=True)
class ProjectFilter:
    year: int | None = None
    town_id: int | None = None
    village_id: int | None = None
    category_id: int | None = None
    status: str | None = None
    fund_source: str | None = None
    text: str = ""


class ProjectSource:
    """Projects newest year first, then newest id (keyset on (year, id))."""

    columns: Sequence[Column] = PROJECT_COLUMNS

    def __init__(self, session: Session, actor: Actor, flt: ProjectFilter | None = None) -> None:
        require_role(actor, "read")
        self.actor = actor
        self.filter = flt or ProjectFilter()
        self._categories = (
            category_ids_under(session, self.filter.category_id)
            if self.filter.category_id is not None
            else None
        )
        self.today = date.today()

    def _apply[S: Select[*tuple[Any, ...]]](self, stmt: S) -> S:
        f = self.filter
        if self.actor.scope_town_id is not None:
            stmt = stmt.where(Project.town_id == self.actor.scope_town_id)
        if f.year is not None:
            stmt = stmt.where(Project.year == f.year)
        if f.town_id is not None:
            stmt = stmt.where(Project.town_id == f.town_id)
        if f.village_id is not None:
            stmt = stmt.where(Project.village_id == f.village_id)
        if self._categories is not None:
            stmt = stmt.where(Project.category_id.in_(self._categories))
        if f.status:
            stmt = stmt.where(Project.status == f.status)
        if f.fund_source:
            stmt = stmt.where(
                exists().where(
                    ProjectFunding.project_id == Project.id, ProjectFunding.source == f.fund_source
                )
            )
        if f.text.strip():
            stmt = stmt.where(Project.name.contains(f.text.strip(), autoescape=True))
        return stmt

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        stmt = self._apply(select(Project.id))
        return keyset_page(session, stmt, (Project.year, Project.id), after, limit)

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        town = aliased(Division)
        village = aliased(Division)
        stmt = (
            select(Project, town.name, village.name, ProjectCategory.name)
            .join(town, town.id == Project.town_id)
            .outerjoin(village, village.id == Project.village_id)
            .outerjoin(ProjectCategory, ProjectCategory.id == Project.category_id)
            .where(Project.id.in_(list(ids)))
        )
        out: dict[int, tuple[Any, ...]] = {}
        rule = AcceptanceRule.load(session)  # once per block, not once per row
        for p, town_name, village_name, category in session.execute(stmt):
            flag = "验收逾期" if rule.overdue(p, self.today) else ""
            out[p.id] = (
                p.year,
                p.name,
                town_name,
                village_name or "",
                category,
                STATUS_LABELS[p.status],
                p.total_investment,
                p.fiscal_funds,
                flag,
            )
        return out

    def totals(self, session: Session) -> Totals:
        stmt = self._apply(
            select(
                func.count(Project.id),
                type_coerce(func.coalesce(func.sum(Project.total_investment), 0), Money),
                type_coerce(func.coalesce(func.sum(Project.fiscal_funds), 0), Money),
            )
        )
        count, total, fiscal = session.execute(stmt).one()
        return Totals(int(count), {"total_investment": total, "fiscal_funds": fiscal})
