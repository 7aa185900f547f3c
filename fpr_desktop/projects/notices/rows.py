"""Notice rows from projects: the plain dicts each notice template's table "rows" expects.

Amounts stay Decimal 元 (the engine shows them in 万元 with the configured decimals). Where a
column needs money inside text (实施前公示's 资金来源), `wan` formats it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import column, select, table
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
    SupervisionSignoff,
    VillageMeeting,
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
    """2022年3月—11月 within one year, else 2022年10月—2023年5月 (empty when neither is known)."""
    if start is None and end is None:
        return ""
    left = f"{start.year}年{start.month}月" if start else ""
    if end is None:
        return f"{left}—"
    right = f"{end.month}月" if start and start.year == end.year else f"{end.year}年{end.month}月"
    return f"{left}—{right}"


def targets_text(
    session: Session, ids: Sequence[int], *, satisfaction: bool = True
) -> dict[int, str]:
    """Project id → 提质增效面积500亩；受益群众满意度≥95% (tables leave the satisfaction
    target out: it is the same ≥95% on every row)."""
    out: dict[int, list[str]] = {}
    stmt = select(ProjectTarget).where(ProjectTarget.project_id.in_(ids)).order_by(ProjectTarget.id)
    for t in session.scalars(stmt):
        if not satisfaction and t.kind == "满意度指标":
            continue
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


def _competent(session: Session, p: Project, cats: dict[int, str]) -> str:
    from fpr_desktop.projects.notices.content import competent_unit  # data file, read once

    return competent_unit(session, cats.get(p.category_id or 0, ""))


def short_source(source: str) -> str:
    """中央衔接资金 → 中央衔接, 苏陕协作资金 → 苏陕协作 (for narrow table cells)."""
    return source.removesuffix("资金")


def sources_text(sources: Sequence[tuple[str, Decimal]], decimals: int = 2) -> str:
    """中央衔接40.00；苏陕协作10.00 (万元, no thousands separators), one source a line."""
    return "\n".join(
        f"{short_source(s)}{format_amount(a, MoneyUnit.WAN, decimals, grouping=False)}"
        for s, a in sources
    )


def library_rows(
    session: Session, projects: Sequence[Project], year: int | None = None
) -> list[Row]:
    """项目库公示 / 项目库公告: 建设性质, 建设期限, 总投资 and the fiscal funds by source, the
    主管单位 (the category's sector bureau) and the households that benefit."""
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    cats = category_paths(session, projects)
    targets = targets_text(session, ids, satisfaction=False)
    decided = library_decisions(session, ids)
    funds = fundings(session, ids)
    return [
        {
            "decision": decided.get(p.id, ""),
            "project_name": p.name,
            "category": cats.get(p.category_id or 0, ""),
            "construction_type": p.construction_type,
            "location": location(p, names),
            "content": p.content,
            "period": month_period(p.planned_start, p.planned_end),
            "investment": p.total_investment,
            "amount": p.fiscal_funds,
            "sources": sources_text(funds.get(p.id, [])),
            "beneficiaries": beneficiaries(p),
            "performance_target": targets.get(p.id, ""),
            "farmer_linkage": p.benefit_mechanism,
            "competent_unit": _competent(session, p, cats),
            "implementing_unit": _unit(p),
            # 入库公告: a project of the notice's year enters now, an earlier one stays
            "change": "" if year is None else ("新增入库" if p.year >= year else "保留"),
        }
        for p in projects
    ]


def removed_rows(session: Session, projects: Sequence[Project]) -> list[Row]:
    """入库公告's 调出项目: where, how much was set aside, when and why it was taken out (the
    opinion given with 调整出库 or 终止; the latest such step)."""
    from fpr_desktop.projects.notices.select import LIBRARY_EXITS

    ids = [p.id for p in projects]
    names = division_names(session, projects)
    exits: dict[int, ProjectStep] = {
        step.project_id: step
        for step in session.scalars(
            select(ProjectStep)
            .where(ProjectStep.project_id.in_(ids), ProjectStep.action.in_(list(LIBRARY_EXITS)))
            .order_by(ProjectStep.id)
        )
    }
    rows = []
    for p in projects:
        step = exits.get(p.id)
        how = LIBRARY_EXITS.get(step.action, "") if step is not None else ""
        reason = step.opinion if step is not None else ""
        rows.append(
            {
                "project_name": p.name,
                "location": location(p, names),
                "amount": p.fiscal_funds,
                "removed_on": step.at.astimezone().date() if step is not None else None,
                "reason": f"{how}：{reason}" if how == "终止实施" and reason else reason or how,
            }
        )
    return rows


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
    """年度计划公告: total investment, the fiscal funds and one amount per fund source
    (苏陕协作资金 is its own column, never counted under 衔接资金), targets and linkage."""
    from fpr_desktop.projects.notices.content import SOURCE_PREFIX

    projects = [p for p, _ in pairs]
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    cats = category_paths(session, projects)
    targets = targets_text(session, ids, satisfaction=False)
    funds = fundings(session, ids)
    rows = []
    for p, amount in pairs:
        by_source: dict[str, Decimal] = {}
        for source, a in funds.get(p.id, []):
            by_source[source] = by_source.get(source, Decimal(0)) + a
        if not by_source:
            by_source["未分来源"] = amount
        row: Row = {
            "project_name": p.name,
            "category": cats.get(p.category_id or 0, ""),
            "location": location(p, names),
            "content": p.content,
            "investment": p.total_investment,
            "fund_amount": sum(by_source.values(), Decimal(0)),
            "period": month_period(p.planned_start, p.planned_end),
            "performance_target": targets.get(p.id, ""),
            "farmer_linkage": p.benefit_mechanism,
            "competent_unit": _competent(session, p, cats),
            "responsible_unit": p.responsible_unit or p.implementing_unit,
        }
        for source, a in by_source.items():
            row[f"{SOURCE_PREFIX}{source}"] = a
        rows.append(row)
    return rows


def _procurement(p: Project, unit: MoneyUnit, decimals: int) -> str:
    parts = [p.implementation_mode] if p.implementation_mode else []
    if p.tender_date:
        parts.append(f"{cn_date(p.tender_date)}确定施工单位")
    if p.contract_amount is not None:
        amount = format_amount(p.contract_amount, unit, decimals, grouping=False)
        parts.append(f"合同金额{amount}{unit.value}")
    if p.labour_wages is not None:
        wages = format_amount(p.labour_wages, unit, decimals, grouping=False)
        parts.append(f"劳务报酬{wages}{unit.value}")
    return "，".join(parts)


#: Output units counted per household or piece: the notice prints a 补助标准 for them.
PER_UNIT = ("户", "座", "个", "人", "人次", "头", "只", "箱")


def subsidy_standard(session: Session, p: Project) -> str:
    """补助标准: the fiscal funds per counted output (3000元/座) for per-household projects."""
    stmt = select(ProjectTarget).where(
        ProjectTarget.project_id == p.id, ProjectTarget.kind == "产出指标"
    )
    for t in session.scalars(stmt.order_by(ProjectTarget.id)):
        if t.unit in PER_UNIT and t.target_value.isdigit() and int(t.target_value) > 0:
            per = (p.fiscal_funds / int(t.target_value)).quantize(Decimal("1"))
            return f"财政资金补助{per}元/{t.unit}（{t.indicator}{t.target_value}{t.unit}）"
    return ""


def meetings_text(session: Session, p: Project) -> str:
    """四议两公开: 党组织提议2024年3月2日；…；决议公开2024年3月12日."""
    stmt = select(VillageMeeting).where(VillageMeeting.project_id == p.id)
    parts = []
    published = None
    for m in session.scalars(stmt.order_by(VillageMeeting.held_on, VillageMeeting.id)):
        parts.append(f"{m.meeting_type}{cn_date(m.held_on)}")
        published = m.published_on or published
    if published:
        parts.append(f"决议公开{cn_date(published)}")
    return "；".join(parts)


def supervisor(session: Session, p: Project, names: dict[int, str]) -> str:
    """监理/监督: the 村务监督委员会 that signed off, or the one of a village self-built project."""
    signers = session.scalars(
        select(SupervisionSignoff.signer).where(SupervisionSignoff.project_id == p.id)
    ).all()
    village = names.get(p.village_id, "") if p.village_id else ""
    if signers:
        who = "、".join(dict.fromkeys(signers))
        return f"{village}村务监督委员会（{who}）" if village else who
    if village and p.implementation_mode in ("村级自建", "以工代赈"):
        return f"{village}村务监督委员会"
    return ""


def pre_rows(
    session: Session, projects: Sequence[Project], unit: MoneyUnit, decimals: int
) -> list[Row]:
    """实施前公示: one form per project (总投资, 资金来源 by source, 补助标准, 主管部门, 监理,
    四议两公开 dates …); what is not known is left out, never printed as an empty row."""
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    cats = category_paths(session, projects)
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
                "construction_type": p.construction_type,
                "content": p.content,
                "period": month_period(p.planned_start, p.planned_end),
                "competent_unit": _competent(session, p, cats),
                "builder": builder,
                "contractor": p.contractor,
                "supervisor": supervisor(session, p, names),
                "investment": p.total_investment,
                "funding": "；".join(
                    f"{s}{format_amount(a, unit, decimals, grouping=False)}{unit.value}"
                    for s, a in sources
                ),
                "amount": sum((a for _, a in sources), Decimal(0)) if sources else p.fiscal_funds,
                "subsidy": subsidy_standard(session, p),
                "meetings": meetings_text(session, p),
                "procurement": _procurement(p, unit, decimals),
                "performance_target": targets.get(p.id, ""),
                "beneficiaries": beneficiaries(p),
                "farmer_linkage": p.benefit_mechanism,
            }
        )
    return rows


