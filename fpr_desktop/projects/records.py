"""What happens around a project once it moves: 四议两公开 meetings, tenders and 以工代赈 figures,
村监委会 sign-offs, acceptance inspections, and the annual plan."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.permissions import in_scope, require
from fpr_desktop.base.reference import choices
from fpr_desktop.base.versioning import check_version
from fpr_desktop.projects.flow import (
    AcceptanceRule,
    Decision,
    meeting_problem,
    take_step,
)
from fpr_desktop.projects.models import (
    Acceptance,
    AnnualPlan,
    PlanItem,
    Project,
    ProjectStep,
    SupervisionSignoff,
    VillageMeeting,
)
from fpr_desktop.projects.status import CARRY_OVER, STATUS_LABELS


def _project(session: Session, actor: Actor, project_id: int, permission: str) -> Project:
    p = session.get(Project, project_id)
    if p is None or not in_scope(session, actor, p.town_id):
        raise NotFound("该项目不存在。")
    require(session, actor, permission, p.village_id or p.town_id)
    return p


@dataclass(frozen=True)
class MeetingInput:
    meeting_type: str
    held_on: date
    eligible: int
    present: int
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    resolution: str = ""
    published_on: date | None = None
    result_published_on: date | None = None


def record_meeting(session: Session, actor: Actor, project_id: int, m: MeetingInput) -> str:
    """Record one 四议两公开 meeting; returns '' or the quorum/majority problem (a warning —
    the meeting happened, and the project cannot start until a valid one is recorded)."""
    p = _project(session, actor, project_id, "projects.edit")
    if m.meeting_type not in choices("projects", "meeting_types"):
        raise ValidationError(f"会议类型“{m.meeting_type}”不正确。")
    if min(m.eligible, m.present, m.votes_for, m.votes_against, m.abstentions) < 0:
        raise ValidationError("人数和票数不能为负数。")
    existing = session.scalar(
        select(VillageMeeting).where(
            VillageMeeting.project_id == p.id, VillageMeeting.meeting_type == m.meeting_type
        )
    )
    if existing is not None:
        session.delete(existing)
        session.flush()
    row = VillageMeeting(project_id=p.id, **asdict(m))
    session.add(row)
    session.flush()
    return meeting_problem(row)


def record_tender(
    session: Session,
    actor: Actor,
    project_id: int,
    expected_version: int,
    *,
    tender_date: date,
    contractor: str,
    contract_amount: Decimal,
) -> None:
    p = _project(session, actor, project_id, "projects.edit")
    check_version(p, expected_version)
    if not contractor.strip():
        raise ValidationError("请填写中标（施工）单位。")
    if contract_amount <= 0:
        raise ValidationError("合同金额必须大于 0。")
    p.tender_date, p.contractor, p.contract_amount = (
        tender_date,
        contractor.strip(),
        contract_amount,
    )
    session.flush()


def record_work_relief(
    session: Session,
    actor: Actor,
    project_id: int,
    expected_version: int,
    *,
    labour_wages: Decimal,
    local_workers: int,
    poverty_workers: int,
) -> Decimal:
    """以工代赈: wages paid to local labour; returns their share of the fiscal funds (percent)."""
    p = _project(session, actor, project_id, "projects.edit")
    check_version(p, expected_version)
    if labour_wages < 0 or local_workers < 0 or poverty_workers < 0:
        raise ValidationError("劳务报酬和务工人数不能为负数。")
    if poverty_workers > local_workers:
        raise ValidationError("脱贫劳动力人数不能超过当地务工人数。")
    p.labour_wages, p.local_workers, p.poverty_workers = (
        labour_wages,
        local_workers,
        poverty_workers,
    )
    session.flush()
    return labour_share(p)


def labour_share(p: Project) -> Decimal:
    if not p.fiscal_funds or p.labour_wages is None:
        return Decimal(0)
    return (p.labour_wages * 100 / p.fiscal_funds).quantize(Decimal("0.1"), ROUND_HALF_UP)


def record_signoff(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    subject: str,
    signed_on: date,
    signer: str,
    note: str = "",
) -> int:
    p = _project(session, actor, project_id, "projects.edit")
    if subject not in choices("projects", "supervision_subjects"):
        raise ValidationError(f"签字事项“{subject}”应为进度、质量或付款。")
    if not signer.strip():
        raise ValidationError("请填写村监委会签字人。")
    row = SupervisionSignoff(
        project_id=p.id,
        subject=subject,
        signed_on=signed_on,
        signer=signer.strip(),
        note=note.strip(),
    )
    session.add(row)
    session.flush()
    return row.id


def record_acceptance(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    stage: str,
    held_on: date,
    team: str,
    passed: bool,
    report: str = "",
    late_reason: str = "",
) -> int:
    """An acceptance inspection (date, team and its opinion); a failed final one means fix and
    re-accept. One held later than the deadline (N working days after completion) needs the
    reason, kept with the record."""
    p = _project(session, actor, project_id, "projects.edit")
    if stage not in choices("projects", "acceptance_stages"):
        raise ValidationError(f"验收阶段“{stage}”应为自检、初验或终验。")
    if p.completed_on is None:
        raise ValidationError("项目尚未登记竣工，不能验收。")
    problems = []
    if held_on < p.completed_on:
        problems.append("验收日期不能早于竣工日期。")
    if not team.strip():
        problems.append("请填写验收组（单位及成员）。")
    if not report.strip():
        problems.append("请填写验收意见。")
    late = acceptance_late_problem(session, p.completed_on, held_on)
    if late and not late_reason.strip():
        problems.append(late + "请填写逾期原因。")
    if problems:
        raise ValidationError("\n".join(problems))
    if stage == "终验":
        require(session, actor, "projects.county_review")
    row = Acceptance(
        project_id=p.id,
        stage=stage,
        held_on=held_on,
        team=team.strip(),
        passed=passed,
        report=report.strip(),
        late_reason=late_reason.strip() if late else "",
    )
    session.add(row)
    session.flush()
    return row.id


def acceptance_late_problem(session: Session, completed_on: date, held_on: date) -> str:
    """'' when `held_on` is within the acceptance deadline after `completed_on`, else why not."""
    rule = AcceptanceRule.load(session)
    deadline = rule.deadline(completed_on).day
    if held_on <= deadline:
        return ""
    return (
        f"验收日期 {held_on:%Y-%m-%d} 晚于竣工后 {rule.days} 个工作日的期限"
        f"（{deadline:%Y-%m-%d}）。"
    )


# --- annual plan ----------------------------------------------------------------------------


def plan_for_year(session: Session, actor: Actor, year: int) -> AnnualPlan:
    require(session, actor, "projects.county_review")
    plan = session.scalar(select(AnnualPlan).where(AnnualPlan.year == year))
    if plan is None:
        plan = AnnualPlan(year=year, title=f"{year}年度巩固拓展脱贫攻坚成果和乡村振兴项目计划")
        session.add(plan)
        session.flush()
    return plan


def add_to_plan(
    session: Session,
    actor: Actor,
    project_id: int,
    expected_version: int,
    *,
    year: int,
    funds: dict[str, Decimal],
    opinion: str = "",
    carried_from: int | None = None,
    decision: Decision | None = None,
) -> None:
    """Put a library project into a year's plan with its funds by source (列入年度计划); the
    plan may not give more than the project requested (that takes an adjustment first)."""
    require(session, actor, "projects.county_review")
    if not funds or any(a <= 0 for a in funds.values()):
        raise ValidationError("列入计划必须安排资金来源和金额（大于 0）。")
    unknown = set(funds) - set(choices("projects", "fund_sources"))
    if unknown:
        raise ValidationError(f"未知的资金来源：{'、'.join(sorted(unknown))}。")
    p = session.get(Project, project_id)
    total = sum(funds.values(), Decimal(0))
    if p is not None and total > p.fiscal_funds:
        raise ValidationError(
            f"计划安排资金 {total:,.2f} 元超过项目申请财政资金 {p.fiscal_funds:,.2f} 元。"
            "如需增加，请先办理项目调整（经审定并重新公示）。"
        )
    plan = plan_for_year(session, actor, year)
    take_step(
        session, actor, project_id, expected_version, "plan", opinion=opinion, decision=decision
    )
    for source, amount in funds.items():
        session.add(
            PlanItem(
                plan_id=plan.id,
                project_id=project_id,
                source=source,
                amount=amount,
                carried_from=carried_from,
            )
        )
    session.flush()


def plan_rows(session: Session, year: int) -> list[tuple[Project, Decimal]]:
    """(project, planned amount) of a year's plan, in plan order."""
    plan = session.scalar(select(AnnualPlan).where(AnnualPlan.year == year))
    if plan is None:
        return []
    totals: dict[int, Decimal] = {}
    for item in session.scalars(select(PlanItem).where(PlanItem.plan_id == plan.id)):
        totals[item.project_id] = totals.get(item.project_id, Decimal(0)) + item.amount
    projects = session.scalars(select(Project).where(Project.id.in_(list(totals)))).all()
    return sorted(((p, totals[p.id]) for p in projects), key=lambda pair: pair[0].id)


