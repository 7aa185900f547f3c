"""Which projects a notice covers, and where it is posted: the selection rules by kind and level.

项目库公示 takes the projects in the village / town publicity stage (or awaiting county approval
at county level), 项目库公告 the library projects of a year, 年度计划公告 the year's plan,
实施前公示 the projects in pre-publicity, 实施完成公告 the settled ones, 验收结果公示 the
accepted ones. Hand-picked projects (the project library tab) are taken as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, UserError, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import in_scope, require_role
from fpr_desktop.base.registry import NOTICE_KINDS_NOT_LANDED, notice_builder, notice_hook
from fpr_desktop.documents import NoticeKind
from fpr_desktop.notices.register import KIND_LABELS
from fpr_desktop.projects.models import Project, ProjectStep
from fpr_desktop.projects.records import plan_rows
from fpr_desktop.projects.status import (
    IN_LIBRARY_OR_LATER,
    OUT_OF_PLAN,
    STATUS_LABELS,
    Status,
)

K = NoticeKind
PROJECT_KINDS = (
    K.PROJECT_LIBRARY_PUBLICITY,
    K.PROJECT_LIBRARY_ANNOUNCEMENT,
    K.ANNUAL_PLAN,
    K.PRE_IMPLEMENTATION,
    K.COMPLETION,
    K.ACCEPTANCE,
)
#: Kinds whose module has not landed yet: what the user is told.
NOT_LANDED = NOTICE_KINDS_NOT_LANDED  # kinds whose module has not landed yet
PUBLICITY_STATUS: dict[str, tuple[Status, ...]] = {
    "village": (Status.VILLAGE_PUBLICITY,),
    "town": (Status.TOWN_PUBLICITY,),
    "county": (Status.COUNTY_APPROVAL,),
}
KIND_STATUSES: dict[str, tuple[Status, ...]] = {
    K.PROJECT_LIBRARY_ANNOUNCEMENT: IN_LIBRARY_OR_LATER,
    K.PRE_IMPLEMENTATION: (Status.PRE_PUBLICITY,),
    K.COMPLETION: (Status.SETTLED, Status.COMPLETION_NOTICE),
    K.ACCEPTANCE: (Status.ACCEPTED,),
    K.ASSET_HANDOVER: (
        Status.ACCEPTED,
        Status.SETTLED,
        Status.COMPLETION_NOTICE,
        Status.HANDED_OVER,
    ),
}
#: What the village meeting / town / county did before a library publicity at that level.
PROCEDURE = {
    "village": "村民代表大会民主评议",
    "town": "村民代表大会民主评议和乡镇审核",
    "county": "村民代表大会民主评议、乡镇审核和县级行业主管部门论证",
}


class ModuleNotLanded(UserError):
    """The notice kind belongs to a module that is not built yet."""


class NothingToNotice(UserError):
    """No project matches: nothing is built, written or registered."""


@dataclass(frozen=True)
class NoticeRequest:
    """What to build. Without `project_ids` the projects are chosen by kind, year and place."""

    kind: str
    year: int | None = None
    town_id: int | None = None
    village_id: int | None = None
    project_ids: tuple[int, ...] = ()
    level: str | None = None  # None: village / town / county from the place or the projects
    division_id: int | None = None  # None: the division of that level
    window_start: date | None = None  # None: today
    window_end: date | None = None  # None: from the settings (a registered notice keeps its own)
    issued_on: date | None = None  # None: the window start
    doc_number: str = ""  # 文号 printed under a county notice's title, e.g. 陇乡振发〔2026〕12号


def check_kind(kind: str) -> NoticeKind:
    """The NoticeKind, or a Chinese refusal for an unknown kind or a module not built yet."""
    try:
        k = NoticeKind(kind)
    except ValueError:
        raise ValidationError(f"未知的公告类型“{kind}”。") from None
    if k in NOT_LANDED:
        raise ModuleNotLanded(NOT_LANDED[k])
    built_here = k in PROJECT_KINDS or notice_hook(k, "covers") is not None
    if not built_here and notice_builder(k) is None:  # its module builds it elsewhere
        raise ValidationError(f"{KIND_LABELS[k]}不由项目库生成，请在其所属模块中生成。")
    return k


def _division(session: Session, division_id: int, level: str) -> Division:
    d = session.get(Division, division_id)
    if d is None or d.level != level:
        raise NotFound(f"所选{ {'town': '镇', 'village': '村'}.get(level, '区划') }不存在。")
    return d


def county_division(session: Session) -> Division:
    d = session.scalar(
        select(Division).where(Division.level == "county").order_by(Division.id).limit(1)
    )
    if d is None:
        raise NotFound("尚未设置县级区划，请先在 系统管理 → 行政区划 中导入。")
    return d


def wanted_statuses(kind: str, level: str) -> tuple[str, ...]:
    if kind == K.PROJECT_LIBRARY_PUBLICITY:
        return PUBLICITY_STATUS.get(level, PUBLICITY_STATUS["county"])
    return KIND_STATUSES.get(kind, ())


def matching_projects(
    session: Session,
    actor: Actor,
    kind: str,
    year: int,
    *,
    level: str = "county",
    town_id: int | None = None,
    village_id: int | None = None,
) -> list[Project]:
    """The projects a notice of `kind` for this year and place covers, in id order."""
    check_kind(kind)
    require_role(actor, "read")
    if kind == K.ANNUAL_PLAN:
        found = [p for p, _ in plan_rows(session, year) if p.status not in OUT_OF_PLAN]
    elif (covers := notice_hook(kind, "covers")) is not None:  # e.g. the fund ledger's projects
        found = covers(session, year)
    else:
        stmt = select(Project).where(
            Project.year == year, Project.status.in_(wanted_statuses(kind, level))
        )
        stmt = _in_place(stmt, actor, town_id, village_id)
        found = list(session.scalars(stmt.order_by(Project.id)))
    return [
        p
        for p in found
        if (town_id is None or p.town_id == town_id)
        and (village_id is None or p.village_id == village_id)
        and in_scope(session, actor, p.town_id)
    ]


def _in_place[S: Select[*tuple[Any, ...]]](
    stmt: S, actor: Actor, town_id: int | None, village_id: int | None
) -> S:
    """Projects in the actor's town (a town clerk), the notice's town and village."""
    for column, value in (
        (Project.town_id, actor.scope_town_id),
        (Project.town_id, town_id),
        (Project.village_id, village_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


#: the steps that take a project out of the library (调出), as the 入库公告 names them
LIBRARY_EXITS = {"remove": "调整出库", "terminate": "终止实施"}


def left_library(
    session: Session,
    actor: Actor,
    year: int,
    *,
    town_id: int | None = None,
    village_id: int | None = None,
) -> list[Project]:
    """The projects of `year` taken out of the library (调出): 调整出库, or 终止 once they had
    entered it (a proposal stopped during review never was in it), in id order, in scope."""
    require_role(actor, "read")
    left = exists().where(
        ProjectStep.project_id == Project.id,
        ProjectStep.action.in_(list(LIBRARY_EXITS)),
        ProjectStep.to_status == Project.status,
        ProjectStep.from_status.in_(list(IN_LIBRARY_OR_LATER)),
    )
    stmt = select(Project).where(Project.year == year, Project.status.in_(OUT_OF_PLAN), left)
    stmt = _in_place(stmt, actor, town_id, village_id)
    return [
        p for p in session.scalars(stmt.order_by(Project.id)) if in_scope(session, actor, p.town_id)
    ]


def split_left(kind: str, projects: Sequence[Project]) -> tuple[list[Project], list[Project]]:
    """(listed, taken out): a 入库公告 lists the projects taken out of the library apart."""
    if kind != K.PROJECT_LIBRARY_ANNOUNCEMENT:
        return list(projects), []
    return (
        [p for p in projects if p.status not in OUT_OF_PLAN],
        [p for p in projects if p.status in OUT_OF_PLAN],
    )


def _explicit(session: Session, actor: Actor, ids: Sequence[int]) -> list[Project]:
    require_role(actor, "read")
    found = {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(list(ids))))}
    missing = [i for i in ids if i not in found or not in_scope(session, actor, found[i].town_id)]
    if missing:
        raise NotFound(f"所选项目中有 {len(missing)} 个不存在或不在您的数据范围内。")
    return [found[i] for i in sorted(set(ids))]


def _common(values: Sequence[int | None]) -> int | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def infer_level(kind: str, projects: Sequence[Project]) -> str:
    """Where a notice for hand-picked projects is posted (the project library tab's choice)."""
    village = _common([p.village_id for p in projects])
    town = _common([p.town_id for p in projects])
    statuses = {p.status for p in projects}
    if kind == K.PROJECT_LIBRARY_PUBLICITY:
        if statuses == {Status.VILLAGE_PUBLICITY} and village is not None:
            return "village"
        if statuses == {Status.TOWN_PUBLICITY} and town is not None:
            return "town"
        return "county"
    if kind == K.PRE_IMPLEMENTATION and town is not None:
        return "village" if village is not None else "town"
    return "county"


def status_mismatches(kind: str, projects: Sequence[Project], level: str) -> list[str]:
    """“项目名（状态）” of hand-picked projects whose status does not fit the kind (a warning)."""
    if kind == K.ANNUAL_PLAN:
        return [
            f"{p.name}（{STATUS_LABELS[p.status]}）" for p in projects if p.status in OUT_OF_PLAN
        ]
    if kind == K.FUND_ALLOCATION:
        return []  # any stage may receive money; projects without any are left out
    wanted = wanted_statuses(kind, level)
    if kind == K.PROJECT_LIBRARY_ANNOUNCEMENT:  # taken out ones are listed apart (调出项目)
        wanted = (*wanted, *OUT_OF_PLAN)
    if kind == K.PROJECT_LIBRARY_PUBLICITY:
        wanted = tuple(s for v in PUBLICITY_STATUS.values() for s in v)
    return [f"{p.name}（{STATUS_LABELS[p.status]}）" for p in projects if p.status not in wanted]


def _place_text(session: Session, town_id: int | None, village_id: int | None) -> str:
    names = [session.get(Division, i) for i in (town_id, village_id) if i is not None]
    return "".join(d.name for d in names if d is not None) or "全县"


def _nothing(session: Session, kind: str, year: int, level: str, req: NoticeRequest) -> str:
    where = _place_text(session, req.town_id, req.village_id)
    label = KIND_LABELS[kind]
    if kind == K.ANNUAL_PLAN:
        where = "" if where == "全县" else f"{where}的"
        return f"{year}年度计划中还没有{where}项目，未生成{label}。"
    if kind == K.FUND_ALLOCATION:
        return f"{year}年度的衔接资金还没有分配到{where}的项目，未生成{label}。"
    states = "、".join(STATUS_LABELS[s] for s in wanted_statuses(kind, level))
    return f"{where}没有{year}年度处于“{states}”的项目，未生成{label}。"


def resolve(
    session: Session, actor: Actor, req: NoticeRequest
) -> tuple[NoticeKind, str, Division, int, list[Project]]:
    """(kind, level, division, year, projects) of a request; NothingToNotice if none match."""
    kind = check_kind(req.kind)
    if req.village_id is not None:
        village = _division(session, req.village_id, "village")
        if req.town_id is not None and village.parent_id != req.town_id:
            raise ValidationError("所选村不在所选镇内。")
        req = replace(req, town_id=village.parent_id)
    if req.town_id is not None:
        _division(session, req.town_id, "town")
        if not in_scope(session, actor, req.town_id):
            raise NotFound("所选镇不在您的数据范围内。")
    if req.project_ids:
        projects = _explicit(session, actor, req.project_ids)
        level = req.level or infer_level(kind, projects)
        year = req.year or max(p.year for p in projects)
    else:
        if req.year is None:
            raise ValidationError("请指定年度。")
        year = req.year
        level = req.level or ("village" if req.village_id else "town" if req.town_id else "county")
        projects = matching_projects(
            session,
            actor,
            kind,
            year,
            level=level,
            town_id=req.town_id,
            village_id=req.village_id,
        )
        if not projects:
            raise NothingToNotice(_nothing(session, kind, year, level, req))
        if kind == K.PROJECT_LIBRARY_ANNOUNCEMENT:  # listed apart as 调出项目
            projects += left_library(
                session, actor, year, town_id=req.town_id, village_id=req.village_id
            )
    if req.division_id is not None:
        division = session.get(Division, req.division_id)
        if division is None:
            raise NotFound("公示所在区划不存在。")
    elif level == "village":
        village_id = req.village_id or _common([p.village_id for p in projects])
        if village_id is None:
            raise ValidationError("村级公示的项目必须属于同一个村。")
        division = _division(session, village_id, "village")
    elif level == "town":
        town_id = req.town_id or _common([p.town_id for p in projects])
        if town_id is None:
            raise ValidationError("镇级公示的项目必须属于同一个镇。")
        division = _division(session, town_id, "town")
    else:
        division = county_division(session)
    return kind, level, division, year, projects


def possible_levels(session: Session, actor: Actor, project_ids: Sequence[int]) -> list[str]:
    """Where a notice for these projects may be posted: county always; the town or the village
    when they all lie in one."""
    projects = _explicit(session, actor, project_ids)
    levels = ["county"]
    if _common([p.town_id for p in projects]) is not None:
        levels.append("town")
    if _common([p.village_id for p in projects]) is not None:
        levels.append("village")
    return levels


def selection_warnings(
    session: Session, actor: Actor, kind: str, project_ids: Sequence[int], level: str
) -> list[str]:
    """“项目名（状态）” of hand-picked projects whose status does not fit the kind."""
    return status_mismatches(kind, _explicit(session, actor, project_ids), level)
