"""Status changes, transfers and disposal keep history; income distribution; upkeep."""

from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from sqlalchemy import func, select

from fpr_desktop.assets import cards, income, upkeep
from fpr_desktop.assets.cards import CardEdit, DisposalInput, Owner
from fpr_desktop.assets.models import Asset
from fpr_desktop.base.errors import ConflictError, ValidationError


@pytest.fixture
def asset_ids(database, admin, place):  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    return register_assets(
        database,
        admin,
        place,
        pid,
        [
            part(
                "300000.00",
                Owner("village", place.village),
                place.village,
                name="光伏电站",
                nature="固定资产",
            ),
            part(
                "148000.00",
                Owner("village", place.village),
                place.village,
                name="村组道路",
                cls="公益性",
                nature="固定资产",
            ),
        ],
    )


def version(database, asset_id: int) -> int:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return s.get(Asset, asset_id).version


def test_status_transfer_and_disposal_keep_the_whole_history(
    database, admin, place, asset_ids
) -> None:  # type: ignore[no-untyped-def]
    a = asset_ids[0]
    with database.transaction(admin.audit()) as s:
        cards.record_sanzi_entry(s, admin, a, version(database, a), date(2023, 1, 5), "SZ-0012")
    with database.transaction(admin.audit()) as s:
        cards.change_status(
            s, admin, a, version(database, a), "闲置", date(2023, 3, 1), "逆变器故障停机"
        )
    with database.transaction(admin.audit()) as s:
        cards.transfer(
            s,
            admin,
            a,
            version(database, a),
            Owner("town", place.town),
            date(2023, 6, 1),
            "镇政府〔2023〕5号",
        )
    with database.read() as s:
        c = cards.card(s, admin, a)
    assert c.owner == "固关镇" and c.sanzi_entry_no == ""  # only village assets sit in 三资
    approval = "县农业农村局〔2024〕3号"
    days = (date(2024, 5, 1), date(2024, 5, 10))
    at_will = DisposalInput("自然灾害", "随意", approval, *days, Decimal("12000"), "缴入镇财政")
    with pytest.raises(ValidationError, match="决策程序"), database.transaction(admin.audit()) as s:
        cards.dispose(s, admin, a, version(database, a), at_will)
    decided = DisposalInput("自然灾害", "三重一大", approval, *days, Decimal("12000"), "缴入镇财政")
    with database.transaction(admin.audit()) as s:
        cards.dispose(s, admin, a, version(database, a), decided)
    with database.read() as s:
        history = cards.history(s, admin, a)
        still_there = s.scalar(select(func.count()).select_from(Asset).where(Asset.id == a))
    assert [(h.kind, h.from_value, h.to_value) for h in history] == [
        ("登记", "", "固关镇人民政府 → 上岔村股份经济合作社"),
        ("三资", "", "SZ-0012"),
        ("状态", "在用", "闲置"),
        ("权属", "上岔村", "固关镇"),
        ("处置", "闲置", "已处置"),
    ]
    assert still_there == 1
    with pytest.raises(ValidationError, match="已处置"), database.transaction(admin.audit()) as s:
        cards.change_status(s, admin, a, version(database, a), "在用", date(2024, 6, 1), "修复")


def test_card_edit_refuses_a_stale_version_and_lists_problems(database, admin, asset_ids) -> None:  # type: ignore[no-untyped-def]
    a = asset_ids[0]
    stale = version(database, a)
    edit = CardEdit(
        name="光伏电站（一期）",
        asset_class="经营性",
        nature="固定资产",
        quantity="100",
        unit="千瓦",
    )
    with database.transaction(admin.audit()) as s:
        cards.update_card(s, admin, a, stale, edit)
    with pytest.raises(ConflictError), database.transaction(admin.audit()) as s:
        cards.update_card(s, admin, a, stale, edit)
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        cards.update_card(
            s, admin, a, version(database, a), CardEdit(name=" ", asset_class="x", nature="y")
        )
    assert str(err.value).count("\n") == 2


def plan(place, **kw) -> income.PlanInput:  # type: ignore[no-untyped-def]
    values = dict(
        division_id=place.village,
        year=2023,
        received=Decimal("100000.00"),
        collective=Decimal("30000.00"),
        households=Decimal("40000.00"),
        household_count=35,
        welfare_wages=Decimal("15000.00"),
        upkeep=Decimal("5000.00"),
        development=Decimal("5000.00"),
        retained=Decimal("5000.00"),
        procedure="四议两公开",
        decided_on=date(2024, 1, 10),
    )
    values.update(kw)
    return income.PlanInput(**values)


