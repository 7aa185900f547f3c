"""The project life cycle: which step may follow which, who may take it, and what gates it.

村级申报 → 村级公示 → 乡镇审核 → 乡镇公示 → 县级论证 → 县级审定 → 入库 → 列入年度计划 → 实施前公示 →
实施中 → 竣工 → 验收 → 报账 → 实施完成公告 → 资产移交; side exits 退回修改, 调整出库, 终止.
A step that follows a publicity waits for the notice register (`window_cleared`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.calendar import work_calendar
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.permissions import can, require
from fpr_desktop.base.registry import step_gates
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.base.workdays import Deadline, WorkCalendar, add_working_days
from fpr_desktop.notices.register import window_cleared
from fpr_desktop.projects.completeness import missing_items, missing_message
from fpr_desktop.projects.models import (
    Acceptance,
    Project,
    ProjectStep,
    VillageMeeting,
)
from fpr_desktop.projects.status import (
    FINAL,
    REVIEW_STAGES,
    STATUS_LABELS,
    Status,
)


@dataclass(frozen=True)
class Gate:
    """The publicity a step waits for: notices of these kinds/levels covering the project."""

    kinds: tuple[str, ...]
    levels: tuple[str, ...] | None = None
    label: str = ""


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    sources: frozenset[Status]
    target: Status
    county: bool  # taken by county roles (projects.county_review, whole-county scope)
    needs_opinion: bool = False
    gate: Gate | None = None


def _s(*codes: Status) -> frozenset[Status]:
    return frozenset(codes)


LIBRARY_PUBLICITY = "project_library_publicity"
S = Status
STEPS: dict[str, Step] = {
    s.code: s
    for s in (
        Step("submit", "提交村级公示", _s(S.DRAFT, S.RETURNED), S.VILLAGE_PUBLICITY, False),
        Step(
            "town_receive",
            "乡镇受理审核",
            _s(S.VILLAGE_PUBLICITY),
            S.TOWN_REVIEW,
            False,
            gate=Gate((LIBRARY_PUBLICITY,), ("village",), "村级公示"),
        ),
        Step("town_approve", "乡镇审核通过并公示", _s(S.TOWN_REVIEW), S.TOWN_PUBLICITY, False),
        Step(
            "county_receive",
            "报县级论证",
            _s(S.TOWN_PUBLICITY),
            S.COUNTY_REVIEW,
            True,
            gate=Gate((LIBRARY_PUBLICITY,), ("town",), "乡镇公示"),
        ),
        Step("county_argue", "县级论证通过", _s(S.COUNTY_REVIEW), S.COUNTY_APPROVAL, True),
        Step("county_approve", "县级审定入库", _s(S.COUNTY_APPROVAL), S.IN_LIBRARY, True),
        Step("plan", "列入年度计划", _s(S.IN_LIBRARY), S.IN_PLAN, True),
        Step("pre_publicize", "实施前公示", _s(S.IN_PLAN), S.PRE_PUBLICITY, True),
        Step(
            "start",
            "开工实施",
            _s(S.PRE_PUBLICITY),
            S.IMPLEMENTING,
            False,
            gate=Gate(("pre_implementation",), None, "实施前公示"),
        ),
        Step("complete", "竣工", _s(S.IMPLEMENTING), S.COMPLETED, False),
        Step("accept", "验收通过", _s(S.COMPLETED), S.ACCEPTED, True),
        Step("settle", "报账结算", _s(S.ACCEPTED), S.SETTLED, True),
        Step("announce", "发布实施完成公告", _s(S.SETTLED), S.COMPLETION_NOTICE, True),
        Step("hand_over", "资产移交", _s(S.COMPLETION_NOTICE), S.HANDED_OVER, True),
        Step("return", "退回修改", _s(*REVIEW_STAGES), S.RETURNED, False, needs_opinion=True),
        Step(
            "remove", "调整出库", _s(S.IN_LIBRARY, S.IN_PLAN), S.REMOVED, True, needs_opinion=True
        ),
        Step(
            "terminate",
            "终止",
            frozenset(Status) - FINAL,
            S.TERMINATED,
            True,
            needs_opinion=True,
        ),
    )
}
# steps a town (or village) role takes only within its own town; review steps at town level
TOWN_LEVEL_REVIEW = frozenset({"town_receive", "town_approve"})


def _load(session: Session, project_id: int) -> Project:
    p = session.get(Project, project_id)
    if p is None:
        raise NotFound("该项目不存在。")
    return p


def check_may_take(session: Session, actor: Actor, p: Project, step: Step) -> None:
    """Refuse (Chinese message) unless `actor` may take `step` on `p` now — gates included."""
    if p.status not in step.sources:
        raise ValidationError(f"项目当前为“{STATUS_LABELS[p.status]}”，不能执行“{step.label}”。")
    if step.county:
        require(session, actor, "projects.county_review")
    else:
        require(session, actor, "projects.edit", p.village_id or p.town_id)
        if (
            step.code in TOWN_LEVEL_REVIEW
            and actor.scope_town_id is None
            and not can(actor, "projects.county_review")
        ):
            raise PermissionDenied("乡镇审核只能由镇级或县级项目管理人员办理。")
    if step.code == "return" and p.status in (S.COUNTY_REVIEW, S.COUNTY_APPROVAL):
        require(session, actor, "projects.county_review")
    if step.gate is not None and not window_cleared(
        session, "project", p.id, kinds=step.gate.kinds, levels=step.gate.levels
    ):
        raise ValidationError(
            f"“{step.gate.label}”尚未期满或仍有未处理的异议，暂不能{step.label}。"
            "请在公告公示登记中核对公示期和异议处理情况。"
        )


def _check_content(session: Session, p: Project, step: Step, on: date | None) -> None:
    if step.code == "submit" and (missing := missing_items(session, p)):
        raise ValidationError(missing_message(missing))
    if step.code == "start" and p.implementation_mode == "村级自建":
        check_village_procedure(session, p.id)
    if step.code == "complete" and on is None:
        raise ValidationError("请填写竣工日期。")
    if step.code == "accept":
        passed = session.scalar(
            select(Acceptance.held_on)
            .where(Acceptance.project_id == p.id, Acceptance.stage == "终验", Acceptance.passed)
            .order_by(Acceptance.held_on.desc())
            .limit(1)
        )
        if passed is None:
            raise ValidationError("尚未登记通过的终验记录，不能确认验收。")
    if step.code == "settle" and on is None:
        raise ValidationError("请填写报账日期。")
    for gate in step_gates(step.code):  # e.g. 资产移交 needs the assets module's registration
        gate(session, p.id)


def take_step(
    session: Session,
    actor: Actor,
    project_id: int,
    expected_version: int,
    code: str,
    *,
    opinion: str = "",
    on: date | None = None,
    amount: Decimal | None = None,
) -> str:
    """Move a project one step along its life cycle; returns the new status."""
    if code not in STEPS:
        raise ValidationError(f"未知的操作“{code}”。")
    step = STEPS[code]
    p = _load(session, project_id)
    check_version(p, expected_version)
    check_may_take(session, actor, p, step)
    if step.needs_opinion and not opinion.strip():
        raise ValidationError(f"“{step.label}”必须填写意见。")
    _check_content(session, p, step, on)
    before = p.status
    if code == "complete":
        p.completed_on = on
    elif code == "accept":
        p.accepted_on = session.scalar(
            select(func.max(Acceptance.held_on)).where(
                Acceptance.project_id == p.id, Acceptance.stage == "终验", Acceptance.passed
            )
        )
    elif code == "settle":
        p.settled_on = on
        p.settled_amount = amount
    p.status = step.target.value
    session.add(
        ProjectStep(
            project_id=p.id,
            action=code,
            from_status=before,
            to_status=step.target,
            user_id=actor.user_id,
            username=actor.display_name or actor.username,
            opinion=opinion.strip(),
        )
    )
    session.flush()
    return p.status


@dataclass(frozen=True)
class StepOption:
    code: str
    label: str
    allowed: bool
    reason: str  # why not, in Chinese (empty when allowed)
    needs_opinion: bool


def step_options(session: Session, actor: Actor, project_id: int) -> list[StepOption]:
    """The steps the UI offers for a project, each with whether and why not it may be taken."""
    p = _load(session, project_id)
    out = []
    for step in STEPS.values():
        if p.status not in step.sources:
            continue
        try:
            check_may_take(session, actor, p, step)
            out.append(StepOption(step.code, step.label, True, "", step.needs_opinion))
        except (ValidationError, PermissionDenied) as exc:
            out.append(StepOption(step.code, step.label, False, str(exc), step.needs_opinion))
    return out


# --- 四议两公开 -----------------------------------------------------------------------------

MEETING_ORDER = ("党组织提议", "两委会议商议", "党员大会审议", "村民代表会议决议")


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


def check_village_procedure(session: Session, project_id: int) -> None:
    """A self-built project starts only after the four meetings passed and were published."""
    meetings = {
        m.meeting_type: m
        for m in session.scalars(
            select(VillageMeeting).where(VillageMeeting.project_id == project_id)
        )
    }
    missing = [t for t in MEETING_ORDER if t not in meetings]
    if missing:
        raise ValidationError(f"村级自建项目尚未完成“四议”：缺少{'、'.join(missing)}记录。")
    for t in MEETING_ORDER:
        problem = meeting_problem(meetings[t])
        if problem:
            raise ValidationError(problem)
    if meetings["村民代表会议决议"].published_on is None:
        raise ValidationError("村民代表会议决议尚未公开（“两公开”之决议公开）。")


# --- deadlines --------------------------------------------------------------------------------


@dataclass
class AcceptanceRule:
    """The acceptance deadline rule read once (setting + calendar), for a whole list block."""

    days: int
    calendar: WorkCalendar

    @classmethod
    def load(cls, session: Session) -> AcceptanceRule:
        return cls(int(get_value(session, "projects.acceptance_workdays")), work_calendar(session))

    def deadline(self, completed_on: date) -> Deadline:
        return add_working_days(completed_on, self.days, self.calendar)

    def overdue(self, p: Project, today: date) -> bool:
        if p.completed_on is None or p.accepted_on is not None or p.status in FINAL:
            return False
        return today > self.deadline(p.completed_on).day


def acceptance_deadline(session: Session, completed_on: date) -> Deadline:
    """Acceptance is due within N working days of completion (task 39; default 7)."""
    return AcceptanceRule.load(session).deadline(completed_on)


def acceptance_overdue(session: Session, p: Project, today: date | None = None) -> bool:
    return AcceptanceRule.load(session).overdue(p, today or date.today())
