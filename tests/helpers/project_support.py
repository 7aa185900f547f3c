"""A project of 固关镇上岔村 made through the service, and its steps, for the GUI tests of the
project library's screens (the to-do list, the next step offered, the notice levels)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions import services as div
from fpr_desktop.notices import register as reg
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.flow import take_step
from helpers.project_gates import BACKDATED, decision_for

NAME = "上岔村核桃提质增效项目"
LONG_AGO = date(2021, 7, 1)


def make_project(database: Database, actor: Actor, **kw: object) -> int:
    with database.transaction(actor.audit()) as s:
        town = div.town_by_name(s, "固关镇")
        village = next(d for d in div.list_divisions(s, actor) if d.name == "上岔村")
        values: dict[str, object] = dict(
            name=NAME,
            year=2024,
            category_id=category_by_path(s, "产业发展/种植"),
            construction_type="新建",
            town_id=town.id,
            village_id=village.id,
            content="核桃园提质增效500亩",
            total_investment=Decimal("500000.00"),
            fiscal_funds=Decimal("400000.00"),
            targets=[prj.TargetInput("产出指标", "面积", "亩", "500")],
        )
        values.update(kw)
        return prj.create_project(s, actor, prj.ProjectInput(**values))  # type: ignore[arg-type]


def step(database: Database, actor: Actor, project_id: int, code: str) -> None:
    with database.transaction(actor.audit()) as s:
        version = prj.get_project(s, actor, project_id).version
        take_step(s, actor, project_id, version, code, opinion="同意", decision=decision_for(code))


def village_id(database: Database, actor: Actor, project_id: int) -> int:
    with database.read() as s:
        found = prj.get_project(s, actor, project_id).values.village_id
    assert found is not None
    return found


def publicize(
    database: Database, actor: Actor, project_id: int, level: str, division_id: int, start: date
) -> int:
    with database.transaction(actor.audit()) as s:
        row = reg.issue_notice(
            s,
            actor,
            kind="project_library_publicity",
            level=level,
            title="上岔村项目库公示",
            division_id=division_id,
            covers=[("project", project_id)],
            window_start=start,
            backdate_reason=BACKDATED,
        )
    return row.id
