"""Annual plan carry-over (结转): a project not yet started moves to a later year's plan."""

from decimal import Decimal

import pytest
from helpers.project_gates import PLAN_DECISION
from sqlalchemy import select

from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.divisions import services as div
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import PlanItem, Project, ProjectStep
from fpr_desktop.projects.views import plan_view

FUNDS = {"中央衔接资金": Decimal("300000.00"), "省级衔接资金": Decimal("150000.00")}


def library_project(database, admin, status: str = "in_library") -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A project already reviewed into the library (the review path is tested elsewhere)."""
    with database.transaction(admin.audit()) as s:
        town = div.town_by_name(s, "固关镇")
        village = next(d for d in div.list_divisions(s, admin) if d.name == "上岔村")
        inp = prj.ProjectInput(
            name="上岔村核桃提质增效项目",
            year=2022,
            category_id=category_by_path(s, "产业发展/种植"),
            construction_type="新建",
            town_id=town.id,
            village_id=village.id,
            content="核桃园提质增效500亩",
            total_investment=Decimal("500000.00"),
            fiscal_funds=Decimal("450000.00"),
            fundings=FUNDS,
            targets=[prj.TargetInput("产出指标", "提质增效面积", "亩", "500")],
            implementation_mode="公开招标",
        )
        pid = prj.create_project(s, admin, inp)
        s.get(Project, pid).status = status
    with database.read() as s:
        return pid, s.get(Project, pid).version


@pytest.fixture
def planned(database, admin) -> int:  # type: ignore[no-untyped-def]
    pid, version = library_project(database, admin)
    with database.transaction(admin.audit()) as s:
        rec.add_to_plan(s, admin, pid, version, year=2023, funds=FUNDS, decision=PLAN_DECISION)
    return pid


def carry(database, actor, pid: int, **kw) -> int:  # type: ignore[no-untyped-def]
    values = {"from_year": 2023, "to_year": 2024, **kw}
    with database.transaction(actor.audit()) as s:
        return rec.carry_over(s, actor, pid, **values)


def test_carried_project_is_in_next_years_plan_with_its_amount(database, admin, planned) -> None:  # type: ignore[no-untyped-def]
    assert carry(database, admin, planned, opinion="汛期未能开工") == 2
    with database.read() as s:
        new_rows = rec.plan_rows(s, 2024)
        old_rows = rec.plan_rows(s, 2023)
        items = s.scalars(select(PlanItem).where(PlanItem.carried_from == 2023)).all()
        step = s.scalars(select(ProjectStep).where(ProjectStep.action == "carry_over")).one()
        p = s.get(Project, planned)
        view = plan_view(s, admin, 2024)
        carried = rec.carried_out(s, 2023)
    assert [(r[0].id, r[1]) for r in new_rows] == [(planned, Decimal("450000.00"))]
    assert view.rows[0].funds == FUNDS
    # the 2023 plan keeps its record; carried_out marks the project 已结转 (to 2024)
    assert [(r[0].id, r[1]) for r in old_rows] == [(planned, Decimal("450000.00"))]
    assert carried == {planned: 2024}
    assert sorted(i.source for i in items) == sorted(FUNDS)
    assert (step.from_status, step.to_status, step.opinion) == (
        "in_plan",
        "in_plan",
        "汛期未能开工",
    )
    assert (p.status, p.year) == ("in_plan", 2022)  # status and library year unchanged


def test_pre_publicity_project_may_be_carried(database, admin, planned) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        s.get(Project, planned).status = "pre_publicity"
    carry(database, admin, planned)
    with database.read() as s:
        step = s.scalars(select(ProjectStep).where(ProjectStep.action == "carry_over")).one()
    assert step.to_status == "pre_publicity"
    assert "结转至2024年度计划" in step.opinion


@pytest.mark.parametrize("status", ["implementing", "completed", "in_library", "removed"])
def test_started_or_unplanned_project_is_refused(database, admin, planned, status) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        s.get(Project, planned).status = status
    with pytest.raises(ValidationError, match="尚未开工的项目可以结转"):
        carry(database, admin, planned)


def test_target_year_must_be_later(database, admin, planned) -> None:  # type: ignore[no-untyped-def]
    for to_year in (2023, 2022):
        with pytest.raises(ValidationError, match="结转年度应晚于2023年"):
            carry(database, admin, planned, to_year=to_year)


def test_project_not_in_that_years_plan_is_refused(database, admin, planned) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="不在2021年度计划中"):
        carry(database, admin, planned, from_year=2021)


def test_carrying_twice_is_refused(database, admin, planned) -> None:  # type: ignore[no-untyped-def]
    carry(database, admin, planned)
    with pytest.raises(ValidationError, match="已从2023年度计划结转到2024年"):
        carry(database, admin, planned, to_year=2025)
    with database.read() as s:
        assert len(s.scalars(select(PlanItem).where(PlanItem.project_id == planned)).all()) == 4


def test_only_county_reviewers_carry_over(database, admin, planned, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg", "town", "固关镇")
    with pytest.raises(PermissionDenied):
        carry(database, clerk, planned)
    county = user_factory("xzj", "project")
    assert carry(database, county, planned) == 2
