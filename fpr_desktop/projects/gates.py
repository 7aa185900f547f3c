"""The gates of the life cycle that look at records rather than at the status: publicity of the
current round, tender, 四议两公开, acceptance, settlement, completion notice, adjustments.

Each gate returns '' when open, or the Chinese reason why not — the same sentence the 办理 menu
shows on the disabled step and the service raises when the step is taken anyway.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.notices.models import Notice, NoticeItem, Objection
from fpr_desktop.projects.models import (
    Acceptance,
    Project,
    ProjectAdjustment,
    ProjectStep,
    VillageMeeting,
)

LIBRARY_PUBLICITY = "project_library_publicity"
TENDER_MODES = frozenset({"公开招标", "政府采购"})
SELF_BUILT = "村级自建"
MEETING_ORDER = ("党组织提议", "两委会议商议", "党员大会审议", "村民代表会议决议")


@dataclass(frozen=True)
class Gate:
    """The publicity a step waits for: notices of these kinds/levels covering the project,
    registered after the latest of the `since` steps (a resubmitted project is publicised
    again: the notice of an earlier round no longer counts)."""

    kinds: tuple[str, ...]
    levels: tuple[str, ...] | None = None
    label: str = ""
    since: tuple[str, ...] = ("submit",)


def round_start(session: Session, project_id: int, actions: tuple[str, ...]) -> datetime | None:
    """When the latest of `actions` was taken on the project (None: never)."""
    return session.scalar(
        select(ProjectStep.at)
        .where(ProjectStep.project_id == project_id, ProjectStep.action.in_(actions))
        .order_by(ProjectStep.at.desc(), ProjectStep.id.desc())
        .limit(1)
    )


def publicity_problem(
    session: Session,
    project_id: int,
    *,
    kinds: tuple[str, ...],
    levels: tuple[str, ...] | None,
    label: str,
    doing: str,
    since: datetime | None,
    today: date | None = None,
) -> str:
    """'' when a notice of this round covering the project has ended with no open objection;
    else what is missing: no notice yet / the window ends on D / objection N is open."""
    day = today or date.today()
    stmt = (
        select(Notice)
        .join(NoticeItem, NoticeItem.notice_id == Notice.id)
        .where(
            NoticeItem.record_type == "project",
            NoticeItem.record_id == project_id,
            Notice.withdrawn.is_(False),
            Notice.kind.in_(kinds),
        )
        .order_by(Notice.window_end.desc(), Notice.id.desc())
    )
    if levels is not None:
        stmt = stmt.where(Notice.level.in_(levels))
    every = list(session.scalars(stmt))
    notices = [n for n in every if since is None or n.created_at >= since]
    if not notices:
        again = f"（此前登记的公示 #{every[0].id} 早于本轮提交或调整，须重新公示）" if every else ""
        return f"尚未登记“{label}”{again}，暂不能{doing}。请先生成并登记{label}。"
    open_by_notice: dict[int, list[Objection]] = {}
    for o in session.scalars(
        select(Objection)
        .where(Objection.notice_id.in_([n.id for n in notices]), Objection.resolved.is_(False))
        .order_by(Objection.id)
    ):
        open_by_notice.setdefault(o.notice_id, []).append(o)
    for n in notices:
        if n.window_end < day and not open_by_notice.get(n.id):
            return ""
    for n in notices:
        if open_by_notice.get(n.id):
            o = open_by_notice[n.id][0]
            return (
                f"“{label}”有未处理的异议（异议 #{o.id}，{o.received_on:%Y-%m-%d} 收到），"
                f"处理完毕后才能{doing}。"
            )
    latest = max(n.window_end for n in notices)
    return f"“{label}”公示期至 {latest:%Y-%m-%d} 结束，期满后才能{doing}。"


def tender_problem(p: Project) -> str:
    """公开招标/政府采购: the tender record (date, winner, price) comes before 开工."""
    if p.implementation_mode not in TENDER_MODES:
        return ""
    missing = [
        label
        for label, value in (
            ("招标日期", p.tender_date),
            ("中标单位", p.contractor),
            ("合同金额", p.contract_amount),
        )
        if not value
    ]
    if missing:
        return (
            f"{p.implementation_mode}项目须先登记招标（采购）结果"
            f"（缺少{'、'.join(missing)}），才能开工实施。"
        )
    return ""


def meeting_problem(m: VillageMeeting) -> str:
    """What is wrong with a meeting's numbers under the quorum and majority rules ('' if none)."""
    if m.present > m.eligible:
        return f"{m.meeting_type}到会人数 {m.present} 超过应到人数 {m.eligible}。"
    if m.votes_for + m.votes_against + m.abstentions > m.present:
        return f"{m.meeting_type}表决票数合计超过到会人数 {m.present}。"
    if m.meeting_type == "党员大会审议":
        if m.present * 3 < m.eligible * 2:
            return f"党员大会到会 {m.present} 人，不足应到 {m.eligible} 人的三分之二。"
        if m.votes_for * 2 <= m.eligible:
            return f"党员大会赞成 {m.votes_for} 票，未超过全体党员 {m.eligible} 人的半数。"
    if m.meeting_type == "村民代表会议决议":
        if m.present * 3 < m.eligible * 2:
            return f"村民代表会议到会 {m.present} 人，不足应到 {m.eligible} 人的三分之二。"
        if m.votes_for * 2 <= m.present:
            return f"村民代表会议赞成 {m.votes_for} 票，未超过到会 {m.present} 人的半数。"
    return ""


