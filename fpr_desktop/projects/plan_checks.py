"""Task 40 checks on a year's plan: the share of 衔接资金 going to industry, the split between
脱贫村 and other villages, spending that belongs to the education/health/elderly-care/culture
channels, and projects planned above what they requested."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require_role
from fpr_desktop.base.reference import reference
from fpr_desktop.base.settings import get_value
from fpr_desktop.projects.models import AnnualPlan, PlanItem, Project, ProjectCategory

INDUSTRY = "产业发展"
POVERTY_VILLAGE = "脱贫村"
LINKAGE_FUNDS = "衔接资金"  # 中央/省级/市级/县级衔接资金: the funds the industry share is about


@dataclass(frozen=True)
class PlanChecks:
    year: int
    linkage_total: Decimal  # 衔接资金 in the plan
    industry_amount: Decimal  # of which for 产业发展 projects
    min_share: Decimal  # the setting, percent
    poverty_village_amount: Decimal
    poverty_village_projects: int
    other_village_amount: Decimal
    other_village_projects: int
    own_channel: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, channel
    over_requested: list[tuple[int, str, Decimal, Decimal]] = field(default_factory=list)

    @property
    def industry_share(self) -> Decimal:
        if not self.linkage_total:
            return Decimal(0)
        return (self.industry_amount * 100 / self.linkage_total).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def industry_ok(self) -> bool:
        return not self.linkage_total or self.industry_share >= self.min_share

    def lines(self) -> list[tuple[bool, str]]:
        """(is a problem, sentence) for the plan page and the notice, in this order."""
        wan = Decimal(10_000)
        out = [
            (
                not self.industry_ok,
                f"衔接资金用于产业发展 {self.industry_amount / wan:.2f}万元，占衔接资金"
                f" {self.linkage_total / wan:.2f}万元的 {self.industry_share}%"
                + (
                    f"，低于不少于 {self.min_share}% 的要求。"
                    if not self.industry_ok
                    else f"（要求不少于 {self.min_share}%）。"
                ),
            ),
            (
                False,
                f"脱贫村 {self.poverty_village_projects} 个项目 "
                f"{self.poverty_village_amount / wan:.2f}万元；非贫困村（含镇级）"
                f" {self.other_village_projects} 个项目"
                f" {self.other_village_amount / wan:.2f}万元。",
            ),
        ]
        for _pid, name, channel in self.own_channel:
            out.append(
                (
                    True,
                    f"“{name}”属于{channel}支出，应由{channel}部门的行业资金渠道安排，"
                    "不宜使用衔接资金。",
                )
            )
        for _pid, name, planned, requested in self.over_requested:
            out.append(
                (
                    True,
                    f"“{name}”计划资金 {planned / wan:.2f}万元超过申请财政资金"
                    f" {requested / wan:.2f}万元，须办理项目调整。",
                )
            )
        return out


def own_channel_of(name: str, content: str) -> str:
    """教育/卫生/养老/文化 when the project's name or content speaks of such a facility."""
    text = name + content
    for channel, words in reference("projects")["own_channels"].items():
        if any(w in text for w in words):
            return str(channel)
    return ""


def plan_checks(
    session: Session, actor: Actor, year: int, only: Collection[int] | None = None
) -> PlanChecks:
    """The checks over the year's plan (`only`: just these projects, e.g. a town's notice)."""
    require_role(actor, "read")
    min_share = Decimal(int(get_value(session, "projects.industry_share_min")))
    plan = session.scalar(select(AnnualPlan).where(AnnualPlan.year == year))
    zero = Decimal(0)
    if plan is None:
        return PlanChecks(year, zero, zero, min_share, zero, 0, zero, 0)
    items = list(session.scalars(select(PlanItem).where(PlanItem.plan_id == plan.id)))
    ids = sorted({i.project_id for i in items})
    projects = {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(ids)))}
    if actor.scope_town_id is not None:
        projects = {i: p for i, p in projects.items() if p.town_id == actor.scope_town_id}
    if only is not None:
        projects = {i: p for i, p in projects.items() if i in set(only)}
    categories = {c.id: c for c in session.scalars(select(ProjectCategory))}
    flags: dict[int, str] = {
        i: f
        for i, f in session.execute(
            select(Division.id, Division.flags).where(Division.level == "village")
        )
    }

    def top(category_id: int | None) -> str:
        c = categories.get(category_id or 0)
        while c is not None and c.parent_id is not None:
            c = categories.get(c.parent_id)
        return c.name if c is not None else ""

    linkage = industry = poor = other = zero
    planned: dict[int, Decimal] = {}
    for item in items:
        p = projects.get(item.project_id)
        if p is None:
            continue
        planned[p.id] = planned.get(p.id, zero) + item.amount
        if LINKAGE_FUNDS in item.source:
            linkage += item.amount
            if top(p.category_id) == INDUSTRY:
                industry += item.amount
    poor_count = other_count = 0
    own: list[tuple[int, str, str]] = []
    over: list[tuple[int, str, Decimal, Decimal]] = []
    for pid in ids:
        p = projects.get(pid)
        if p is None:
            continue
        if POVERTY_VILLAGE in (flags.get(p.village_id or 0) or "").split(";"):
            poor += planned[pid]
            poor_count += 1
        else:
            other += planned[pid]
            other_count += 1
        channel = own_channel_of(p.name, p.content)
        if channel:
            own.append((pid, p.name, channel))
        if planned[pid] > p.fiscal_funds:
            over.append((pid, p.name, planned[pid], p.fiscal_funds))
    return PlanChecks(
        year, linkage, industry, min_share, poor, poor_count, other, other_count, own, over
    )
