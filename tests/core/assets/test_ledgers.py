"""Three-tier ledgers: the same records seen by county, town and village; the reconciliation."""

from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from sqlalchemy import update

from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.ledgers import LedgerScope, LedgerSource, breakdown_lines, reconcile
from fpr_desktop.assets.models import Asset
from fpr_desktop.base.errors import PermissionDenied


@pytest.fixture
def assets(database, admin, place):  # type: ignore[no-untyped-def]
    """Assets at every tier in two towns: 448,000 (固关镇) + 90,000 (天成镇)."""
    pid = accepted_project(database, admin, place)
    ids = register_assets(
        database,
        admin,
        place,
        pid,
        [
            part("100000.00", Owner("county", place.county), place.village, name="光伏电站"),
            part(
                "50000.00",
                Owner("town", place.town),
                None,
                name="产业路",
                cls="公益性",
                nature="固定资产",
            ),
            part("200000.00", Owner("village", place.village), place.village),
            part(
                "98000.00",
                Owner("household", place.village, "张三"),
                place.village,
                name="牛",
                cls="到户类",
            ),
        ],
    )
    other = accepted_project(database, admin, place, settled=Decimal("90000.00"), name="关山村水窖")
    with database.transaction(admin.audit()) as s:
        from fpr_desktop.projects.models import Project

        p = s.get(Project, other)
        p.town_id, p.village_id = place.other_town, place.other_town_village
    ids += register_assets(
        database,
        admin,
        place,
        other,
        [
            part(
                "90000.00",
                Owner("village", place.other_town_village),
                place.other_town_village,
                name="水窖",
                cls="公益性",
                nature="固定资产",
            )
        ],
        number="TC-2022-001",
    )
    return ids


def ledger(database, actor, tier: str, division_id=None):  # type: ignore[no-untyped-def]
    with database.read() as s:
        src = LedgerSource(s, actor, LedgerScope(tier, division_id))
        page = src.fetch_ids(s, None, 100)
        rows = src.fetch_rows(s, page.ids)
        return [rows[i] for i in page.ids], src.totals(s), src.breakdown(s)


def test_each_tier_sees_its_own_assets_with_totals(database, admin, place, assets) -> None:  # type: ignore[no-untyped-def]
    _county, county_totals, county_kinds = ledger(database, admin, "county")
    _town, town_totals, _ = ledger(database, admin, "town", place.town)
    village, village_totals, _ = ledger(database, admin, "village", place.village)
    assert county_totals.count == 5 and county_totals.sums["original_value"] == Decimal("538000.00")
    assert town_totals.count == 3 and town_totals.sums["original_value"] == Decimal("348000.00")
    assert [r[1] for r in village] == ["核桃园", "牛"]
    assert village_totals.sums["original_value"] == Decimal("298000.00")
    assert village[1][10] == "张三（上岔村农户）" and village[0][6] == "固关镇上岔村"
    assert county_kinds[("公益性", "固定资产")] == (2, Decimal("140000.00"))
    lines = {label: (n, v) for label, n, v in breakdown_lines(county_kinds)}
    assert lines["经营性资产小计"] == (2, Decimal("300000.00"))
    assert lines["生物资产小计"] == (3, Decimal("398000.00"))


def test_reconciliation_balances_across_the_three_tiers(database, admin, place, assets) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        r = reconcile(s, admin)
    assert r.balanced and r.breaks == []
    assert r.county == Decimal("538000.00") == r.sum_towns + r.county_owned
    assert r.towns[place.town] == r.villages_by_town[place.town] + r.town_owned[place.town]


def test_a_broken_record_is_found_and_named(database, admin, place, assets) -> None:  # type: ignore[no-untyped-def]
    # deliberately corrupt one card behind the services' back: the village's asset filed
    # under another town, and another asset with no owner at all
    with database.transaction(admin.audit()) as s:
        s.execute(update(Asset).where(Asset.id == assets[2]).values(owner_town_id=place.other_town))
        s.execute(
            update(Asset)
            .where(Asset.id == assets[4])
            .values(owner_tier=None, owner_division_id=None, owner_town_id=None)
        )
    with database.read() as s:
        r = reconcile(s, admin)
    assert not r.balanced
    assert r.county != r.sum_towns + r.county_owned  # the owner-less 水窖 is in no town ledger
    assert r.towns[place.other_town] != r.villages_by_town.get(place.other_town, 0)
    assert [(b.asset_id, b.reason) for b in r.breaks] == [
        (assets[2], "所有者所属镇记录有误，镇级台账与村级台账对不上"),
        (assets[4], "没有所有者（未确权）"),
    ]


def test_value_different_from_its_project_breaks_the_reconciliation(
    database, admin, place, assets
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        s.execute(update(Asset).where(Asset.id == assets[0]).values(original_value=Decimal("1.00")))
    with database.read() as s:
        r = reconcile(s, admin)
    assert {b.reason for b in r.breaks} == {"资产价值合计与来源项目的结算金额不一致"}
    assert [b.asset_id for b in r.breaks] == assets[:4]


def test_town_clerk_sees_own_town_and_villages_only(database, place, assets, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg", "town", "固关镇")
    _rows, totals, _ = ledger(database, clerk, "town", place.town)
    assert totals.count == 3
    assert ledger(database, clerk, "village", place.village)[1].count == 2
    for tier, division in (
        ("town", place.other_town),
        ("village", place.other_town_village),
        ("county", None),
    ):
        with pytest.raises(PermissionDenied):
            ledger(database, clerk, tier, division)
    with pytest.raises(PermissionDenied), database.read() as s:
        reconcile(s, clerk)
