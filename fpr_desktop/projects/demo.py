"""Demonstration project library for 陇县: realistic names, categories, amounts and statuses.

Projects are placed in the real towns and the villages known (or the marked 示例村NN ones); the
names follow the pattern of published county project lists. `scale` adds bulk rows (Core insert)
so that lists can be measured at 200,000 projects.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.models import Division
from fpr_desktop.notices.register import add_objection, issue_notice
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.demo_gates import add_gate_records
from fpr_desktop.projects.models import (
    Acceptance,
    AnnualPlan,
    PlanItem,
    Project,
    ProjectFunding,
    ProjectStep,
    ProjectTarget,
)
from fpr_desktop.projects.status import DONE, PLANNED, STATUS_LABELS, Status

# (category path, name pattern, content pattern, amount range in 万元, unit, target)
TEMPLATES = (
    ("产业发展/种植", "{v}核桃提质增效项目", "核桃园提质增效{n}亩", (20, 80), "亩", "提质增效面积"),
    (
        "产业发展/种植",
        "{v}花椒种植基地建设项目",
        "新建花椒基地{n}亩",
        (15, 60),
        "亩",
        "新建基地面积",
    ),
    (
        "产业发展/养殖",
        "{v}奶山羊养殖圈舍建设项目",
        "新建标准化羊舍{n}平方米",
        (30, 120),
        "平方米",
        "羊舍面积",
    ),
    (
        "产业发展/养殖",
        "{v}肉牛养殖小区项目",
        "新建牛舍{n}平方米及配套设施",
        (40, 150),
        "平方米",
        "牛舍面积",
    ),
    (
        "产业发展/加工",
        "{v}农产品初加工车间项目",
        "新建加工车间{n}平方米",
        (50, 200),
        "平方米",
        "车间面积",
    ),
    (
        "产业发展/产业配套设施",
        "{v}产业路硬化项目",
        "硬化产业路{n}公里",
        (30, 150),
        "公里",
        "硬化里程",
    ),
    ("乡村建设/饮水", "{v}人饮巩固提升工程", "新建蓄水池{n}座及配套管网", (10, 50), "座", "蓄水池"),
    ("乡村建设/道路", "{v}通组道路硬化项目", "硬化通组道路{n}公里", (20, 90), "公里", "硬化里程"),
    ("乡村建设/人居环境", "{v}人居环境整治项目", "改造户厕{n}座", (10, 40), "座", "改厕数量"),
    (
        "就业/公益性岗位",
        "{t}乡村公益性岗位补助项目",
        "设置公益性岗位{n}个",
        (20, 60),
        "个",
        "岗位数量",
    ),
    (
        "就业/培训",
        "{t}脱贫劳动力技能培训项目",
        "培训脱贫劳动力{n}人次",
        (5, 20),
        "人次",
        "培训人次",
    ),
    (
        "产业发展/小额信贷贴息",
        "{t}脱贫人口小额信贷贴息项目",
        "贴息{n}户",
        (10, 40),
        "户",
        "贴息户数",
    ),
)
S = Status
STATUS_WEIGHTS: dict[Status, int] = {
    S.DRAFT: 3,
    S.VILLAGE_PUBLICITY: 2,
    S.TOWN_REVIEW: 2,
    S.TOWN_PUBLICITY: 1,
    S.COUNTY_REVIEW: 1,
    S.COUNTY_APPROVAL: 1,
    S.IN_LIBRARY: 4,
    S.IN_PLAN: 3,
    S.PRE_PUBLICITY: 1,
    S.IMPLEMENTING: 4,
    S.COMPLETED: 2,
    S.ACCEPTED: 2,
    S.SETTLED: 2,
    S.COMPLETION_NOTICE: 1,
    S.HANDED_OVER: 2,
    S.RETURNED: 1,
    S.REMOVED: 1,
}
SOURCES = ("中央衔接资金", "省级衔接资金", "市级衔接资金", "县级衔接资金", "苏陕协作资金")
YEARS = (2021, 2022, 2023, 2024, 2025)
PER_VILLAGE = 5


def _values(
    rng: random.Random, town: Division, village: Division | None, cat_ids: dict[str, int], year: int
) -> tuple[dict[str, object], tuple[str, ...]]:
    path, name, content, (lo, hi), unit, indicator = rng.choice(TEMPLATES)
    n = rng.randint(2, 60) * (10 if unit in ("亩", "平方米") else 1)
    fiscal_wan = Decimal(rng.randint(lo * 100, hi * 100)) / 100
    fiscal = fiscal_wan * 10_000
    total = (fiscal * Decimal(rng.choice(("1", "1.1", "1.25")))).quantize(Decimal("0.01"))
    households = rng.randint(20, 300)
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    values = {
        "name": f"{year}年" + name.format(v=village.name if village else town.name, t=town.name),
        "year": year,
        "category_id": cat_ids[path],
        "construction_type": rng.choice(("新建", "新建", "改建", "扩建", "续建")),
        "town_id": town.id,
        "village_id": village.id if village and "{v}" in name else None,
        "group_name": "",
        "content": content.format(n=n),
        "planned_start": date(year, 3, 1),
        "planned_end": date(year, 11, 30),
        "responsible_unit": f"{town.name}人民政府",
        "responsible_person": "",
        "implementing_unit": f"{town.name}人民政府",
        "total_investment": total,
        "fiscal_funds": fiscal,
        "households": households,
        "people": households * 3,
        "poverty_households": households // 4,
        "poverty_people": households * 3 // 4,
        "monitored_households": households // 20,
        "monitored_people": households // 10,
        "benefit_mechanism": rng.choice(
            ("务工", "股金分红", "租金", "订单生产保底收购", "公益岗位")
        ),
        "implementation_mode": rng.choice(("公开招标", "村级自建", "以工代赈", "先建后补")),
        "status": status.value,
        "version": 1,
    }
    if status in DONE:
        completed = date(year, 10, 1) + timedelta(days=rng.randint(0, 40))
        values["completed_on"] = completed
        if status != S.COMPLETED:
            values["accepted_on"] = completed + timedelta(days=rng.randint(3, 9))
        if status in (S.SETTLED, S.COMPLETION_NOTICE, S.HANDED_OVER):
            values["settled_on"] = completed + timedelta(days=rng.randint(20, 60))
            values["settled_amount"] = (fiscal * Decimal("0.98")).quantize(Decimal("0.01"))
    return values, (indicator, unit, str(n))


def seed_demo(session: Session, scale: int = 1) -> int:
    """The module's demo seeder (`Module.demo`): the library, unless projects exist already."""
    if session.scalar(select(Project.id).limit(1)) is not None:
        return 0
    added = fill_demo_projects(session, scale)
    add_gate_records(session)  # tenders, 四议两公开, completion notices the gates ask for
    return added