def test_distribution_must_add_up_and_one_off_cash_is_flagged(
    database, admin, place, asset_ids
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        income.record_income(
            s, admin, asset_ids[0], date(2023, 12, 20), Decimal("100000.00"), "发电收益"
        )
        assert income.income_of(s, place.village, 2023) == Decimal("100000.00")
        with pytest.raises(ValidationError, match="只有经营性资产"):
            income.record_income(s, admin, asset_ids[1], date(2023, 12, 20), Decimal("1"), "x")
    refused = pytest.raises(ValidationError, match=r"100,005\.00 元，不等于收到的收益 100,000\.00")
    with refused, database.transaction(admin.audit()) as s:
        income.create_plan(s, admin, plan(place, retained=Decimal("5005.00")))
    with database.transaction(admin.audit()) as s:
        good = income.create_plan(s, admin, plan(place))
        cash = income.create_plan(
            s,
            admin,
            plan(
                place,
                collective=Decimal("5000.00"),
                households=Decimal("95000.00"),
                welfare_wages=Decimal(0),
                upkeep=Decimal(0),
                development=Decimal(0),
                retained=Decimal(0),
            ),
        )
    from fpr_desktop.assets.models import DistributionPlan

    def step(plan_id: int, stage: str, on: date) -> None:
        with database.transaction(admin.audit()) as s:
            v = s.get(DistributionPlan, plan_id).version
            income.advance_plan(s, admin, plan_id, v, stage, on)

    step(cash, "town_review", date(2024, 1, 15))
    with pytest.raises(ValidationError, match="一分了之"):
        step(cash, "county_agree", date(2024, 1, 20))
    with pytest.raises(ValidationError, match="尚未经县级同意"):
        step(good, "publish", date(2024, 1, 20))
    step(good, "town_review", date(2024, 1, 15))
    step(good, "county_agree", date(2024, 1, 20))
    step(good, "publish", date(2024, 1, 21))
    with database.transaction(admin.audit()) as s:
        income.record_payout(
            s, admin, good, date(2024, 2, 1), "households", "35户", Decimal("40000.00")
        )
    with (
        pytest.raises(ValidationError, match="将超出方案"),
        database.transaction(admin.audit()) as s,
    ):
        income.record_payout(
            s, admin, good, date(2024, 2, 2), "households", "张三", Decimal("0.01")
        )


def test_public_assets_without_upkeep_or_inspection_are_listed(database, admin, asset_ids) -> None:  # type: ignore[no-untyped-def]
    road = asset_ids[1]
    with database.read() as s:
        assert [
            (i.asset_id, i.reason) for i in upkeep.upkeep_issues(s, admin, date(2024, 6, 1))
        ] == [(road, "未落实管护")]
    with (
        pytest.raises(ValidationError, match="责任人或公益岗位"),
        database.transaction(admin.audit()) as s,
    ):
        upkeep.set_upkeep(
            s, admin, road, upkeep.UpkeepInput(body="上岔村委会", funding=Decimal("2000"))
        )
    with database.transaction(admin.audit()) as s:
        upkeep.set_upkeep(
            s,
            admin,
            road,
            upkeep.UpkeepInput(body="上岔村委会", funding=Decimal("2000"), post="道路管护员"),
        )
        first = upkeep.log_inspection(
            s, admin, road, date(2024, 1, 10), "李四", "一般", repair_needed="路肩塌陷"
        )
    with database.read() as s:
        assert [i.reason for i in upkeep.upkeep_issues(s, admin, date(2024, 3, 1))] == ["待维修"]
        assert [i.reason for i in upkeep.upkeep_issues(s, admin, date(2024, 6, 1))] == ["巡查逾期"]
    with database.transaction(admin.audit()) as s:
        upkeep.log_inspection(
            s, admin, road, date(2024, 5, 20), "李四", "良好", repaired_on=date(2024, 5, 20)
        )
    with database.read() as s:
        reasons = [i.reason for i in upkeep.upkeep_issues(s, admin, date(2024, 6, 1))]
    assert reasons == ["待维修"]  # the January repair is still open on its own entry
    with database.transaction(admin.audit()) as s:
        upkeep.record_repair(s, admin, first, date(2024, 5, 18), "路肩已砌护")
    with database.read() as s:
        assert upkeep.upkeep_issues(s, admin, date(2024, 6, 1)) == []
