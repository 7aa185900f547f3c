"""Project proposals: enter, edit (while a draft or returned), read, and find similar ones."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.limits import amount_problems
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import in_scope, require, require_role
from fpr_desktop.base.reference import choices
from fpr_desktop.base.versioning import check_version
from fpr_desktop.projects.models import (
    Project,
    ProjectCategory,
    ProjectFunding,
    ProjectStep,
    ProjectTarget,
    ProjectVillage,
)
from fpr_desktop.projects.status import EDITABLE, STATUS_LABELS, Status


@dataclass(frozen=True)
class TargetInput:
    kind: str
    indicator: str
    unit: str
    target_value: str


@dataclass
class ProjectInput:
    """Everything a proposal form (or an import row) carries."""

    name: str
    year: int
    category_id: int | None  # None: not given yet (a draft that still needs it)
    construction_type: str
    town_id: int
    village_id: int | None
    content: str
    total_investment: Decimal
    fiscal_funds: Decimal
    group_name: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    responsible_unit: str = ""
    responsible_person: str = ""
    implementing_unit: str = ""
    households: int = 0
    people: int = 0
    poverty_households: int = 0
    poverty_people: int = 0
    monitored_households: int = 0
    monitored_people: int = 0
    benefit_mechanism: str = ""
    implementation_mode: str = ""
    fundings: dict[str, Decimal] = field(default_factory=dict)
    targets: list[TargetInput] = field(default_factory=list)
    villages: tuple[int, ...] = ()  # further villages of the town the project covers


CHILD_FIELDS = ("fundings", "targets", "villages")
SCALAR_FIELDS = tuple(f.name for f in fields(ProjectInput) if f.name not in CHILD_FIELDS)


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    status: str
    status_label: str
    town_name: str
    village_name: str
    category_name: str
    version: int
    values: ProjectInput
    steps: tuple[tuple[str, str, str, str, Any], ...]  # (action, from, to, who, at) + opinion
    opinions: tuple[str, ...]
    completed_on: date | None
    accepted_on: date | None
    settled_on: date | None
    settled_amount: Decimal | None


def _places(session: Session, *wanted: int | None) -> dict[int, tuple[str, int | None]]:
    """(level, parent id) of every division, read once per session (re-read when an id is
    new): an import of 100,000 proposals checks each row's town and village without 200,000
    identity-map look-ups."""
    cache = session.info.get("fpr_places")
    if cache is None or any(i is not None and i not in cache for i in wanted):
        rows = session.execute(select(Division.id, Division.level, Division.parent_id))
        cache = {i: (level, parent) for i, level, parent in rows}
        session.info["fpr_places"] = cache
    return cache


def _category_ids(session: Session, wanted: int) -> set[int]:
    cache = session.info.get("fpr_category_ids")
    if cache is None or wanted not in cache:
        cache = set(session.scalars(select(ProjectCategory.id)))
        session.info["fpr_category_ids"] = cache
    return cache


def problems(session: Session, inp: ProjectInput) -> list[str]:
    """Every rule a proposal breaks, in Chinese (empty when it is fine)."""
    out: list[str] = []
    places = _places(session, inp.town_id, inp.village_id)
    if not inp.name.strip():
        out.append("项目名称不能为空。")
    if not 2000 <= inp.year <= 2100:
        out.append(f"年度“{inp.year}”不正确。")
    # category, 建设性质, content and targets may be missing in a draft (待完善, see
    # completeness.missing_items); what is given must be right
    if inp.category_id is not None and inp.category_id not in _category_ids(
        session, inp.category_id
    ):
        out.append("项目类别不存在。")
    if inp.construction_type and inp.construction_type not in choices(
        "projects", "construction_types"
    ):
        allowed = "、".join(choices("projects", "construction_types"))
        out.append(f"建设性质“{inp.construction_type}”应为：{allowed}。")
    if places.get(inp.town_id, ("", None))[0] != "town":
        out.append("所属镇不存在。")
    if inp.village_id is not None and places.get(inp.village_id, ("", None))[1] != inp.town_id:
        out.append("所属村不在所选镇内。")
    for other in inp.villages:
        if places.get(other, ("", None))[1] != inp.town_id or other == inp.village_id:
            out.append("项目覆盖的村不在所选镇内或重复。")
            break
    if inp.total_investment < 0 or inp.fiscal_funds < 0:
        out.append("金额不能为负数。")
    out += amount_problems(
        session,
        {"总投资": inp.total_investment, "申请财政资金": inp.fiscal_funds}
        | {f"资金来源“{k}”": v for k, v in inp.fundings.items()},
    )
    for label, day in (("计划开工日期", inp.planned_start), ("计划完工日期", inp.planned_end)):
        if day is not None and not inp.year - 10 <= day.year <= inp.year + 10:
            out.append(f"{label} {day.isoformat()} 与项目年度 {inp.year} 相差太远。")
    if inp.fiscal_funds > inp.total_investment:
        out.append(f"申请财政资金 {inp.fiscal_funds} 元超过总投资 {inp.total_investment} 元。")
    if inp.fundings and sum(inp.fundings.values(), Decimal(0)) != inp.fiscal_funds:
        out.append(
            f"各资金来源合计 {sum(inp.fundings.values(), Decimal(0))} 元与申请财政资金 "
            f"{inp.fiscal_funds} 元不一致。"
        )
    unknown = set(inp.fundings) - set(choices("projects", "fund_sources"))
    if unknown:
        out.append(f"未知的资金来源：{'、'.join(sorted(unknown))}。")
    if inp.planned_start and inp.planned_end and inp.planned_end < inp.planned_start:
        out.append("计划完工日期早于计划开工日期。")
    if inp.poverty_households > inp.households or inp.poverty_people > inp.people:
        out.append("受益脱贫户（人）数超过受益总户（人）数。")
    if inp.monitored_households > inp.households or inp.monitored_people > inp.people:
        out.append("受益监测户（人）数超过受益总户（人）数。")
    if inp.implementation_mode and inp.implementation_mode not in choices(
        "projects", "implementation_modes"
    ):
        out.append(f"实施方式“{inp.implementation_mode}”不正确。")
    for t in inp.targets:
        if t.kind not in choices("projects", "target_kinds") or not t.indicator.strip():
            out.append(f"绩效目标“{t.indicator}”不完整（需要指标类型、指标名称和目标值）。")
        elif not t.target_value.strip():
            out.append(f"绩效目标“{t.indicator}”缺少目标值。")
    return out


def _column_values(inp: ProjectInput) -> dict[str, Any]:
    values = {name: getattr(inp, name) for name in SCALAR_FIELDS}
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _check(session: Session, inp: ProjectInput) -> None:
    found = problems(session, inp)
    if found:
        raise ValidationError("\n".join(found))


def _replace_children(session: Session, p: Project, inp: ProjectInput) -> None:
    """Funding by source, targets and further villages are replaced as a whole (ORM deletes:
    they are audited)."""
    for model in (ProjectFunding, ProjectTarget, ProjectVillage):
        for old in session.scalars(select(model).where(model.project_id == p.id)):
            session.delete(old)
    session.flush()
    for source, amount in inp.fundings.items():
        session.add(ProjectFunding(project_id=p.id, source=source, amount=amount))
    for village_id in inp.villages:
        session.add(ProjectVillage(project_id=p.id, village_id=village_id))
    for t in inp.targets:
        session.add(
            ProjectTarget(
                project_id=p.id,
                kind=t.kind,
                indicator=t.indicator.strip(),
                unit=t.unit.strip(),
                target_value=t.target_value.strip(),
            )
        )
    session.flush()


def create_project(session: Session, actor: Actor, inp: ProjectInput) -> int:
    """A new proposal (村级申报); returns its id."""
    require(session, actor, "projects.edit", inp.village_id or inp.town_id)
    _check(session, inp)
    p = Project(status=Status.DRAFT.value, proposer_id=actor.user_id, **_column_values(inp))
    session.add(p)
    session.flush()
    _replace_children(session, p, inp)
    return p.id


def update_project(
    session: Session, actor: Actor, project_id: int, expected_version: int, inp: ProjectInput
) -> None:
    """Edit a proposal while it is a draft or has been returned for changes."""
    p = _get(session, actor, project_id)
    require(session, actor, "projects.edit", p.village_id or p.town_id)
    require(session, actor, "projects.edit", inp.village_id or inp.town_id)
    check_version(p, expected_version)
    if p.status not in EDITABLE:
        raise ValidationError(
            f"项目当前为“{STATUS_LABELS[p.status]}”，只有村级申报或退回修改的项目可以修改。"
        )
    _check(session, inp)
    for name, value in _column_values(inp).items():
        setattr(p, name, value)
    session.flush()
    _replace_children(session, p, inp)


def _get(session: Session, actor: Actor, project_id: int) -> Project:
    p = session.get(Project, project_id)
    if p is None or not in_scope(session, actor, p.town_id):
        raise NotFound("该项目不存在。")
    return p


def _name(session: Session, division_id: int | None) -> str:
    if division_id is None:
        return ""
    return session.scalar(select(Division.name).where(Division.id == division_id)) or ""


def get_project(session: Session, actor: Actor, project_id: int) -> ProjectDetail:
    require_role(actor, "read")
    p = _get(session, actor, project_id)
    values = ProjectInput(
        **{name: getattr(p, name) for name in SCALAR_FIELDS},
        fundings={
            f.source: f.amount
            for f in session.scalars(
                select(ProjectFunding)
                .where(ProjectFunding.project_id == p.id)
                .order_by(ProjectFunding.id)
            )
        },
        targets=[
            TargetInput(t.kind, t.indicator, t.unit, t.target_value)
            for t in session.scalars(
                select(ProjectTarget)
                .where(ProjectTarget.project_id == p.id)
                .order_by(ProjectTarget.id)
            )
        ],
        villages=tuple(
            session.scalars(
                select(ProjectVillage.village_id)
                .where(ProjectVillage.project_id == p.id)
                .order_by(ProjectVillage.id)
            )
        ),
    )
    steps = list(
        session.scalars(
            select(ProjectStep).where(ProjectStep.project_id == p.id).order_by(ProjectStep.id)
        )
    )
    return ProjectDetail(
        p.id,
        p.status,
        STATUS_LABELS[p.status],
        _name(session, p.town_id),
        _name(session, p.village_id),
        session.scalar(select(ProjectCategory.name).where(ProjectCategory.id == p.category_id))
        or "",
        p.version,
        values,
        tuple((s.action, s.from_status, s.to_status, s.username, s.at) for s in steps),
        tuple(s.opinion for s in steps),
        p.completed_on,
        p.accepted_on,
        p.settled_on,
        p.settled_amount,
    )


def similar_projects(
    session: Session,
    village_id: int | None,
    year: int,
    name: str,
    *,
    exclude_id: int | None = None,
    threshold: float = 0.75,
) -> list[tuple[int, int, str]]:
    """(id, year, name) of projects of the same village, this or last year, with a similar name."""
    if village_id is None:
        return []
    stmt = select(Project.id, Project.year, Project.name).where(
        Project.village_id == village_id, Project.year.in_((year, year - 1))
    )
    if exclude_id is not None:
        stmt = stmt.where(Project.id != exclude_id)
    wanted = "".join(name.split())
    out = []
    for pid, pyear, pname in session.execute(stmt):
        other = "".join(pname.split())
        ratio = difflib.SequenceMatcher(None, wanted, other).ratio()
        if ratio >= threshold or (len(wanted) >= 4 and (wanted in other or other in wanted)):
            out.append((pid, pyear, pname))
    return out