def fill_demo_projects(session: Session, scale: int = 1, seed: int = 2021) -> int:
    """Dozens of projects per town (ORM, with targets, funds and steps) + bulk rows for scale."""
    rng = random.Random(seed)
    cat_ids: dict[str, int] = {}
    for path, *_ in TEMPLATES:
        found = category_by_path(session, path)
        if found is None:
            raise UserError(f"项目类别“{path}”不存在，无法生成演示项目。")
        cat_ids[path] = found
    towns = list(session.scalars(select(Division).where(Division.level == "town")))
    villages = session.scalars(select(Division).where(Division.level == "village")).all()
    by_town: dict[int, list[Division]] = {}
    for v in villages:
        by_town.setdefault(v.parent_id or 0, []).append(v)
    added = 0
    plans: dict[int, AnnualPlan] = {}
    for town in towns:
        for village in by_town.get(town.id, []):
            for _ in range(PER_VILLAGE):
                values, (indicator, unit, target) = _values(
                    rng, town, village, cat_ids, rng.choice(YEARS)
                )
                p = Project(**values)
                session.add(p)
                session.flush()
                session.add(
                    ProjectTarget(
                        project_id=p.id,
                        kind="产出指标",
                        indicator=indicator,
                        unit=unit,
                        target_value=target,
                    )
                )
                session.add(
                    ProjectTarget(
                        project_id=p.id,
                        kind="满意度指标",
                        indicator="受益群众满意度",
                        unit="%",
                        target_value="≥95",
                    )
                )
                session.add(
                    ProjectFunding(
                        project_id=p.id, source=rng.choice(SOURCES), amount=p.fiscal_funds
                    )
                )
                if p.accepted_on is not None:
                    session.add(
                        Acceptance(
                            project_id=p.id,
                            stage="终验",
                            held_on=p.accepted_on,
                            team="县级验收组",
                            passed=True,
                            report="演示数据",
                        )
                    )
                if p.status in PLANNED:
                    session.add(
                        PlanItem(
                            plan_id=_plan(session, plans, p.year).id,
                            project_id=p.id,
                            source=rng.choice(SOURCES),
                            amount=p.fiscal_funds,
                        )
                    )
                if p.status != S.DRAFT:
                    session.add(
                        ProjectStep(
                            project_id=p.id,
                            action="demo",
                            from_status=S.DRAFT.value,
                            to_status=p.status,
                            username="演示数据",
                            opinion=f"演示数据：直接置为“{STATUS_LABELS[p.status]}”",
                        )
                    )
                _publicity(session, rng, p, village)
                added += 1
    session.flush()
    if scale > 1:
        added += _bulk(session, rng, towns, by_town, cat_ids, (scale - 1) * 2_000)
    return added


