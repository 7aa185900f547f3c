"""Shared set-up for the assets tests (core and GUI): places and accepted projects to hand over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from fpr_desktop.assets.cards import CardEdit, Owner
from fpr_desktop.assets.handover import AssetPart, HandoverInput, hand_over_project
from fpr_desktop.base.models import Division
from fpr_desktop.divisions import services as div
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project


@dataclass(frozen=True)
class Place:
    county: int
    town: int  # 固关镇
    village: int  # 上岔村
    other_village: int  # another village of 固关镇
    other_town: int  # 天成镇
    other_town_village: int


@pytest.fixture
def place(database, admin) -> Place:  # type: ignore[no-untyped-def]
    return place_of(database, admin)


def place_of(database, admin) -> Place:  # type: ignore[no-untyped-def]
    with database.read() as s:
        town = div.town_by_name(s, "固关镇").id
        other = div.town_by_name(s, "天成镇").id
        villages = [d for d in div.list_divisions(s, admin) if d.level == "village"]
        county = next(d.id for d in div.list_divisions(s, admin) if d.level == "county")
    mine = [v for v in villages if v.parent_id == town]
    village = next(v.id for v in mine if v.name == "上岔村")
    return Place(
        county,
        town,
        village,
        next(v.id for v in mine if v.id != village),
        other,
        next(v.id for v in villages if v.parent_id == other),
    )


def accepted_project(  # type: ignore[no-untyped-def]
    database,
    admin,
    place: Place,
    *,
    settled: Decimal | None = Decimal("448000.00"),
    accepted_on: date = date(2022, 10, 12),
    status: str = "completion_notice",
    name: str = "上岔村核桃提质增效项目",
) -> int:
    """A project created through the library's service, then moved to an accepted state."""
    with database.transaction(admin.audit()) as s:
        category = category_by_path(s, "产业发展/种植")
        pid = prj.create_project(
            s,
            admin,
            prj.ProjectInput(
                name=name,
                year=2022,
                category_id=category,
                construction_type="新建",
                town_id=place.town,
                village_id=place.village,
                content="核桃园提质增效500亩",
                total_investment=Decimal("500000.00"),
                fiscal_funds=Decimal("450000.00"),
                fundings={
                    "中央衔接资金": Decimal("300000.00"),
                    "省级衔接资金": Decimal("150000.00"),
                },
                targets=[prj.TargetInput("产出指标", "提质增效面积", "亩", "500")],
                implementation_mode="公开招标",
                implementing_unit="固关镇人民政府",
            ),
        )
        p = s.get(Project, pid)
        assert p is not None
        p.status, p.accepted_on, p.completed_on = status, accepted_on, date(2022, 9, 30)
        if settled is not None:
            p.settled_on, p.settled_amount = date(2022, 11, 1), settled
    return pid


def part(  # type: ignore[no-untyped-def]
    value: str,
    owner: Owner,
    village_id: int | None,
    name: str = "核桃园",
    cls: str = "经营性",
    nature: str = "生物资产",
) -> AssetPart:
    return AssetPart(
        CardEdit(
            name=name,
            asset_class=cls,
            nature=nature,
            sub_type="种植基地",
            quantity="500",
            unit="亩",
        ),
        Decimal(value),
        owner,
        village_id,
    )


def handover_input(parts, number: str = "GG-2022-001", note: str = "") -> HandoverInput:  # type: ignore[no-untyped-def]
    return HandoverInput(
        number=number,
        from_unit="固关镇人民政府",
        to_unit="上岔村股份经济合作社",
        handed_on=date(2022, 12, 1),
        parts=parts,
        documents="审计报告、竣工验收报告",
        from_signer="王建国",
        to_signer="李明",
        witnesses="赵强（镇纪委）",
        difference_note=note,
    )


def register_assets(database, admin, place: Place, pid: int, parts=None, number="GG-2022-001"):  # type: ignore[no-untyped-def]
    parts = parts or [
        part("300000.00", Owner("village", place.village), place.village),
        part(
            "148000.00",
            Owner("village", place.village),
            place.village,
            name="冷库",
            nature="固定资产",
        ),
    ]
    with database.transaction(admin.audit()) as s:
        return hand_over_project(s, admin, pid, handover_input(parts, number))


def village_of(database, name: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    with database.read() as s:
        return s.scalar(select(Division.id).where(Division.name == name))
