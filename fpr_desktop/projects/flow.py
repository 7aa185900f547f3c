"""The project life cycle: which step may follow which, who may take it, and what gates it.

村级申报 → 村级公示 → 乡镇审核 → 乡镇公示 → 县级论证 → 县级审定 → 入库 → 列入年度计划 → 实施前公示 →
实施中 → 竣工 → 验收 → 报账 → 实施完成公告 → 资产移交; side exits 退回修改, 调整出库, 终止.
A step that follows a publicity waits for a notice of the current round to end without open
objections; the record-based gates (tender, meetings, acceptance …) are in `gates`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.calendar import work_calendar
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.permissions import can, require
from fpr_desktop.base.registry import step_gates
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.base.workdays import Deadline, WorkCalendar, add_working_days
from fpr_desktop.projects.completeness import missing_items, missing_message
from fpr_desktop.projects.gates import (
    LIBRARY_PUBLICITY,
    MEETING_ORDER,
    SELF_BUILT,
    Gate,
    acceptance_problem,
    adjustment_problem,
    completion_notice_problem,
    final_acceptance,
    meeting_problem,
    publicity_problem,
    result_publicity_problem,
    round_start,
    tender_problem,
    village_procedure_problem,
)
from fpr_desktop.projects.models import Project, ProjectStep
from fpr_desktop.projects.status import (
    FINAL,
    REVIEW_STAGES,
    STATUS_LABELS,
    Status,
)


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    sources: frozenset[Status]
    target: Status
    county: bool  # taken by county roles (projects.county_review, whole-county scope)
    needs_opinion: bool = False
    gate: Gate | None = None
    #: the body that usually decides this step (a review or approval step records its
    #: decision: body, 文号 and date); '' for steps that are not decisions
    decided_by: str = ""


def _s(*codes: Status) -> frozenset[Status]:
    return frozenset(codes)


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
        Step(
            "town_approve",
            "乡镇审核通过并公示",
            _s(S.TOWN_REVIEW),
            S.TOWN_PUBLICITY,
            False,
            decided_by="乡镇党委政府",
        ),
        Step(
            "county_receive",
            "报县级论证",
            _s(S.TOWN_PUBLICITY),
            S.COUNTY_REVIEW,
            True,
            gate=Gate((LIBRARY_PUBLICITY,), ("town",), "乡镇公示"),
        ),
        Step(
            "county_argue",
            "县级论证通过",
            _s(S.COUNTY_REVIEW),
            S.COUNTY_APPROVAL,
            True,
            decided_by="行业主管部门",
        ),
        Step(
            "county_approve",
            "县级审定入库",
            _s(S.COUNTY_APPROVAL),
            S.IN_LIBRARY,
            True,
            gate=Gate((LIBRARY_PUBLICITY,), ("county",), "县级公示"),
            decided_by="县委农村工作领导小组",
        ),
        Step(
            "plan",
            "列入年度计划",
            _s(S.IN_LIBRARY),
            S.IN_PLAN,
            True,
            decided_by="县委农村工作领导小组",
        ),
        Step("pre_publicize", "实施前公示", _s(S.IN_PLAN), S.PRE_PUBLICITY, True),
        Step(
            "start",
            "开工实施",
            _s(S.PRE_PUBLICITY),
            S.IMPLEMENTING,
            False,
            gate=Gate(("pre_implementation",), None, "实施前公示", since=("pre_publicize",)),
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
# steps that leave the normal path (a pending adjustment does not hold them)
SIDE_EXITS = frozenset({"return", "remove", "terminate"})
__all__ = ["LIBRARY_PUBLICITY", "MEETING_ORDER", "Gate", "meeting_problem"]
#: records of the step history that are not life-cycle steps (the status does not change)
OTHER_ACTIONS = {"adjust": "项目调整", "carry_over": "结转", "demo": "演示数据"}


def action_label(action: str) -> str:
    """The Chinese name of a recorded step (a life-cycle step or another record)."""
    step = STEPS.get(action)
    return step.label if step is not None else OTHER_ACTIONS.get(action, action)


def _load(session: Session, project_id: int) -> Project:
    p = session.get(Project, project_id)
    if p is None:
        raise NotFound("该项目不存在。")
    return p


@dataclass(frozen=True)
class Decision:
    """Who decided a review or approval step: the body, its meeting or document number (文号)
    and the date of the decision."""

    body: str
    doc_number: str
    on: date | None


def decision_problems(
    step: Step, decision: Decision | None, today: date | None = None
) -> list[str]:
    """What a decision step still needs (every missing item at once; empty when complete)."""
    if not step.decided_by:
        return []
    out = []
    if decision is None or not decision.body.strip():
        out.append(f"请填写“{step.label}”的决策机构（如{step.decided_by}）。")
    if decision is None or not decision.doc_number.strip():
        out.append("请填写会议纪要或文件的文号。")
    if decision is None or decision.on is None:
        out.append("请填写决策日期。")
    elif decision.on > (today or date.today()):
        out.append(f"决策日期 {decision.on:%Y-%m-%d} 晚于今天。")
    return out


def _submitter(session: Session, project_id: int) -> int | None:
    return session.scalar(
        select(ProjectStep.user_id)
        .where(ProjectStep.project_id == project_id, ProjectStep.action == "submit")
        .order_by(ProjectStep.id.desc())
        .limit(1)
    )


def gate_problem(session: Session, actor: Actor, p: Project, step: Step) -> str:
    """Why the records do not allow `step` yet ('' when they do): publicity of this round,
    tender, 四议两公开, acceptance, results, completion notice, adjustments, other modules."""
    if step.code == "town_approve" and actor.scope_town_id is not None:
        submitter = _submitter(session, p.id)
        if submitter is not None and submitter == actor.user_id:
            return "同一人不能既提交申报又办理乡镇审核通过，请由镇上另一位项目管理人员审核。"
    if step.code not in SIDE_EXITS and (found := adjustment_problem(session, p.id, step.label)):
        return found
    if step.gate is not None:
        found = publicity_problem(
            session,
            p.id,
            kinds=step.gate.kinds,
            levels=step.gate.levels,
            label=step.gate.label,
            doing=step.label,
            since=round_start(session, p.id, step.gate.since),
        )
        if found:
            return found
    if step.code == "start":
        if found := tender_problem(p):
            return found
        if p.implementation_mode == SELF_BUILT and (
            found := village_procedure_problem(session, p.id)
        ):
            return found
    if step.code == "accept" and (found := acceptance_problem(session, p.id)):
        return found
    if step.code == "settle" and (found := result_publicity_problem(session, p)):
        return found
    if step.code == "announce" and (found := completion_notice_problem(session, p.id)):
        return found
    for gate in step_gates(step.code):  # e.g. 资产移交 needs the assets module's registration
        try:
            gate(session, p.id)
        except ValidationError as exc:
            return str(exc)
    return ""


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
    found = gate_problem(session, actor, p, step)
    if found:
        raise ValidationError(found)


def _check_content(
    session: Session, p: Project, step: Step, on: date | None, amount: Decimal | None
) -> None:
    if step.code == "submit" and (missing := missing_items(session, p)):
        raise ValidationError(missing_message(missing))
    if step.code == "complete" and on is None:
        raise ValidationError("请填写竣工日期。")
    if step.code == "settle":
        if on is None:
            raise ValidationError("请填写报账日期。")
        if amount is not None and amount > p.fiscal_funds:
            raise ValidationError(
                f"报账金额 {amount:,.2f} 元超过项目财政资金 {p.fiscal_funds:,.2f} 元。"
                "超出部分须先办理项目调整（增加财政资金并经审定、公示）。"
            )


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
    decision: Decision | None = None,
) -> str:
    """Move a project one step along its life cycle; returns the new status."""
    if code not in STEPS:
        raise ValidationError(f"未知的操作“{code}”。")
    step = STEPS[code]
    p = _load(session, project_id)
    check_version(p, expected_version)
    check_may_take(session, actor, p, step)
    problems = decision_problems(step, decision)
    if step.needs_opinion and not opinion.strip():
        problems.insert(0, f"“{step.label}”必须填写意见。")
    if problems:
        raise ValidationError("\n".join(problems))
    _check_content(session, p, step, on, amount)
    before = p.status
    if code == "complete":
        p.completed_on = on
    elif code == "accept":
        final = final_acceptance(session, p.id)
        p.accepted_on = final.held_on if final is not None else None
    elif code == "settle":
        p.settled_on = on
        p.settled_amount = amount
    p.status = step.target.value
    decided = decision if step.decided_by else None
    session.add(
        ProjectStep(
            project_id=p.id,
            action=code,
            from_status=before,
            to_status=step.target,
            user_id=actor.user_id,
            username=actor.display_name or actor.username,
            opinion=opinion.strip(),
            decided_by=decided.body.strip() if decided else "",
            doc_number=decided.doc_number.strip() if decided else "",
            decided_on=decided.on if decided else None,
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
    decided_by: str = ""  # the usual deciding body of a decision step ('' otherwise)


def step_options(session: Session, actor: Actor, project_id: int) -> list[StepOption]:
    """The steps the UI offers for a project, each with whether and why not it may be taken."""
    p = _load(session, project_id)
    out = []
    for step in STEPS.values():
        if p.status not in step.sources:
            continue
        try:
            check_may_take(session, actor, p, step)
            reason = ""
        except (ValidationError, PermissionDenied) as exc:
            reason = str(exc)
        out.append(
            StepOption(
                step.code, step.label, not reason, reason, step.needs_opinion, step.decided_by
            )
        )
    return out


# --- 四议两公开 -----------------------------------------------------------------------------


def check_village_procedure(session: Session, project_id: int) -> None:
    """A self-built project starts only after the four meetings passed and were published."""
    found = village_procedure_problem(session, project_id)
    if found:
        raise ValidationError(found)


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
