"""Handover from an accepted project: values add up to the settlement, owners, deadline, gate."""

from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, handover_input, part, register_assets
from sqlalchemy import select

from fpr_desktop.assets import cards
from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.handover import (
    add_months,
    hand_over_project,
    handover_of_project,
    pending_projects,
    split_fen,
)
from fpr_desktop.assets.models import Asset, AssetFunding
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.settings import set_value
from fpr_desktop.projects import flow
from fpr_desktop.projects.models import Project


def test_parts_adding_up_to_the_settlement_become_registered_assets(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    ids = register_assets(database, admin, place, pid)
    with database.read() as s:
        view = handover_of_project(s, admin, pid)
        card = cards.card(s, admin, ids[0])
        fundings = s.execute(select(AssetFunding.source, AssetFunding.amount)).all()
    assert view.total == Decimal("448000.00") == view.settled_amount
    assert card.owner == "上岔村" and card.registered_on == date(2022, 12, 1)
    assert card.code == "GG-2022-001-01" and card.status == "在用"
    # the funding split follows the project's sources (2:1) and adds up to each value exactly
    assert card.fundings == {
        "中央衔接资金": Decimal("200000.00"),
        "省级衔接资金": Decimal("100000.00"),
    }
    assert sum(a for _, a in fundings) == Decimal("448000.00")


def test_parts_that_do_not_add_up_are_refused_unless_explained(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    parts = [part("400000.00", Owner("village", place.village), place.village)]
    refused = pytest.raises(ValidationError, match=r"400,000\.00 元，与审计结算金额 448,000\.00")
    with refused, database.transaction(admin.audit()) as s:
        hand_over_project(s, admin, pid, handover_input(parts))
    with database.read() as s:
        assert s.scalar(select(Asset.id)) is None  # nothing written
    with database.transaction(admin.audit()) as s:
        hand_over_project(s, admin, pid, handover_input(parts, note="48,000元为不形成资产的培训费"))
    with database.read() as s:
        assert handover_of_project(s, admin, pid).total == Decimal("400000.00")


def test_every_problem_of_a_handover_is_reported_at_once(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place, settled=None, status="accepted")
    bad = handover_input([part("0", Owner("town", place.other_town), place.village, cls="其他")])
    bad = bad.__class__(**{**vars(bad), "witnesses": ""})
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        hand_over_project(s, admin, pid, bad)
    text = str(err.value)
    for expected in ("尚未报账结算", "见证人", "资产类别", "价值应大于零", "所在的镇"):
        assert expected in text


def test_owner_tiers_must_match_the_location(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    wrong_village = [part("448000.00", Owner("village", place.other_village), place.village)]
    with (
        pytest.raises(ValidationError, match="所有者应为资产所在的村"),
        database.transaction(admin.audit()) as s,
    ):
        hand_over_project(s, admin, pid, handover_input(wrong_village))
    no_head = [part("448000.00", Owner("household", place.village), place.village)]
    with pytest.raises(ValidationError, match="户主姓名"), database.transaction(admin.audit()) as s:
        hand_over_project(s, admin, pid, handover_input(no_head))
    tiers = [
        part("100000.00", Owner("county", place.county), place.village, name="光伏电站"),
        part("100000.00", Owner("town", place.town), None, name="产业路"),
        part("148000.00", Owner("village", place.village), place.village),
        part(
            "100000.00",
            Owner("household", place.village, "张三"),
            place.village,
            name="牛",
            cls="到户类",
        ),
    ]
    ids = register_assets(database, admin, place, pid, tiers)
    with database.read() as s:
        owners = [cards.card(s, admin, i).owner for i in ids]
        towns = [s.get(Asset, i).owner_town_id for i in ids]
    assert owners == ["陇县", "固关镇", "上岔村", "张三（上岔村农户）"]
    assert towns == [None, place.town, place.town, place.town]


def test_a_project_is_handed_over_once(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    register_assets(database, admin, place, pid)
    with pytest.raises(ValidationError, match="不能重复移交"):
        register_assets(database, admin, place, pid, number="GG-2022-002")


def test_town_clerk_hands_over_only_in_own_town(database, admin, place, user_factory) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    other = user_factory("tc", "town", "天成镇")
    with pytest.raises(NotFound), database.transaction(other.audit()) as s:
        hand_over_project(s, other, pid, handover_input([]))
    auditor = user_factory("sj", "auditor")
    with pytest.raises(PermissionDenied), database.transaction(auditor.audit()) as s:
        hand_over_project(s, auditor, pid, handover_input([]))
    clerk = user_factory("gg", "town", "固关镇")
    ids = register_assets(database, clerk, place, pid)
    assert len(ids) == 2


def test_registration_deadline_is_three_months_and_overdue_projects_are_listed(
    database, admin, place
) -> None:  # type: ignore[no-untyped-def]
    assert add_months(date(2022, 11, 30), 3) == date(2023, 2, 28)
    late = accepted_project(database, admin, place, accepted_on=date(2022, 10, 12))
    fresh = accepted_project(database, admin, place, accepted_on=date(2023, 1, 5), name="新项目")
    with database.read() as s:
        pending = pending_projects(s, admin, date(2023, 1, 20))
        overdue = pending_projects(s, admin, date(2023, 1, 20), overdue_only=True)
    assert [(p.id, p.deadline, p.overdue) for p in pending] == [
        (late, date(2023, 1, 12), True),
        (fresh, date(2023, 4, 5), False),
    ]
    assert [p.id for p in overdue] == [late]
    with database.transaction(admin.audit()) as s:
        set_value(s, admin, "assets.registration_months", 6, 0)
    with database.read() as s:
        assert pending_projects(s, admin, date(2023, 1, 20), overdue_only=True) == []
    register_assets(database, admin, place, late)
    with database.read() as s:
        assert [p.id for p in pending_projects(s, admin, date(2023, 1, 20))] == [fresh]


def test_library_hand_over_step_requires_registered_assets(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)

    def step() -> str:
        with database.transaction(admin.audit()) as s:
            version = s.get(Project, pid).version
            return flow.take_step(s, admin, pid, version, "hand_over")

    with pytest.raises(ValidationError, match="资产尚未办理移交和确权登记"):
        step()
    register_assets(database, admin, place, pid)
    assert step() == "handed_over"


def test_split_fen_is_exact() -> None:
    assert split_fen(100, [1, 1, 1]) == [34, 33, 33]
    assert sum(split_fen(44800001, [30000000, 15000000])) == 44800001
    assert split_fen(5, []) == []
