"""Demonstration assets: the demo library's handed-over projects split into registered assets
(values from their settlements), with income, a distribution plan, upkeep and inspections."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import CardEdit, Owner
from fpr_desktop.assets.handover import AssetPart, HandoverInput, add_months, hand_over_project
from fpr_desktop.assets.income import PlanInput, create_plan, record_income
from fpr_desktop.assets.models import Asset
from fpr_desktop.assets.upkeep import UpkeepInput, log_inspection, set_upkeep
from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.models import Division
from fpr_desktop.projects.models import Project, ProjectCategory

#: category words → (class, nature, sub-type, unit)
KINDS = (
    (("小区", "圈舍", "加工", "冷库", "车间"), ("经营性", "固定资产", "生产设施", "处")),
    (("路", "桥", "交通"), ("公益性", "固定资产", "道路", "公里")),
    (("环境", "卫生", "厕", "污水"), ("公益性", "固定资产", "人居环境设施", "处")),
    (("水", "饮", "灌溉"), ("公益性", "固定资产", "供水设施", "处")),
    (("养殖", "畜", "牛", "羊"), ("到户类", "生物资产", "畜禽", "头")),
    (("光伏",), ("经营性", "固定资产", "光伏电站", "千瓦")),
    (("种植", "果", "茶", "菌"), ("经营性", "生物资产", "种植基地", "亩")),
)
DEFAULT_KIND = ("经营性", "固定资产", "生产设施", "处")


def _kind(category: str, name: str) -> tuple[str, str, str, str]:
    for words, kind in KINDS:
        if any(w in category or w in name for w in words):
            return kind
    return DEFAULT_KIND


def seed_demo(session: Session, scale: int = 1) -> int:
    """The module's demo seeder (`Module.demo`): nothing if assets exist already."""
    if session.scalar(select(Asset.id).limit(1)) is not None:
        return 0
    rng = random.Random(2022)
    names = dict(session.execute(select(Division.id, Division.name)).all())
    cats = dict(session.execute(select(ProjectCategory.id, ProjectCategory.name)).all())
    county = session.scalar(select(Division.id).where(Division.level == "county"))
    projects = session.scalars(
        select(Project)
        .where(
            Project.status.in_(("completion_notice", "handed_over")),
            Project.settled_amount.is_not(None),
            Project.accepted_on.is_not(None),
        )
        .order_by(Project.id)
    ).all()
    count = 0
    for p in projects:
        assert p.settled_amount is not None and p.accepted_on is not None
        cls, nature, sub, unit = _kind(cats.get(p.category_id or 0, ""), p.name)
        village = p.village_id
        total = p.settled_amount
        first = (total * Decimal("0.7")).quantize(Decimal("0.01")) if total > 200000 else total
        values = [first] + ([total - first] if first != total else [])
        parts = []
        for n, value in enumerate(values):
            tier = "village" if village else "town"
            if cls == "经营性" and n == 0 and rng.random() < 0.15:
                tier = "county"
            owner = Owner(tier, {"county": county, "town": p.town_id}.get(tier, village) or 0)
            if cls == "到户类" and village:
                owner = Owner("household", village, rng.choice(("张建军", "李秀兰", "王福平")))
            label = p.name.removesuffix("项目") + ("" if n == 0 else "配套设施")
            card = CardEdit(label, cls, nature if n == 0 else "固定资产", sub,
                            str(rng.randint(1, 50)), unit)  # fmt: skip
            parts.append(AssetPart(card, value, owner, village))
        town = names.get(p.town_id, "")
        handed_on = min(
            add_months(p.accepted_on, 2), p.accepted_on + timedelta(days=rng.randint(20, 80))
        )
        where = names.get(village or p.town_id, "")
        # the demo library marks some projects 已移交资产 already: register their assets as
        # the step would have required, then put the status back
        status, p.status = p.status, "completion_notice"
        ids = hand_over_project(
            session,
            SYSTEM,
            p.id,
            HandoverInput(
                number=f"{town}-{p.year}-{p.id:04d}",
                from_unit=p.implementing_unit or f"{town}人民政府",
                to_unit=f"{where}股份经济合作社" if village else f"{town}人民政府",
                handed_on=handed_on,
                parts=parts,
                documents="审计结算报告、竣工验收报告、工程决算资料",
                from_signer="王建国",
                to_signer="李明",
                witnesses=f"{town}纪委 赵强",
            ),
        )
        p.status = status
        count += len(ids)
        _life(session, rng, ids, cls, handed_on, village)
    return count


def _life(
    session: Session, rng: random.Random, ids: list[int], cls: str, since, village: int | None
) -> None:  # type: ignore[no-untyped-def]
    """Income and a plan for operating assets; upkeep and inspections for public ones."""
    a = ids[0]
    if cls == "经营性":
        income = Decimal(rng.randint(20, 80) * 1000)
        record_income(session, SYSTEM, a, since + timedelta(days=200), income, "租金")
        asset = session.get(Asset, a)
        if village and asset is not None and asset.owner_division_id == village:
            collective = (income * Decimal("0.3")).quantize(Decimal("0.01"))
            wages = (income * Decimal("0.3")).quantize(Decimal("0.01"))
            households = (income * Decimal("0.2")).quantize(Decimal("0.01"))
            upkeep = (income * Decimal("0.1")).quantize(Decimal("0.01"))
            retained = income - collective - wages - households - upkeep
            plan = PlanInput(
                village, (since + timedelta(days=200)).year, income, collective, households,
                wages, upkeep, Decimal(0), retained, "四议两公开",
                household_count=rng.randint(20, 60), decided_on=since + timedelta(days=230),
            )  # fmt: skip
            create_plan(session, SYSTEM, plan)
    elif cls == "公益性" and rng.random() < 0.7:
        care = UpkeepInput(
            body="村民委员会", funding=Decimal(3000), post="公益性岗位管护员", agreement="管护协议"
        )
        set_upkeep(session, SYSTEM, a, care)
        log_inspection(session, SYSTEM, a, since + timedelta(days=30), "管护员", "良好")
