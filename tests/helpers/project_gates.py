"""What the library's gates ask of tests that walk projects through steps: a complete decision
record for review/approval steps, and the reason for a back-dated publicity start."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fpr_desktop.notices import register as reg
from fpr_desktop.projects import flow
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.models import Project

#: a paper notice posted earlier and registered now (tests use past windows that have ended)
BACKDATED = "纸质公示已按期张贴，补登"
#: 列入年度计划 by the county's leading group
PLAN_DECISION = flow.Decision("县委农村工作领导小组", "陇农领发〔2022〕3号", date(2022, 3, 1))


def decision_for(code: str) -> flow.Decision | None:
    """A complete decision record for a review or approval step (None for other steps)."""
    body = flow.STEPS[code].decided_by
    return flow.Decision(body, "陇农领发〔2022〕3号", date(2022, 3, 1)) if body else None


LONG_AGO = date(2021, 7, 1)


def project_input(place, **kw) -> prj.ProjectInput:  # type: ignore[no-untyped-def]
    town, village, category = place
    values = dict(
        name="上岔村核桃提质增效项目",
        year=2022,
        category_id=category,
        construction_type="新建",
        town_id=town.id,
        village_id=village.id,
        content="核桃园提质增效500亩",
        total_investment=Decimal("500000.00"),
        fiscal_funds=Decimal("450000.00"),
        fundings={"中央衔接资金": Decimal("300000.00"), "省级衔接资金": Decimal("150000.00")},
        targets=[prj.TargetInput("产出指标", "提质增效面积", "亩", "500")],
        households=120,
        people=410,
        poverty_households=35,
        poverty_people=110,
        implementation_mode="公开招标",
    )
    values.update(kw)
    return prj.ProjectInput(**values)


class Driver:
    """Takes steps as a given user, always with the project's current version."""

    def __init__(self, database, project_id: int) -> None:  # type: ignore[no-untyped-def]
        self.db = database
        self.id = project_id

    def version(self) -> int:
        with self.db.read() as s:
            return s.get(Project, self.id).version

    def step(self, actor, code: str, **kw) -> str:  # type: ignore[no-untyped-def]
        kw.setdefault("decision", decision_for(code))
        with self.db.transaction(actor.audit()) as s:
            return flow.take_step(s, actor, self.id, self.version(), code, **kw)

    def publicize(self, actor, kind: str, level: str, division_id: int, start: date) -> int:  # type: ignore[no-untyped-def]
        with self.db.transaction(actor.audit()) as s:
            return reg.issue_notice(
                s,
                actor,
                kind=kind,
                level=level,
                title="公示",
                division_id=division_id,
                covers=[("project", self.id)],
                window_start=start,
                backdate_reason=BACKDATED,
            ).id


def new_project(database, actor, place, **kw) -> Driver:  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s:
        return Driver(database, prj.create_project(s, actor, project_input(place, **kw)))


def reason_of(database, actor, pid: int, code: str) -> str:  # type: ignore[no-untyped-def]
    with database.read() as s:
        options = {o.code: o for o in flow.step_options(s, actor, pid)}
    return options[code].reason


def set_status(database, admin, pid: int, status: str, **values) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        p = s.get(Project, pid)
        p.status = status
        for k, v in values.items():
            setattr(p, k, v)
