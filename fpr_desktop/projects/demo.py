"""Demonstration project library for 陇县: realistic names, categories, amounts and statuses.

Projects are placed in the real towns and the villages known (or the invented, marked ones); the
names follow the pattern of published county project lists. `scale` adds bulk rows (Core insert)
so that lists can be measured at 200,000 projects.
"""

from __future__ import annotations

import json
import random
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.models import Division, Setting
from fpr_desktop.base.paths import resources_dir
from fpr_desktop.base.settings import get_value
from fpr_desktop.notices.contacts import TOWN_CONTACTS
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
    VillageMeeting,
)
from fpr_desktop.projects.notices.content import competent_unit
from fpr_desktop.projects.status import DONE, PLANNED, STATUS_LABELS, Status

COSTS_FILE = "project_costs.toml"


@dataclass(frozen=True)
class Kind:
    """One kind of demo project from resources/demo/project_costs.toml."""

    category: str
    name: str
    content: str
    unit: str
    unit_cost: Decimal
    quantity: tuple[Decimal, Decimal]
    indicator: str
    benefit: tuple[str, str]
    self_share: Decimal
    modes: tuple[str, ...]
    links: tuple[str, ...]
    households: str | list[int]
    implementer: str
    village: bool
    weight: int
    coop: str = "专业合作社"
    second: tuple[str, Decimal, Decimal, Decimal] | None = None

    def draw_quantity(self, rng: random.Random, lo: Decimal, hi: Decimal) -> Decimal:
        """A quantity in [lo, hi]: whole units, or 0.1 for 公里."""
        step = Decimal("0.1") if self.unit == "公里" or lo != lo.to_integral() else Decimal(1)
        steps = int((hi - lo) / step)
        return lo + step * rng.randint(0, steps)


@cache
def cost_table() -> tuple[tuple[Kind, ...], dict[str, Any]]:
    """The demo project kinds and the fund shares (data, not code)."""
    data = tomllib.loads((resources_dir() / "demo" / COSTS_FILE).read_text("utf-8"))
    kinds = []
    for k in data["kind"]:
        second = k.get("second")
        kinds.append(
            Kind(
                category=k["category"],
                name=k["name"],
                content=k["content"],
                unit=k["unit"],
                unit_cost=Decimal(str(k["unit_cost"])),
                quantity=(Decimal(str(k["quantity"][0])), Decimal(str(k["quantity"][1]))),
                indicator=k["indicator"],
                benefit=(k["benefit"][0], k["benefit"][1]),
                self_share=Decimal(str(k["self_share"])),
                modes=tuple(k["modes"]),
                links=tuple(k["links"]),
                households=k["households"],
                implementer=k["implementer"],
                village=bool(k.get("village", True)),
                weight=int(k.get("weight", 1)),
                coop=k.get("coop", "专业合作社"),
                second=(
                    (
                        second[0],
                        Decimal(str(second[1])),
                        Decimal(str(second[2])),
                        Decimal(str(second[3])),
                    )
                    if second
                    else None
                ),
            )
        )
    return tuple(kinds), data["shares"]


def fund_split(kind: Kind, fiscal: Decimal, rng: random.Random) -> list[tuple[str, Decimal]]:
    """The fiscal funds by source, central money the largest; 苏陕协作资金 for some industry
    projects. The parts add up to `fiscal` exactly (the county's share takes the rounding)."""
    shares = cost_table()[1]
    out: list[tuple[str, Decimal]] = []
    rest = fiscal
    if kind.category in shares.get("suzhou_categories", []) and rng.random() < 0.4:
        suzhou = (fiscal * Decimal(str(shares["suzhou_share"]))).quantize(Decimal(100))
        out.append(("苏陕协作资金", suzhou))
        rest -= suzhou
    named = [(s, Decimal(str(v))) for s, v in shares.items() if s.endswith("衔接资金")]
    used = Decimal(0)
    for i, (source, share) in enumerate(named):
        amount = rest - used if i == len(named) - 1 else (rest * share).quantize(Decimal(100))
        used += amount
        if amount:
            out.insert(i, (source, amount))
    return out


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
STARTED = (S.PRE_PUBLICITY, S.IMPLEMENTING, *DONE)
MEETINGS = ("党组织提议", "两委会议商议", "党员大会审议", "村民代表会议决议")
CONTRACTORS = (
    "宝鸡市陇州路桥工程有限公司",
    "陕西千河建设工程有限公司",
    "宝鸡市关山建筑安装有限公司",
    "陇县秦岭水利水电工程有限公司",
)
YEARS = (2021, 2022, 2023, 2024, 2025)
PER_VILLAGE = 5


