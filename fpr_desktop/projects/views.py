"""Read-only views of the project library for screens: choices, step history, records, plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import can, in_scope, require_role
from fpr_desktop.divisions.services import list_divisions
from fpr_desktop.projects.adjustments import list_adjustments, pending_adjustment
from fpr_desktop.projects.categories import CategoryRow, list_categories
from fpr_desktop.projects.flow import (
    StepOption,
    acceptance_deadline,
    action_label,
    meeting_problem,
    step_options,
)
from fpr_desktop.projects.models import (
    Acceptance,
    AnnualPlan,
    PlanItem,
    Project,
    ProjectCategory,
    ProjectFunding,
    ProjectStep,
    SupervisionSignoff,
    VillageMeeting,
)
from fpr_desktop.projects.proposals import ProjectDetail
from fpr_desktop.projects.records import MeetingInput, labour_share, plan_rows
from fpr_desktop.projects.status import EDITABLE, STATUS_LABELS, label_of

#: The label of a step recorded by the demo generator (not a real life-cycle step).
DEMO_ACTION_LABEL = "演示数据"  # kept for callers; flow.OTHER_ACTIONS names it too


@dataclass(frozen=True)
class ProjectChoices:
    """What the filter bar and the proposal form offer, limited to the user's scope."""

    towns: list[tuple[int, str]]
    villages: dict[int, list[tuple[int, str]]]  # by town id, in display order
    categories: list[CategoryRow]
    years: list[int]  # newest first; always includes the current year
    fixed_town_id: int | None  # a town-scoped user works only in this town
    may_edit: bool  # may enter and change proposals (projects.edit)


def project_choices(session: Session, actor: Actor, today: date | None = None) -> ProjectChoices:
    require_role(actor, "read")
    towns: list[tuple[int, str]] = []
    villages: dict[int, list[tuple[int, str]]] = {}
    for d in list_divisions(session, actor):
        if d.level == "town":
            towns.append((d.id, d.name))
            villages.setdefault(d.id, [])
        elif d.level == "village" and d.parent_id is not None:
            villages.setdefault(d.parent_id, []).append((d.id, d.name))
    stmt = select(Project.year).distinct()
    if actor.scope_town_id is not None:
        stmt = stmt.where(Project.town_id == actor.scope_town_id)
    years = set(session.scalars(stmt)) | {(today or date.today()).year}
    return ProjectChoices(
        towns,
        villages,
        list_categories(session),
        sorted(years, reverse=True),
        actor.scope_town_id,
        can(actor, "projects.edit"),
    )


# --- the approval sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    """One line of the 审批记录: when, who, what, from → to, and the opinion."""

    at: datetime
    who: str
    action: str
    from_label: str
    to_label: str
    opinion: str
    decision: str = ""  # 决策机构、文号、日期 of a review or approval step


def decision_text(body: str, doc_number: str, on: date | None) -> str:
    """县委农村工作领导小组 陇农领发〔2024〕3号 2024-03-05 — who decided, by what, when."""
    return "　".join(t for t in (body, doc_number, f"{on:%Y-%m-%d}" if on else "") if t)


def step_rows(detail: ProjectDetail, decisions: list[str] | None = None) -> list[StepRow]:
    out = []
    texts = decisions or [""] * len(detail.steps)
    for (action, before, after, who, at), opinion, decision in zip(
        detail.steps, detail.opinions, texts, strict=True
    ):
        out.append(
            StepRow(
                at, who, action_label(action), label_of(before), label_of(after), opinion, decision
            )
        )
    return out


def step_decisions(session: Session, project_id: int) -> list[str]:
    """The decision text of every recorded step, in step order ('' for a non-decision)."""
    return [
        decision_text(body, number, on)
        for body, number, on in session.execute(
            select(ProjectStep.decided_by, ProjectStep.doc_number, ProjectStep.decided_on)
            .where(ProjectStep.project_id == project_id)
            .order_by(ProjectStep.id)
        )
    ]


def may_edit_proposal(actor: Actor, status: str) -> bool:
    """Whether the proposal form is editable for this user (the service checks again)."""
    return status in EDITABLE and can(actor, "projects.edit")