def _meetings(session: Session, project_id: int) -> dict[str, VillageMeeting]:
    return {
        m.meeting_type: m
        for m in session.scalars(
            select(VillageMeeting).where(VillageMeeting.project_id == project_id)
        )
    }


def village_procedure_problem(session: Session, project_id: int) -> str:
    """A self-built project starts only after the four meetings, held in this order, passed
    and the resolution was published (“四议” and the first “公开”)."""
    meetings = _meetings(session, project_id)
    missing = [t for t in MEETING_ORDER if t not in meetings]
    if missing:
        return f"村级自建项目尚未完成“四议”：缺少{'、'.join(missing)}记录。"
    for t in MEETING_ORDER:
        problem = meeting_problem(meetings[t])
        if problem:
            return problem
    for before, after in itertools.pairwise(MEETING_ORDER):
        if meetings[after].held_on < meetings[before].held_on:
            return (
                f"“四议”须依次进行：{after}（{meetings[after].held_on:%Y-%m-%d}）"
                f"早于{before}（{meetings[before].held_on:%Y-%m-%d}）。"
            )
    resolution = meetings["村民代表会议决议"]
    if resolution.published_on is None:
        return "村民代表会议决议尚未公开（“两公开”之决议公开）。"
    if resolution.published_on < resolution.held_on:
        return "决议公开日期早于村民代表会议日期。"
    return ""


def result_publicity_problem(session: Session, p: Project) -> str:
    """A self-built project publishes its results (实施结果公开, the second “公开”) after
    completion, before it is settled."""
    if p.implementation_mode != SELF_BUILT:
        return ""
    resolution = _meetings(session, p.id).get("村民代表会议决议")
    published = resolution.result_published_on if resolution is not None else None
    if published is None:
        return "村级自建项目尚未登记实施结果公开（“两公开”之结果公开），不能报账结算。"
    if p.completed_on is not None and published < p.completed_on:
        return (
            f"实施结果公开日期 {published:%Y-%m-%d} 早于竣工日期 {p.completed_on:%Y-%m-%d}，"
            "结果应在竣工后公开。"
        )
    return ""


def final_acceptance(session: Session, project_id: int) -> Acceptance | None:
    """The latest passed 终验 of the project (None: none yet)."""
    return session.scalar(
        select(Acceptance)
        .where(
            Acceptance.project_id == project_id,
            Acceptance.stage == "终验",
            Acceptance.passed,
        )
        .order_by(Acceptance.held_on.desc(), Acceptance.id.desc())
        .limit(1)
    )


def acceptance_problem(session: Session, project_id: int) -> str:
    if final_acceptance(session, project_id) is None:
        return "尚未登记通过的终验记录，不能确认验收。请先在“登记实施记录 → 验收”中登记终验。"
    return ""


def completion_notice_problem(session: Session, project_id: int) -> str:
    """发布实施完成公告 records that the notice was posted: it must be registered first."""
    found = session.scalar(
        select(Notice.id)
        .join(NoticeItem, NoticeItem.notice_id == Notice.id)
        .where(
            NoticeItem.record_type == "project",
            NoticeItem.record_id == project_id,
            Notice.kind == "completion",
            Notice.withdrawn.is_(False),
        )
        .limit(1)
    )
    if found is None:
        return "尚未登记实施完成公告。请先在“公告公示”中生成并登记该项目的实施完成公告。"
    return ""


def adjustment_problem(session: Session, project_id: int, doing: str) -> str:
    """A pending adjustment holds the project; an approved one is publicised again first."""
    latest = session.scalar(
        select(ProjectAdjustment)
        .where(ProjectAdjustment.project_id == project_id)
        .order_by(ProjectAdjustment.id.desc())
        .limit(1)
    )
    if latest is None:
        return ""
    if latest.state == "pending":
        return f"项目调整（#{latest.id}）待县级审定，审定并重新公示后才能{doing}。"
    if latest.state == "approved":
        return publicity_problem(
            session,
            project_id,
            kinds=(LIBRARY_PUBLICITY,),
            levels=None,
            label="调整后的项目库公示",
            doing=doing,
            since=latest.approved_at,
        )
    return ""
