"""项目调整 (re-approval and re-publicity, before/after on record) and the task 40 plan checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from helpers.project_gates import (
    LONG_AGO,
    PLAN_DECISION,
    Driver,
    new_project,
    reason_of,
    set_status,
)

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.projects import adjustments as adj
from fpr_desktop.projects import flow
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project, ProjectFunding
from fpr_desktop.projects.plan_checks import plan_checks

COUNTY_DECISION = flow.Decision("县委农村工作领导小组", "陇农领发〔2022〕9号", date(2022, 5, 6))


def in_library(database, admin, place, **kw) -> Driver:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place, **kw)
    set_status(database, admin, d.id, "in_library")
    return d


def plan(database, admin, d: Driver, amount: str) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        rec.add_to_plan(
            s,
            admin,
            d.id,
            d.version(),
            year=2022,
            funds={"中央衔接资金": Decimal(amount)},
            decision=PLAN_DECISION,
        )


def test_plan_above_the_request_needs_an_adjustment(database, admin, place, user_factory) -> None:  # type: ignore[no-untyped-def]
    town, village, _ = place
    d = in_library(database, admin, place)
    with pytest.raises(ValidationError, match=r"超过项目申请财政资金 450,000\.00 元"):
        plan(database, admin, d, "500000.00")
    clerk = user_factory("gg", "town", "固关镇")
    with database.transaction(clerk.audit()) as s:
        adjustment = adj.request_adjustment(
            s,
            clerk,
            d.id,
            d.version(),
            adj.AdjustmentInput(
                reason="设计变更，增加管网",
                total_investment=Decimal("560000.00"),
                fiscal_funds=Decimal("500000.00"),
                content="核桃园提质增效560亩",
            ),
        )
    # pending: nothing changed yet, and the project waits
    with database.read() as s:
        assert s.get(Project, d.id).fiscal_funds == Decimal("450000.00")
    assert reason_of(database, admin, d.id, "plan") == (
        f"项目调整（#{adjustment}）待县级审定，审定并重新公示后才能列入年度计划。"
    )
    with pytest.raises(PermissionDenied), database.transaction(clerk.audit()) as s:
        adj.approve_adjustment(s, clerk, adjustment, 1, COUNTY_DECISION)
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        adj.approve_adjustment(s, admin, adjustment, 1, flow.Decision("", "", None))
    assert len(str(err.value).splitlines()) == 3
    with database.transaction(admin.audit()) as s:
        adj.approve_adjustment(s, admin, adjustment, 1, COUNTY_DECISION, "同意调整")
    with database.read() as s:
        p = s.get(Project, d.id)
        assert (p.fiscal_funds, p.total_investment) == (Decimal("500000.00"), Decimal("560000"))
        funds = {f.source: f.amount for f in s.query(ProjectFunding).filter_by(project_id=d.id)}
        [row] = adj.list_adjustments(s, admin, d.id)
    # the two sources keep their proportions and still sum to the new fiscal funds
    assert funds == {"中央衔接资金": Decimal("333333.33"), "省级衔接资金": Decimal("166666.67")}
    assert row.state == "approved" and row.doc_number == "陇农领发〔2022〕9号"
    assert ("财政资金", "45.00万元", "50.00万元") in row.changes
    assert ("建设内容及规模", "核桃园提质增效500亩", "核桃园提质增效560亩") in row.changes
    # approved: publicised again before the project goes on
    assert reason_of(database, admin, d.id, "plan").startswith("尚未登记“调整后的项目库公示”")
    d.publicize(admin, "project_library_publicity", "county", town.parent_id, LONG_AGO)
    plan(database, admin, d, "500000.00")
    assert village is not None


def test_adjustment_refusals(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place)
    change = adj.AdjustmentInput(reason="增加规模", fiscal_funds=Decimal("460000.00"))
    with (
        pytest.raises(ValidationError, match="入库前的修改请退回修改"),
        database.transaction(admin.audit()) as s,
    ):
        adj.request_adjustment(s, admin, d.id, d.version(), change)
    set_status(database, admin, d.id, "in_library")
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        adj.request_adjustment(
            s,
            admin,
            d.id,
            d.version(),
            adj.AdjustmentInput(reason="", fiscal_funds=Decimal("900000")),
        )
    assert str(err.value).splitlines() == [
        "请填写调整原因。",
        "调整后财政资金 900,000.00 元超过总投资 500,000.00 元。",
    ]
    with database.transaction(admin.audit()) as s:
        adj.request_adjustment(s, admin, d.id, d.version(), change)
    with (
        pytest.raises(ValidationError, match="已有待审定的调整"),
        database.transaction(admin.audit()) as s,
    ):
        adj.request_adjustment(s, admin, d.id, d.version(), change)


def test_plan_checks_share_villages_and_own_channels(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    with database.transaction(admin.audit()) as s:
        s.get(Division, village.id).flags = "脱贫村"
        road = category_by_path(s, "乡村建设/道路")
    industry = in_library(database, admin, place)
    plan(database, admin, industry, "450000.00")
    school = in_library(
        database,
        admin,
        place,
        name="上岔村幼儿园改造项目",
        content="改造幼儿园校舍300平方米",
        category_id=road,
        village_id=None,
    )
    plan(database, admin, school, "450000.00")
    with database.read() as s:
        checks = plan_checks(s, admin, 2022)
    assert checks.industry_share == Decimal("50.0") and not checks.industry_ok
    assert (checks.poverty_village_projects, checks.poverty_village_amount) == (1, 450000)
    assert (checks.other_village_projects, checks.other_village_amount) == (1, 450000)
    assert [(name, channel) for _id, name, channel in checks.own_channel] == [
        ("上岔村幼儿园改造项目", "教育")
    ]
    problems = [text for bad, text in checks.lines() if bad]
    assert problems[0] == (
        "衔接资金用于产业发展 45.00万元，占衔接资金 90.00万元的 50.0%，低于不少于 55% 的要求。"
    )
    assert "“上岔村幼儿园改造项目”属于教育支出" in problems[1]
    with database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "projects.industry_share_min", 50, 0)
    with database.read() as s:
        assert plan_checks(s, admin, 2022).industry_ok