# --- the 办理 menu ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionContext:
    """What the 办理 menu and its dialogs need to know about one project."""

    id: int
    name: str
    version: int
    status: str
    status_label: str
    year: int
    fiscal_funds: Decimal
    fundings: dict[str, Decimal]
    implementation_mode: str
    completed_on: date | None
    contract_amount: Decimal | None
    labour_wages: Decimal | None
    may_record: bool  # may register meetings, tenders, sign-offs … (projects.edit in scope)
    options: list[StepOption] = field(default_factory=list)
    acceptance_due: date | None = None  # the acceptance deadline once completed
    may_decide: bool = False  # county review: may approve an adjustment
    pending_adjustment: tuple[int, int] | None = None  # (id, version) waiting for approval
    tender_date: date | None = None
    contractor: str = ""
    pending_changes: str = ""  # the pending adjustment's before → after lines and reason
    village_id: int | None = None
    town_villages: list[tuple[int, str]] = field(default_factory=list)  # (id, name) of its town


def _visible(session: Session, actor: Actor, project_id: int) -> Project:
    require_role(actor, "read")
    p = session.get(Project, project_id)
    if p is None or not in_scope(session, actor, p.town_id):
        raise NotFound("该项目不存在。")
    return p


def action_context(session: Session, actor: Actor, project_id: int) -> ActionContext:
    p = _visible(session, actor, project_id)
    fundings = {
        f.source: f.amount
        for f in session.scalars(
            select(ProjectFunding)
            .where(ProjectFunding.project_id == p.id)
            .order_by(ProjectFunding.id)
        )
    }
    return ActionContext(
        p.id,
        p.name,
        p.version,
        p.status,
        STATUS_LABELS[p.status],
        p.year,
        p.fiscal_funds,
        fundings,
        p.implementation_mode,
        p.completed_on,
        p.contract_amount,
        p.labour_wages,
        can(actor, "projects.edit"),
        step_options(session, actor, p.id),
        acceptance_deadline(session, p.completed_on).day if p.completed_on else None,
        can(actor, "projects.county_review"),
        pending_adjustment(session, p.id),
        p.tender_date,
        p.contractor,
        _pending_changes(session, actor, p.id),
        p.village_id,
        [
            (i, n)
            for i, n in session.execute(
                select(Division.id, Division.name)
                .where(Division.parent_id == p.town_id, Division.level == "village")
                .order_by(Division.sort_order, Division.id)
            )
        ],
    )


def _pending_changes(session: Session, actor: Actor, project_id: int) -> str:
    pending = [a for a in list_adjustments(session, actor, project_id) if a.state == "pending"]
    if not pending:
        return ""
    a = pending[-1]
    lines = [f"{label}：{old} → {new}" for label, old, new in a.changes]
    return "\n".join([*lines, f"原因：{a.reason}"])


def meeting_warning(m: MeetingInput) -> str:
    """The quorum/majority problem of meeting figures before they are saved ('' if none)."""
    return meeting_problem(VillageMeeting(**vars(m)))


def share_percent(labour_wages: Decimal, fiscal_funds: Decimal) -> Decimal:
    """以工代赈 labour share of the fiscal funds in percent, as the service computes it."""
    return labour_share(Project(labour_wages=labour_wages, fiscal_funds=fiscal_funds))


# --- implementation records ------------------------------------------------------------------


@dataclass(frozen=True)
class RecordLine:
    """One registered record shown in the project's 实施记录: its kind, date and a summary."""

    kind: str
    on: date | None
    text: str