def assets_formed(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Project id → 产业路1条（4.2公里），归上岔村股份经济合作社所有 — from the asset ledger.

    The assets module depends on the project library, not the other way round, so its table is
    read by name here (lightweight table clause, no import of its models)."""
    asset = table(
        "asset",
        column("project_id"),
        column("name"),
        column("quantity"),
        column("unit"),
        column("owner_name"),
    )
    out: dict[int, list[str]] = {}
    stmt = (
        select(asset.c.project_id, asset.c.name, asset.c.quantity, asset.c.unit, asset.c.owner_name)
        .where(asset.c.project_id.in_(ids))
        .order_by(asset.c.project_id, asset.c.name)
    )
    for pid, name, qty, unit, owner in session.execute(stmt):
        text = f"{name}{qty}{unit}" if qty else str(name)
        out.setdefault(pid, []).append(f"{text}，归{owner}所有" if owner else text)
    return {k: "；".join(v) for k, v in out.items()}


def completion_rows(session: Session, projects: Sequence[Project]) -> list[Row]:
    """实施完成公告: dates, fund sources, the settled amount, contractor, who benefits and the
    assets formed with their owners."""
    ids = [p.id for p in projects]
    names = division_names(session, projects)
    started = start_dates(session, ids)
    finals = final_acceptances(session, ids)
    funds = fundings(session, ids)
    assets = assets_formed(session, ids)
    return [
        {
            "project_name": p.name,
            "location": location(p, names),
            "content": p.content,
            "dates": _dates(
                ("开工", started.get(p.id) or p.planned_start),
                ("完工", p.completed_on),
                ("验收", p.accepted_on or _passed_on(finals.get(p.id))),
            ),
            "sources": sources_text(funds.get(p.id, [])),
            "settled_amount": p.settled_amount,
            "contractor": p.contractor or p.implementing_unit or p.responsible_unit,
            "beneficiaries": beneficiaries(p),
            "assets": assets.get(p.id, ""),
            "implementing_unit": _unit(p),
        }
        for p in projects
    ]


def _dates(*steps: tuple[str, date | None]) -> str:
    """2022年4月1日开工 / 2022年9月2日完工 / 2022年9月9日验收, one a line (known ones only)."""
    return "\n".join(f"{cn_date(d)}{what}" for what, d in steps if d is not None)


def _passed_on(a: Acceptance | None) -> date | None:
    return a.held_on if a is not None and a.passed else None


def acceptance_rows(session: Session, projects: Sequence[Project]) -> list[Row]:
    """验收结果公示: 竣工 date, the final acceptance's date, team and opinion, with the
    project's fiscal funds (published before settlement: the settled amount is not known)."""
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
                "completion_date": p.completed_on,
                "acceptance_date": p.accepted_on or (final.held_on if final else None),
                "team": final.team if final else "",
                "opinion": (final.report if final else "") or "",
                "conclusion": PASSED if passed else (FAILED if final else ""),
                "fiscal_funds": p.fiscal_funds,
                "implementing_unit": _unit(p),
            }
        )
    return rows
