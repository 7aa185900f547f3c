"""What a card allows and why not; the records the card and the plan list read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets

from fpr_desktop.assets import cards, income, records
from fpr_desktop.assets.actions import DISPOSED, NO_PERMISSION, card_actions
from fpr_desktop.assets.cards import DisposalInput, Owner, disposal_problems
from fpr_desktop.assets.models import Asset
from fpr_desktop.base.errors import ValidationError


@pytest.fixture
def ids(database, admin, place) -> list[int]:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    return register_assets(  # type: ignore[no-any-return]
        database,
        admin,
        place,
        pid,
        [
            part("300000.00", Owner("village", place.village), place.village, name="光伏电站"),
            part(
                "148000.00",
                Owner("town", place.town),
                place.village,
                name="村组道路",
                cls="公益性",
                nature="固定资产",
            ),
        ],
    )


def actions(database, actor, asset_id):  # type: ignore[no-untyped-def]
    with database.read() as s:
        return card_actions(s, actor, cards.card(s, actor, asset_id))


def test_each_step_is_allowed_or_refused_with_its_reason(
    database, admin, user_factory, ids
) -> None:  # type: ignore[no-untyped-def]
    plant, road = ids
    a = actions(database, admin, plant)
    assert a.status.ok and a.transfer.ok and a.dispose.ok and a.sanzi.ok and a.income.ok
    assert not a.upkeep.ok and "公益性" in a.upkeep.reason
    r = actions(database, admin, road)
    assert r.upkeep.ok and not r.income.ok
    assert not r.sanzi.ok and "确权到村" in r.sanzi.reason  # a town-owned asset
    with database.read() as s:
        a = card_actions(s, user_factory("au", "auditor"), cards.card(s, admin, plant))
    assert not a.status.ok and a.status.reason == NO_PERMISSION
    other = user_factory("tc", "town", "天成镇")
    with database.read() as s:
        a = card_actions(s, other, cards.card(s, admin, plant))
    assert not a.edit.ok and "管辖范围" in a.edit.reason


def test_a_disposed_asset_refuses_every_step_but_keeps_its_records(database, admin, ids) -> None:  # type: ignore[no-untyped-def]
    plant = ids[0]
    with database.transaction(admin.audit()) as s:
        income.record_income(s, admin, plant, date(2024, 3, 1), Decimal("20000.00"), "发电收益")
        v = s.get(Asset, plant).version
        cards.dispose(
            s, admin, plant, v,
            DisposalInput("自然灾害", "四议两公开", "固政发〔2024〕12号", date(2024, 8, 1),
                          date(2024, 8, 5), Decimal("15000.00"), "缴入村集体账户"),
        )  # fmt: skip
    a = actions(database, admin, plant)
    assert all(not getattr(a, k).ok for k in ("edit", "status", "transfer", "dispose", "income"))
    assert a.status.reason == DISPOSED
    with database.read() as s:
        rec = records.card_records(s, admin, plant)
    assert rec.disposal is not None and rec.disposal.proceeds == Decimal("15000.00")
    assert rec.income_total == Decimal("20000.00")
    with pytest.raises(ValidationError, match="已处置"), database.transaction(admin.audit()) as s:
        income.record_income(s, admin, plant, date(2024, 9, 1), Decimal("1.00"), "x")


def test_disposal_problems_are_listed_together() -> None:
    problems = disposal_problems(
        DisposalInput(
            "地震", "村委会决定", " ", date(2024, 8, 5), date(2024, 8, 1), Decimal("5.00"), ""
        )
    )
    assert len(problems) == 5
    assert problems[0].startswith("处置原因应为")
    assert problems[3] == "处置日期不能早于批准日期。"


def test_plans_list_their_stage_and_payouts(database, admin, user_factory, place, ids) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        income.record_income(s, admin, ids[0], date(2024, 12, 1), Decimal("100000.00"), "发电")
        plan = income.PlanInput(
            division_id=place.village, year=2024, received=Decimal("100000.00"),
            collective=Decimal("30000.00"), households=Decimal("40000.00"),
            welfare_wages=Decimal("10000.00"), upkeep=Decimal("10000.00"),
            development=Decimal("10000.00"), retained=Decimal(0), procedure="四议两公开",
            household_count=35, decided_on=date(2025, 1, 5),
        )  # fmt: skip
        pid = income.create_plan(s, admin, plan)
        for i, stage in enumerate(("town_review", "county_agree", "publish")):
            income.advance_plan(s, admin, pid, i + 1, stage, date(2025, 1, 10 + i))
        income.record_payout(s, admin, pid, date(2025, 2, 1), "households", "35户", Decimal(40000))
    with database.read() as s:
        [row] = records.plans(s, admin, 2024)
        ctx = records.plan_context(s, admin, place.village, 2024)
        assert records.plans(s, admin, 2023) == []
        assert records.plans(s, user_factory("tc", "town", "天成镇")) == []  # another town's
    assert row.stage == "兑付中" and row.next_stage is None
    assert row.paid_total == Decimal("40000.00") and row.division == "上岔村"
    assert ctx.received == Decimal("100000.00")