def _households(kind: Kind, n: Decimal, rng: random.Random) -> int:
    spec = kind.households
    if spec == "n":
        return int(n)
    if spec == "n/10":
        return max(int(n) // 10, 5)
    if isinstance(spec, str):
        raise ValueError(f"households: {spec}")
    lo, hi = spec
    return rng.randint(int(lo), int(hi))


def _implementer(kind: Kind, town: Division, village: Division | None) -> str:
    if kind.implementer == "coop" and village is not None:
        return f"陇县{village.name.removesuffix('村')}{kind.coop}"
    if kind.implementer == "village" and village is not None:
        return f"{village.name}股份经济合作社"
    return f"{town.name}人民政府"


def _values(
    rng: random.Random, town: Division, village: Division | None, cat_ids: dict[str, int], year: int
) -> tuple[dict[str, object], tuple[str, str, str], Kind, str]:
    kinds = cost_table()[0]
    kind = rng.choices(kinds, weights=[k.weight for k in kinds])[0]
    n = kind.draw_quantity(rng, *kind.quantity)
    fiscal = n * kind.unit_cost
    m = Decimal(0)
    if kind.second is not None:
        _unit, cost, lo, hi = kind.second
        m = kind.draw_quantity(rng, lo, hi)
        fiscal += m * cost
    fiscal = fiscal.quantize(Decimal("0.01"))
    total = (fiscal * (1 + kind.self_share)).quantize(Decimal(100))
    households = _households(kind, n, rng)
    poverty = max(households * rng.randint(25, 45) // 100, 1)
    monitored = households // 20
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    place = village if kind.village and village is not None else None
    qty = f"{n.normalize():f}"
    values = {
        "name": f"{year}年"
        + kind.name.format(v=f"{town.name}{place.name}" if place else town.name, t=town.name),
        "year": year,
        "category_id": cat_ids[kind.category],
        "construction_type": "新建" if kind.self_share or "新建" in kind.content else "改建",
        "town_id": town.id,
        "village_id": place.id if place else None,
        "group_name": "",
        "content": kind.content.format(n=qty, m=f"{m.normalize():f}"),
        "planned_start": date(year, 3, 1) + timedelta(days=rng.randint(0, 60)),
        "planned_end": date(year, 10, 31) + timedelta(days=rng.randint(0, 30)),
        "responsible_unit": f"{town.name}人民政府",
        "responsible_person": "",
        "implementing_unit": _implementer(kind, town, place),
        "total_investment": total,
        "fiscal_funds": fiscal,
        "households": households,
        "people": households * 3 + rng.randint(0, households),
        "poverty_households": poverty,
        "poverty_people": poverty * 3,
        "monitored_households": monitored,
        "monitored_people": monitored * 3,
        "benefit_mechanism": "、".join(kind.links),
        "implementation_mode": rng.choice(kind.modes),
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
    if values["implementation_mode"] == "公开招标" and status in STARTED:
        values["contractor"] = rng.choice(CONTRACTORS)
        values["tender_date"] = values["planned_start"]
        values["contract_amount"] = (fiscal * Decimal("0.96")).quantize(Decimal("0.01"))
    return values, (kind.indicator, kind.unit, qty), kind, place.name if place else ""


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
    for kind in cost_table()[0]:
        found = category_by_path(session, kind.category)
        if found is None:
            raise UserError(f"项目类别“{kind.category}”不存在，无法生成演示项目。")
        cat_ids[kind.category] = found
    _demo_contacts(session)
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
                values, target, kind, place = _values(
                    rng, town, village, cat_ids, rng.choice(YEARS)
                )
                p = Project(**values)
                session.add(p)
                session.flush()
                _children(session, rng, p, kind, target, town, place, plans)
                _publicity(session, rng, p, village)
                added += 1
    session.flush()
    if scale > 1:
        added += _bulk(session, rng, towns, by_town, cat_ids, (scale - 1) * 2_000)
    return added


def _children(
    session: Session,
    rng: random.Random,
    p: Project,
    kind: Kind,
    target: tuple[str, str, str],
    town: Division,
    village: str,
    plans: dict[int, AnnualPlan],
) -> None:
    """Targets, funds by source, the plan items, 四议两公开 meetings, acceptance and the step."""
    indicator, unit, value = target
    for t_kind, t_indicator, t_unit, t_value in (
        ("产出指标", indicator, unit, value),
        ("效益指标", kind.benefit[0], "", kind.benefit[1]),
        ("满意度指标", "受益群众满意度", "%", "≥95"),
    ):
        session.add(
            ProjectTarget(
                project_id=p.id,
                kind=t_kind,
                indicator=t_indicator,
                unit=t_unit,
                target_value=t_value,
            )
        )
    split = fund_split(kind, p.fiscal_funds, rng)
    for source, amount in split:
        session.add(ProjectFunding(project_id=p.id, source=source, amount=amount))
        if p.status in PLANNED:
            plan = _plan(session, plans, p.year)
            session.add(PlanItem(plan_id=plan.id, project_id=p.id, source=source, amount=amount))
    if p.implementation_mode in ("村级自建", "以工代赈") and p.status in PLANNED and village:
        held = (p.planned_start or date(p.year, 3, 1)) - timedelta(days=40)
        for meeting in MEETINGS:
            held += timedelta(days=rng.randint(2, 6))
            eligible = rng.randint(35, 60)
            present = eligible - rng.randint(0, 6)
            session.add(
                VillageMeeting(
                    project_id=p.id,
                    meeting_type=meeting,
                    held_on=held,
                    eligible=eligible,
                    present=present,
                    votes_for=present - rng.randint(0, 2),
                    resolution=f"同意实施{p.name.removeprefix(f'{p.year}年')}",
                    published_on=held + timedelta(days=2) if meeting == MEETINGS[-1] else None,
                )
            )
    if p.accepted_on is not None:
        finance = get_value(session, "org.finance_unit")
        bureau = competent_unit(session, kind.category)
        session.add(
            Acceptance(
                project_id=p.id,
                stage="终验",
                held_on=p.accepted_on,
                team=f"{bureau}、{finance}、{town.name}人民政府联合验收组",
                passed=True,
                report="工程量与批复一致，质量符合设计要求，资料齐全，同意通过验收",
            )
        )
    if p.status in (S.IMPLEMENTING, *DONE):
        # 开工 on its planned day (09:00 in 陇县): fund reports count it as started from then on
        started = datetime.combine(p.planned_start or date(p.year, 4, 1), time(1), UTC)
        session.add(
            ProjectStep(
                project_id=p.id,
                action="start",
                from_status=S.PRE_PUBLICITY.value,
                to_status=S.IMPLEMENTING.value,
                username="演示数据",
                at=started,
                opinion="演示数据：开工",
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


def _demo_contacts(session: Session) -> None:
    """Complaint channels for the demo county (a notice cannot be registered without them)."""
    towns = session.scalars(
        select(Division.name)
        .where(Division.level == "town")
        .order_by(Division.sort_order, Division.id)
    ).all()
    values = {
        "publicity.local_phone": "0917-4621318",
        "publicity.complaint_address": "陇县城关镇东大街乡村振兴局办公室",
        TOWN_CONTACTS: "\n".join(
            f"{t}，0917-46{51 + i:02d}001，{t}人民政府党政办公室" for i, t in enumerate(towns)
        ),
    }
    for key, value in values.items():
        if not str(get_value(session, key)).strip():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
            else:
                row.value = json.dumps(value, ensure_ascii=False)
    session.flush()


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
        values, *_rest = _values(rng, town, village, cat_ids, rng.choice(YEARS))
        chunk.append(values)
        if len(chunk) == 5_000:
            session.execute(insert(Project), chunk)
            chunk = []
    if chunk:
        session.execute(insert(Project), chunk)
    return count