# The notices each status has already been through, and the one it is in (if any).
ORDER = tuple(s for s in Status if s not in (S.RETURNED, S.REMOVED, S.TERMINATED))
PUBLICITY = (
    (S.VILLAGE_PUBLICITY, "project_library_publicity", "village", "村级公示"),
    (S.TOWN_PUBLICITY, "project_library_publicity", "town", "镇级公示"),
    (S.PRE_PUBLICITY, "pre_implementation", "site", "实施前公示"),
)


def _publicity(session: Session, rng: random.Random, p: Project, village: Division) -> None:
    """Register the notices the project's status implies, so its next steps are really open
    (ended windows) or really waiting (a window running now, sometimes with an objection)."""
    if p.status not in ORDER:
        return
    where = ORDER.index(p.status)
    for status, kind, level, label in PUBLICITY:
        stage = ORDER.index(status)
        if where < stage:
            break
        running = where == stage
        start = (
            date.today() - timedelta(days=rng.randint(0, 12))
            if running
            else date(p.year, 3, 1) + timedelta(days=10 * stage)
        )
        division_id = village.id if level != "town" else p.town_id
        notice = issue_notice(
            session,
            SYSTEM,
            kind=kind,
            level=level,
            title=f"{p.name}{label}",
            division_id=division_id,
            covers=[("project", p.id)],
            window_start=start,
            posted_at="村务公开栏" if level != "town" else "镇政府公示栏",
        )
        if running and rng.random() < 0.2:
            add_objection(
                session,
                SYSTEM,
                notice.id,
                received_on=start + timedelta(days=1),
                content="演示异议：对受益户名单有疑问",
                contact="村民（演示）",
            )


def _plan(session: Session, plans: dict[int, AnnualPlan], year: int) -> AnnualPlan:
    if year not in plans:
        plan = AnnualPlan(year=year, title=f"{year}年度巩固拓展脱贫攻坚成果和乡村振兴项目计划")
        session.add(plan)
        session.flush()
        plans[year] = plan
    return plans[year]


def _bulk(
    session: Session,
    rng: random.Random,
    towns: list[Division],
    by_town: dict[int, list[Division]],
    cat_ids: dict[str, int],
    count: int,
) -> int:
    chunk: list[dict[str, object]] = []
    for _ in range(count):
        town = rng.choice(towns)
        village = rng.choice(by_town[town.id]) if by_town.get(town.id) else None
        values, _target = _values(rng, town, village, cat_ids, rng.choice(YEARS))
        chunk.append(values)
        if len(chunk) == 5_000:
            session.execute(insert(Project), chunk)
            chunk = []
    if chunk:
        session.execute(insert(Project), chunk)
    return count
