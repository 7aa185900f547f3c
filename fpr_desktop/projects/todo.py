"""The project library's to-dos for 首页 → 待我办理 (declared as `Module.deadlines`).

For the logged-in user's role and towns: the projects awaiting a step they may take, the
publicities still to be generated and registered after a step that needs one, the acceptance
due after completion, notices whose window ends within a week and notices with an objection
nobody has answered. Also which notice a step calls for (`NOTICE_AFTER_STEP`), so that the
screens can offer to generate it at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import can
from fpr_desktop.base.registry import DeadlineItem
from fpr_desktop.notices.models import Notice, NoticeItem, Objection
from fpr_desktop.projects.flow import LIBRARY_PUBLICITY, STEPS, AcceptanceRule
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.status import FINAL, Status

#: At most this many projects are listed (the oldest first); the list is a reminder, not a report.
MAX_PROJECTS = 300
#: Windows ending within this many days are listed.
ENDING_WITHIN_DAYS = 7
SIDE_EXITS = frozenset({"return", "remove", "terminate"})


@dataclass(frozen=True)
class NoticeCall:
    """The notice a step calls for: its kind, and the level (None: from the project's place)."""

    kind: str
    level: str | None
    label: str


#: step code → the publicity the following step waits for (generate and register it right away)
NOTICE_AFTER_STEP: dict[str, NoticeCall] = {
    "submit": NoticeCall(LIBRARY_PUBLICITY, "village", "村级公示"),
    "town_approve": NoticeCall(LIBRARY_PUBLICITY, "town", "乡镇公示"),
    "pre_publicize": NoticeCall("pre_implementation", None, "实施前公示"),
    "announce": NoticeCall("completion", None, "实施完成公告"),
}
#: a publicity status → the step that put the project there (whose notice it waits for)
_PUBLICITY_STEP = {
    Status.VILLAGE_PUBLICITY: "submit",
    Status.TOWN_PUBLICITY: "town_approve",
    Status.PRE_PUBLICITY: "pre_publicize",
}


def may_take(actor: Actor, code: str) -> bool:
    """Whether `code` is the actor's to take: a county step for a county-wide user, a town step
    for a town's user (their towns are applied by the query). A county user may also take a
    town's step from the project list, but it is not put on their list of to-dos."""
    step = STEPS[code]
    if step.county != (actor.scope_town_id is None):
        return False
    if step.county:
        return can(actor, "projects.county_review") and actor.scope_town_id is None
    return can(actor, "projects.edit")


def forward_step(status: Status) -> str | None:
    """The step that moves a project in `status` on (side exits aside)."""
    return next(
        (s.code for s in STEPS.values() if status in s.sources and s.code not in SIDE_EXITS),
        None,
    )


@dataclass(frozen=True)
class _Window:
    kind: str
    level: str
    end: date
    objection: bool


def _windows(session: Session, ids: list[int]) -> dict[int, list[_Window]]:
    """The registered (not withdrawn) notices covering each project."""
    if not ids:
        return {}
    open_objection = exists().where(
        and_(Objection.notice_id == Notice.id, Objection.resolved.is_(False))
    )
    rows = session.execute(
        select(NoticeItem.record_id, Notice.kind, Notice.level, Notice.window_end, open_objection)
        .join(Notice, Notice.id == NoticeItem.notice_id)
        .where(
            NoticeItem.record_type == "project",
            NoticeItem.record_id.in_(ids),
            Notice.withdrawn.is_(False),
        )
    )
    out: dict[int, list[_Window]] = defaultdict(list)
    for pid, kind, level, end, objection in rows:
        out[pid].append(_Window(kind, level, end, bool(objection)))
    return out


def _places(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    found = session.execute(select(Division.id, Division.name).where(Division.id.in_(ids)))
    return {row.id: row.name for row in found}


def project_items(session: Session, actor: Actor, today: date | None = None) -> list[DeadlineItem]:
    """Projects awaiting the actor: a step they may take, or a notice they should register."""
    day = today or date.today()
    statuses: set[Status] = set()
    for status in Status:
        if status in FINAL:
            continue
        code = forward_step(status)
        before = _PUBLICITY_STEP.get(status)
        if (code and may_take(actor, code)) or (before and may_take(actor, before)):
            statuses.add(status)
    if not statuses or not can(actor, "read"):
        return []
    stmt = select(Project).where(Project.status.in_([s.value for s in statuses]))
    if actor.scope_town_id is not None:
        stmt = stmt.where(Project.town_id == actor.scope_town_id)
    # the ones with a deadline (acceptance after completion) before the cap can cut them off
    urgent = case((Project.status == Status.COMPLETED.value, 0), else_=1)
    projects = list(session.scalars(stmt.order_by(urgent, Project.id).limit(MAX_PROJECTS)))
    windows = _windows(session, [p.id for p in projects])
    places = _places(session, {i for p in projects for i in (p.town_id, p.village_id) if i})
    rule: AcceptanceRule | None = None
    out: list[DeadlineItem] = []
    for p in projects:
        status = Status.parse(p.status)
        place = "".join(places.get(i, "") for i in (p.town_id, p.village_id) if i)
        item = _project_item(actor, p, status, windows.get(p.id, []), day)
        if item is None:
            continue
        what, due, overdue = item
        if status is Status.COMPLETED and p.completed_on is not None:
            rule = rule or AcceptanceRule.load(session)
            due = rule.deadline(p.completed_on).day
            overdue = rule.overdue(p, day)
        out.append(DeadlineItem(what, p.name, "projects", "project", p.id, due, place, overdue))
    return out


def _project_item(
    actor: Actor, p: Project, status: Status, windows: list[_Window], day: date
) -> tuple[str, date | None, bool] | None:
    code = forward_step(status)
    before = _PUBLICITY_STEP.get(status)
    if before is None:
        return (f"待{STEPS[code].label}", None, False) if code and may_take(actor, code) else None
    call = NOTICE_AFTER_STEP[before]
    mine = [
        w for w in windows if w.kind == call.kind and (call.level is None or w.level == call.level)
    ]
    if not mine:
        if may_take(actor, before) and can(actor, "notices.edit"):
            return (f"待生成并登记{call.label}", None, False)
        return None
    if any(w.objection for w in mine):
        return None  # listed with its notice (异议待处理)
    ended = [w for w in mine if w.end < day]
    if ended and code and may_take(actor, code):
        return (f"{call.label}已期满，待{STEPS[code].label}", None, False)
    return None  # still running: listed with its notice when it ends this week


def notice_items(session: Session, actor: Actor, today: date | None = None) -> list[DeadlineItem]:
    """Notices in the actor's towns whose window ends within a week, or with an open objection."""
    if not can(actor, "notices.edit"):
        return []
    day = today or date.today()
    open_objection = exists().where(
        and_(Objection.notice_id == Notice.id, Objection.resolved.is_(False))
    )
    ending = and_(
        Notice.window_end >= day, Notice.window_end <= day + timedelta(ENDING_WITHIN_DAYS)
    )
    stmt = select(Notice, open_objection.label("objection")).where(
        Notice.withdrawn.is_(False), ending | open_objection
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Notice.town_id == actor.scope_town_id)
    out = []
    rows = list(session.execute(stmt.order_by(Notice.window_end, Notice.id).limit(MAX_PROJECTS)))
    places = _places(session, {n.division_id for n, _o in rows})
    for n, objection in rows:
        what = "异议待处理" if objection else f"公示期 {n.window_end:%m-%d} 结束"
        due = None if objection else n.window_end
        place = places.get(n.division_id, "")
        out.append(DeadlineItem(what, n.title, "projects", "notice", n.id, due, place))
    return out


def todo_items(session: Session, actor: Actor) -> list[DeadlineItem]:
    """The project library's entries of 待我办理 (registered in projects/registration.py)."""
    return project_items(session, actor) + notice_items(session, actor)
