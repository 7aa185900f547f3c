"""The records the library's gates ask for, added to demonstration projects that are already past
those gates: a tender for tendered projects under way, the 四议两公开 meetings (in order, with
the results published after completion) for village self-built ones, and the completion notice
for projects whose status says it was posted, and for a project taken out of the library its
approval into it and the 调整出库 with its reason (the 入库公告 lists it under 调出项目). Without
them a demo project would claim a step it could never have taken."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.notices.register import issue_notice
from fpr_desktop.projects.gates import MEETING_ORDER, SELF_BUILT, TENDER_MODES
from fpr_desktop.projects.models import Project, ProjectStep, VillageMeeting
from fpr_desktop.projects.status import ACCEPTED_OR_LATER, DONE, IN_LIBRARY_OR_LATER, Status

S = Status
STARTED = frozenset({S.IMPLEMENTING, *DONE})
RESULTS_PUBLISHED = frozenset(ACCEPTED_OR_LATER)
NOTICE_POSTED = frozenset({S.COMPLETION_NOTICE, S.HANDED_OVER})
#: why a demo project was taken out of the library (调整出库), in turn
REMOVAL_REASONS = (
    "项目选址涉及基本农田，用地无法落实，经村民代表会议决议调出项目库",
    "已由行业部门资金渠道安排实施，不再使用衔接资金，调出项目库",
    "群众意愿发生变化，经村民代表会议决议放弃实施",
    "项目建设条件不具备（配套水源未落实），调出项目库，待条件成熟后重新申报",
)
# (eligible, present, votes for) that pass each meeting's quorum and majority
FIGURES = {
    "党组织提议": (5, 5, 5),
    "两委会议商议": (9, 9, 8),
    "党员大会审议": (32, 27, 25),
    "村民代表会议决议": (41, 35, 31),
}


def add_gate_records(session: Session) -> int:
    """Complete the demo projects (those seeded with a “演示数据” step); returns how many."""
    demo_ids = select(ProjectStep.project_id).where(ProjectStep.action == "demo")
    projects = session.scalars(
        select(Project).where(Project.id.in_(demo_ids)).order_by(Project.id)
    ).all()
    touched = 0
    for p in projects:
        status = Status.parse(p.status)
        start = p.planned_start or date(p.year, 3, 1)
        changed = False
        if status in IN_LIBRARY_OR_LATER or status == S.REMOVED:
            _library_decision(session, p)
            changed = True
        if status == S.REMOVED:
            _removal(session, p, REMOVAL_REASONS[touched % len(REMOVAL_REASONS)])
        if status in STARTED and p.implementation_mode in TENDER_MODES and not p.contractor:
            p.tender_date = start - timedelta(days=15)
            p.contractor = "陇县秦川建设工程有限公司"
            p.contract_amount = p.fiscal_funds  # the funds demo pays against it
            changed = True
        if status in STARTED and p.implementation_mode == SELF_BUILT:
            _meetings(session, p, start, status in RESULTS_PUBLISHED)
            changed = True
        if status in NOTICE_POSTED and p.settled_on is not None:
            issue_notice(
                session,
                SYSTEM,
                kind="completion",
                level="village" if p.village_id else "town",
                title=f"{p.name}实施完成公告",
                division_id=p.village_id or p.town_id,
                covers=[("project", p.id)],
                window_start=p.settled_on + timedelta(days=3),
                posted_at="村务公开栏",
            )
            changed = True
        touched += changed
    session.flush()
    return touched


def _library_decision(session: Session, p: Project) -> None:
    """县级审定入库 by the county's leading group, late in the year before the project's year
    (the 入库公告 and the approval sheet print who decided and by which document)."""
    session.add(
        ProjectStep(
            project_id=p.id,
            action="county_approve",
            from_status=Status.COUNTY_APPROVAL.value,
            to_status=Status.IN_LIBRARY.value,
            username=SYSTEM.username,
            opinion="同意入库",
            decided_by="县委农村工作领导小组",
            doc_number=f"陇农领发〔{p.year - 1}〕{11 + p.year % 7}号",
            decided_on=date(p.year - 1, 12, 10),
        )
    )


def _removal(session: Session, p: Project, reason: str) -> None:
    """调整出库 in the spring of the project's year, with its reason, decided by the county."""
    session.add(
        ProjectStep(
            project_id=p.id,
            action="remove",
            from_status=Status.IN_LIBRARY.value,
            to_status=Status.REMOVED.value,
            username=SYSTEM.username,
            at=datetime(p.year, 4, 20, 2, 0, tzinfo=UTC),
            opinion=reason,
        )
    )


def _meetings(session: Session, p: Project, start: date, results: bool) -> None:
    held = start - timedelta(days=40)
    for i, kind in enumerate(MEETING_ORDER):
        eligible, present, votes = FIGURES[kind]
        day = held + timedelta(days=7 * i)
        last = kind == MEETING_ORDER[-1]
        session.add(
            VillageMeeting(
                project_id=p.id,
                meeting_type=kind,
                held_on=day,
                eligible=eligible,
                present=present,
                votes_for=votes,
                votes_against=0,
                abstentions=present - votes,
                resolution=f"同意实施{p.name}（演示数据）" if last else "",
                published_on=day + timedelta(days=2) if last else None,
                result_published_on=(
                    p.completed_on + timedelta(days=5)
                    if last and results and p.completed_on
                    else None
                ),
            )
        )
