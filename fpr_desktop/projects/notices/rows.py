"""Notice rows from projects: the plain dicts each notice template's table "rows" expects.

Amounts stay Decimal 元 (the engine shows them in 万元 with the configured decimals). Where a
column needs money inside text (实施前公示's 资金来源), `wan` formats it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.documents.textfmt import cn_date
from fpr_desktop.projects.categories import category_paths
from fpr_desktop.projects.models import (
    Acceptance,
    AnnualPlan,
    PlanItem,
    Project,
    ProjectFunding,
    ProjectStep,
    ProjectTarget,
)
from fpr_desktop.projects.status import ACCEPTED_OR_LATER

Row = dict[str, Any]
PASSED = "合格"
FAILED = "不合格（整改后重新验收）"


def division_names(session: Session, projects: Sequence[Project]) -> dict[int, str]:
    ids = {p.town_id for p in projects} | {p.village_id for p in projects if p.village_id}
    rows = session.execute(select(Division.id, Division.name).where(Division.id.in_(ids)))
    return {i: n for i, n in rows}


def location(p: Project, names: dict[int, str]) -> str:
    """固关镇上岔村三组 — town, village and group as one place name."""
    village = names.get(p.village_id, "") if p.village_id else ""
    return f"{names.get(p.town_id, '')}{village}{p.group_name}"


def month_period(start: date | None, end: date | None) -> str:
    """2022年3月—2022年11月 (empty when neither date is known)."""
    if start is None and end is None:
        return ""
    left = f"{start.year}年{start.month}月" if start else ""
    right = f"{end.year}年{end.month}月" if end else ""
    return f"{left}—{right}"


def targets_text(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Project id → 提质增效面积500亩；受益群众满意度≥95%."""
    out: dict[int, list[str]] = {}
    stmt = select(ProjectTarget).where(ProjectTarget.project_id.in_(ids)).order_by(ProjectTarget.id)
    for t in session.scalars(stmt):
        out.setdefault(t.project_id, []).append(f"{t.indicator}{t.target_value}{t.unit}")
    return {k: "；".join(v) for k, v in out.items()}


def fundings(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[str, Decimal]]]:
    """Funds by source: the annual plan's if the project is in one, else those requested."""
    planned: dict[int, list[tuple[str, Decimal]]] = {}
    stmt = (
        select(PlanItem.project_id, PlanItem.source, PlanItem.amount)
        .join(AnnualPlan, AnnualPlan.id == PlanItem.plan_id)
        .where(PlanItem.project_id.in_(ids))
        .order_by(AnnualPlan.year, PlanItem.id)
    )
    for pid, source, amount in session.execute(stmt):
        planned.setdefault(pid, []).append((source, amount))
    requested: dict[int, list[tuple[str, Decimal]]] = {}
    stmt2 = select(ProjectFunding).where(ProjectFunding.project_id.in_(ids))
    for f in session.scalars(stmt2.order_by(ProjectFunding.id)):
        requested.setdefault(f.project_id, []).append((f.source, f.amount))
    return {pid: planned.get(pid) or requested.get(pid, []) for pid in ids}


def start_dates(session: Session, ids: Sequence[int]) -> dict[int, date]:
    """When each project's 开工实施 step was taken (local date)."""
    stmt = select(ProjectStep.project_id, ProjectStep.at).where(
        ProjectStep.project_id.in_(ids), ProjectStep.action == "start"
    )
    return {pid: at.astimezone().date() for pid, at in session.execute(stmt)}


def final_acceptances(session: Session, ids: Sequence[int]) -> dict[int, Acceptance]:
    """Each project's latest final acceptance (终验)."""
    stmt = (
        select(Acceptance)
        .where(Acceptance.project_id.in_(ids), Acceptance.stage == "终验")
        .order_by(Acceptance.held_on, Acceptance.id)
    )
    return {a.project_id: a for a in session.scalars(stmt)}


def beneficiaries(p: Project) -> str:
    """受益农户120户410人，其中脱贫户35户110人、监测户6户12人."""
    if not p.households and not p.people:
        return ""
    text = f"受益农户{p.households}户{p.people}人"
    parts = []
    if p.poverty_households or p.poverty_people:
        parts.append(f"脱贫户{p.poverty_households}户{p.poverty_people}人")
    if p.monitored_households or p.monitored_people:
        parts.append(f"监测户{p.monitored_households}户{p.monitored_people}人")
    return text + ("，其中" + "、".join(parts) if parts else "")


def _unit(p: Project) -> str:
    return p.implementing_unit or p.responsible_unit


def library_rows(session: Session, projects: Sequence[Project]) -> list[Row]:
    """项目库公示 / 项目库公告: the fiscal funds requested are the 资金规模."""
    names = division_names(session, projects)
    cats = category_paths(session, projects)
    targets = targets_text(session, [p.id for p in projects])
    decided = library_decisions(session, [p.id for p in projects])
    return [
        {
            "decision": decided.get(p.id, ""),
            "project_name": p.name,
            "category": cats.get(p.category_id or 0, ""),
            "location": location(p, names),
            "content": p.content,
            "amount": p.fiscal_funds,
            "beneficiaries": beneficiaries(p),
            "performance_target": targets.get(p.id, ""),
            "farmer_linkage": p.benefit_mechanism,
            "implementing_unit": _unit(p),
        }
        for p in projects
    ]