def carry_over(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    from_year: int,
    to_year: int,
    opinion: str = "",
) -> int:
    """结转: move a plan project that has not started into a later year's plan; returns the
    number of plan items copied.

    Its PlanItems of `from_year` are copied into `to_year`'s plan with carried_from=from_year.
    The old items are KEPT, so the from_year plan still shows what was planned that year;
    `carried_out(session, from_year)` tells which of its projects were carried (已结转) and where.
    The project's status stays as it is, and Project.year is NOT changed: it is the year the
    project entered the library, not a plan year. A ProjectStep("carry_over") records who did
    it, when, and the opinion.
    """
    require(session, actor, "projects.county_review")
    p = session.get(Project, project_id)
    if p is None:
        raise NotFound("该项目不存在。")
    if p.status not in CARRY_OVER:
        raise ValidationError(
            f"项目当前为“{STATUS_LABELS[p.status]}”，只有列入年度计划或实施前公示、"
            "尚未开工的项目可以结转。"
        )
    if to_year <= from_year:
        raise ValidationError(f"结转年度应晚于{from_year}年。")
    old_plan = session.scalar(select(AnnualPlan).where(AnnualPlan.year == from_year))
    items = (
        list(
            session.scalars(
                select(PlanItem)
                .where(PlanItem.plan_id == old_plan.id, PlanItem.project_id == p.id)
                .order_by(PlanItem.id)
            )
        )
        if old_plan is not None
        else []
    )
    if not items:
        raise ValidationError(f"该项目不在{from_year}年度计划中，无法结转。")
    already = carried_out(session, from_year).get(p.id)
    if already is not None:
        raise ValidationError(f"该项目已从{from_year}年度计划结转到{already}年，不能重复结转。")
    plan = plan_for_year(session, actor, to_year)
    present = session.scalar(
        select(PlanItem.id).where(PlanItem.plan_id == plan.id, PlanItem.project_id == p.id)
    )
    if present is not None:
        raise ValidationError(f"该项目已在{to_year}年度计划中。")
    for item in items:
        session.add(
            PlanItem(
                plan_id=plan.id,
                project_id=p.id,
                source=item.source,
                amount=item.amount,
                carried_from=from_year,
            )
        )
    session.add(
        ProjectStep(
            project_id=p.id,
            action="carry_over",
            from_status=p.status,
            to_status=p.status,
            user_id=actor.user_id,
            username=actor.display_name or actor.username,
            opinion=opinion.strip() or f"由{from_year}年度计划结转至{to_year}年度计划。",
        )
    )
    session.flush()
    return len(items)


def carried_out(session: Session, year: int) -> dict[int, int]:
    """{project id: later plan year} for the projects of `year`'s plan that were carried over."""
    rows = session.execute(
        select(PlanItem.project_id, AnnualPlan.year)
        .join(AnnualPlan, AnnualPlan.id == PlanItem.plan_id)
        .where(PlanItem.carried_from == year)
    )
    return {pid: to_year for pid, to_year in rows}


def carried_in(session: Session, year: int) -> dict[int, int]:
    """{project id: earlier plan year} for the projects carried into `year`'s plan."""
    rows = session.execute(
        select(PlanItem.project_id, PlanItem.carried_from)
        .join(AnnualPlan, AnnualPlan.id == PlanItem.plan_id)
        .where(AnnualPlan.year == year, PlanItem.carried_from.is_not(None))
    )
    return {pid: from_year for pid, from_year in rows if from_year is not None}