def project_records(session: Session, actor: Actor, project_id: int) -> list[RecordLine]:
    """Meetings, tender, 以工代赈, sign-offs and acceptances of a project, oldest first."""
    p = _visible(session, actor, project_id)
    out: list[RecordLine] = []
    for m in session.scalars(select(VillageMeeting).where(VillageMeeting.project_id == p.id)):
        text = (
            f"{m.meeting_type}：应到 {m.eligible} 人，实到 {m.present} 人，赞成 {m.votes_for}、"
            f"反对 {m.votes_against}、弃权 {m.abstentions}"
        )
        problem = meeting_problem(m)
        out.append(RecordLine("四议两公开", m.held_on, f"{text}。{problem}" if problem else text))
    if p.tender_date is not None or p.contractor:
        amount = f"{p.contract_amount:,.2f}" if p.contract_amount is not None else "—"
        out.append(
            RecordLine("招标采购", p.tender_date, f"中标单位 {p.contractor}，合同金额 {amount} 元")
        )
    if p.labour_wages is not None:
        out.append(
            RecordLine(
                "以工代赈",
                None,
                f"劳务报酬 {p.labour_wages:,.2f} 元，占财政资金 {labour_share(p)}%；"
                f"当地务工 {p.local_workers or 0} 人，其中脱贫劳动力 {p.poverty_workers or 0} 人",
            )
        )
    for s in session.scalars(
        select(SupervisionSignoff).where(SupervisionSignoff.project_id == p.id)
    ):
        note = f"（{s.note}）" if s.note else ""
        out.append(RecordLine("村监委会签字", s.signed_on, f"{s.subject}：{s.signer}{note}"))
    for a in session.scalars(select(Acceptance).where(Acceptance.project_id == p.id)):
        result = "通过" if a.passed else "未通过，整改后重新验收"
        text = f"{a.team}：{result}" + (f"。{a.report}" if a.report else "")
        if a.late_reason:
            text += f"（逾期验收原因：{a.late_reason}）"
        out.append(RecordLine(f"验收（{a.stage}）", a.held_on, text))
    states = {"pending": "待审定", "approved": "已审定", "rejected": "未同意"}
    for adj in list_adjustments(session, actor, p.id):
        changes = "；".join(f"{label}：{old} → {new}" for label, old, new in adj.changes)
        decided = decision_text(adj.decided_by, adj.doc_number, adj.decided_on)
        out.append(
            RecordLine(
                f"项目调整（{states.get(adj.state, adj.state)}）",
                adj.decided_on or adj.requested_at.date(),
                f"{changes}。原因：{adj.reason}" + (f"。审定：{decided}" if decided else ""),
            )
        )
    return sorted(out, key=lambda r: (r.on is None, r.on or date.min))


# --- annual plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    project_id: int
    name: str
    town: str
    village: str
    category: str
    status_label: str
    funds: dict[str, Decimal]  # by source
    amount: Decimal


@dataclass(frozen=True)
class PlanView:
    year: int
    title: str
    rows: list[PlanRow]
    total: Decimal


def plan_years(session: Session, today: date | None = None) -> list[int]:
    """Years that have a plan, and the current year, newest first."""
    years = set(session.scalars(select(AnnualPlan.year))) | {(today or date.today()).year}
    return sorted(years, reverse=True)


def latest_plan_year(session: Session) -> int | None:
    """The newest year that has a plan (what the plan page shows first)."""
    return session.scalar(select(func.max(AnnualPlan.year)))


def plan_view(session: Session, actor: Actor, year: int) -> PlanView:
    """A year's plan as plain rows (a town user sees their town's projects only)."""
    require_role(actor, "read")
    plan = session.scalar(select(AnnualPlan).where(AnnualPlan.year == year))
    if plan is None:
        return PlanView(year, "", [], Decimal(0))
    funds: dict[int, dict[str, Decimal]] = {}
    for item in session.scalars(
        select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.id)
    ):
        by_source = funds.setdefault(item.project_id, {})
        by_source[item.source] = by_source.get(item.source, Decimal(0)) + item.amount
    names: dict[int, str] = {i: n for i, n in session.execute(select(Division.id, Division.name))}
    categories: dict[int, str] = {
        i: n for i, n in session.execute(select(ProjectCategory.id, ProjectCategory.name))
    }
    rows = []
    for p, amount in plan_rows(session, year):
        if actor.scope_town_id is not None and p.town_id != actor.scope_town_id:
            continue
        rows.append(
            PlanRow(
                p.id,
                p.name,
                names.get(p.town_id, ""),
                names.get(p.village_id, "") if p.village_id else "",
                categories.get(p.category_id or 0, ""),
                STATUS_LABELS[p.status],
                funds.get(p.id, {}),
                amount,
            )
        )
    return PlanView(year, plan.title, rows, sum((r.amount for r in rows), Decimal(0)))