def library_decisions(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Project id → who approved it into the library and by which document (县级审定入库):
    "县委农村工作领导小组 陇农领发〔2024〕3号"; '' for a project with no recorded decision."""
    out: dict[int, str] = {}
    for pid, body, number in session.execute(
        select(ProjectStep.project_id, ProjectStep.decided_by, ProjectStep.doc_number)
        .where(ProjectStep.project_id.in_(list(ids)), ProjectStep.action == "county_approve")
        .order_by(ProjectStep.id)
    ):
        out[pid] = " ".join(t for t in (body, number) if t)  # the latest decision wins
    return out


def plan_table(session: Session, pairs: Sequence[tuple[Project, Decimal]]) -> list[Row]:
    """年度计划公告: planned total investment and the 衔接资金 put into the plan."""
    projects = [p for p, _ in pairs]
    names = division_names(session, projects)
    cats = category_paths(session, projects)
    return [
        {
            "project_name": p.name,
            "category": cats.get(p.category_id or 0, ""),
            "location": location(p, names),
            "content": p.content,
            "investment": p.total_investment,
            "fund_amount": amount,
            "period": month_period(p.planned_start, p.planned_end),
            "responsible_unit": p.responsible_unit or p.implementing_unit,
        }
        for p, amount in pairs
    ]


def _procurement(p: Project, unit: MoneyUnit, decimals: int) -> str:
    parts = [p.implementation_mode] if p.implementation_mode else []
    if p.tender_date:
        parts.append(f"{cn_date(p.tender_date)}确定施工单位")
    if p.contract_amount is not None:
        parts.append(f"合同金额{format_amount(p.contract_amount, unit, decimals)}{unit.value}")
    if p.labour_wages is not None:
        parts.append(f"劳务报酬{format_amount(p.labour_wages, unit, decimals)}{unit.value}")
    return "，".join(parts)


def pre_rows(
    session: Session, projects: Sequence[Project], unit: MoneyUnit, decimals: int
) -> list[Row]:
    """实施前公示: one form per project (建设单位及责任人, 资金来源 by source, 采购情况 …)."""
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    targets = targets_text(session, ids)
    funds = fundings(session, ids)
    rows = []
    for p in projects:
        sources = funds.get(p.id, [])
        builder = p.responsible_unit or p.implementing_unit
        if p.responsible_person:
            builder += f"（责任人：{p.responsible_person}）"
        rows.append(
            {
                "project_name": p.name,
                "location": location(p, names),
                "content": p.content,
                "period": month_period(p.planned_start, p.planned_end),
                "builder": builder,
                "contractor": p.contractor,
                "funding": "；".join(
                    f"{s}{format_amount(a, unit, decimals)}{unit.value}" for s, a in sources
                ),
                "amount": sum((a for _, a in sources), Decimal(0)) if sources else p.fiscal_funds,
                "procurement": _procurement(p, unit, decimals),
                "performance_target": targets.get(p.id, ""),
                "beneficiaries": beneficiaries(p),
                "farmer_linkage": p.benefit_mechanism,
            }
        )
    return rows


def completion_rows(session: Session, projects: Sequence[Project]) -> list[Row]:
    """实施完成公告: start (开工实施 step, else planned), completion, acceptance, settled amount."""
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    started = start_dates(session, ids)
    finals = final_acceptances(session, ids)
    return [
        {
            "project_name": p.name,
            "location": location(p, names),
            "content": p.content,
            "start_date": started.get(p.id) or p.planned_start,
            "completion_date": p.completed_on,
            "acceptance_date": p.accepted_on or _passed_on(finals.get(p.id)),
            "settled_amount": p.settled_amount,
            "implementing_unit": _unit(p),
        }
        for p in projects
    ]


def _passed_on(a: Acceptance | None) -> date | None:
    return a.held_on if a is not None and a.passed else None


def acceptance_rows(session: Session, projects: Sequence[Project]) -> list[Row]:
    """验收结果公示: final acceptance date and result, with the project's fiscal funds (it is
    published before settlement, so the settled amount is not known yet)."""
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    finals = final_acceptances(session, ids)
    rows = []
    for p in projects:
        final = finals.get(p.id)
        passed = p.status in ACCEPTED_OR_LATER or (final is not None and final.passed)
        rows.append(
            {
                "project_name": p.name,
                "location": location(p, names),
                "content": p.content,
                "acceptance_date": p.accepted_on or (final.held_on if final else None),
                "conclusion": PASSED if passed else (FAILED if final else ""),
                "fiscal_funds": p.fiscal_funds,
                "implementing_unit": _unit(p),
            }
        )
    return rows
