"""项目调整: changing an in-library project's content, amount or place after it entered the
library. The change is asked for with a reason (recorded before/after), approved by a county
decision (body, 文号, date) which applies it, and then publicised again: until that publicity has
ended without open objections the project's next steps stay closed (`gates.adjustment_problem`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.models.columns import utcnow
from fpr_desktop.base.permissions import in_scope, require
from fpr_desktop.base.versioning import check_version
from fpr_desktop.projects.flow import Decision
from fpr_desktop.projects.models import Project, ProjectAdjustment, ProjectFunding, ProjectStep
from fpr_desktop.projects.status import IN_LIBRARY_OR_LATER, STATUS_LABELS, Status

#: the fields an adjustment may change, with their Chinese names (the before/after table)
FIELDS = {
    "content": "建设内容及规模",
    "total_investment": "总投资",
    "fiscal_funds": "财政资金",
    "village_id": "建设地点（村）",
}
#: statuses in which a project may be adjusted (in the library, not yet finished)
ADJUSTABLE = frozenset(IN_LIBRARY_OR_LATER) - {
    Status.SETTLED,
    Status.COMPLETION_NOTICE,
    Status.HANDED_OVER,
}
APPROVER = "县委农村工作领导小组"


@dataclass(frozen=True)
class AdjustmentInput:
    """The new values (None: unchanged) and why."""

    reason: str
    content: str | None = None
    total_investment: Decimal | None = None
    fiscal_funds: Decimal | None = None
    village_id: int | None = None


@dataclass(frozen=True)
class AdjustmentRow:
    id: int
    state: str  # pending / approved / rejected
    reason: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, before, after)
    decided_by: str
    doc_number: str
    decided_on: date | None
    requested_at: datetime


def _project(session: Session, actor: Actor, project_id: int) -> Project:
    p = session.get(Project, project_id)
    if p is None or not in_scope(session, actor, p.town_id):
        raise NotFound("该项目不存在。")
    return p


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def request_adjustment(
    session: Session, actor: Actor, project_id: int, expected_version: int, inp: AdjustmentInput
) -> int:
    """Ask for an adjustment; nothing changes on the project until it is approved."""
    p = _project(session, actor, project_id)
    require(session, actor, "projects.edit", p.village_id or p.town_id)
    check_version(p, expected_version)
    if p.status not in ADJUSTABLE:
        raise ValidationError(
            f"项目当前为“{STATUS_LABELS[p.status]}”。只有已入库、尚未报账的项目办理调整；"
            "入库前的修改请退回修改。"
        )
    pending = session.scalar(
        select(ProjectAdjustment.id).where(
            ProjectAdjustment.project_id == p.id, ProjectAdjustment.state == "pending"
        )
    )
    if pending is not None:
        raise ValidationError(f"该项目已有待审定的调整（#{pending}），请先审定或撤回。")
    problems = []
    if not inp.reason.strip():
        problems.append("请填写调整原因。")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in FIELDS:
        new = getattr(inp, name)
        if isinstance(new, str):
            new = new.strip() or None
        if new is not None and new != getattr(p, name):
            before[name], after[name] = _plain(getattr(p, name)), _plain(new)
    if not after:
        problems.append("调整内容与现有内容相同，没有需要调整的项目。")
    total = inp.total_investment if inp.total_investment is not None else p.total_investment
    fiscal = inp.fiscal_funds if inp.fiscal_funds is not None else p.fiscal_funds
    if total < 0 or fiscal < 0:
        problems.append("金额不能为负数。")
    if fiscal > total:
        problems.append(f"调整后财政资金 {fiscal:,.2f} 元超过总投资 {total:,.2f} 元。")
    if inp.village_id is not None:
        village = session.get(Division, inp.village_id)
        if village is None or village.parent_id != p.town_id:
            problems.append("调整后的村不在项目所属镇内（跨镇调整请终止后重新申报）。")
    if problems:
        raise ValidationError("\n".join(problems))
    row = ProjectAdjustment(
        project_id=p.id,
        reason=inp.reason.strip(),
        before=json.dumps(before, ensure_ascii=False),
        after=json.dumps(after, ensure_ascii=False),
        requested_by=actor.user_id,
        state="pending",
    )
    session.add(row)
    session.flush()
    return row.id


def _pending(session: Session, adjustment_id: int) -> ProjectAdjustment:
    row = session.get(ProjectAdjustment, adjustment_id)
    if row is None:
        raise NotFound("该项目调整不存在。")
    if row.state != "pending":
        raise ValidationError("该项目调整已经审定过了。")
    return row


def approve_adjustment(
    session: Session,
    actor: Actor,
    adjustment_id: int,
    expected_version: int,
    decision: Decision,
    opinion: str = "",
) -> None:
    """The county approves (decision on record) and the new values take effect; the project
    must now be publicised again before its next step."""
    require(session, actor, "projects.county_review")
    row = _pending(session, adjustment_id)
    check_version(row, expected_version)
    problems = []
    if not decision.body.strip():
        problems.append(f"请填写审定调整的决策机构（如{APPROVER}）。")
    if not decision.doc_number.strip():
        problems.append("请填写会议纪要或文件的文号。")
    if decision.on is None:
        problems.append("请填写决策日期。")
    elif decision.on > date.today():
        problems.append(f"决策日期 {decision.on:%Y-%m-%d} 晚于今天。")
    if problems:
        raise ValidationError("\n".join(problems))
    p = session.get(Project, row.project_id)
    assert p is not None  # the foreign key holds
    after = json.loads(row.after)
    for name, value in after.items():
        setattr(p, name, Decimal(value) if name in ("total_investment", "fiscal_funds") else value)
    if "fiscal_funds" in after:
        _rescale_fundings(session, p)
    row.state = "approved"
    row.decided_by = decision.body.strip()
    row.doc_number = decision.doc_number.strip()
    row.decided_on = decision.on
    row.approved_at = utcnow()
    session.add(
        ProjectStep(
            project_id=p.id,
            action="adjust",
            from_status=p.status,
            to_status=p.status,
            user_id=actor.user_id,
            username=actor.display_name or actor.username,
            opinion=opinion.strip() or f"审定项目调整：{row.reason}",
            decided_by=row.decided_by,
            doc_number=row.doc_number,
            decided_on=row.decided_on,
            at=row.approved_at,
        )
    )
    session.flush()


def reject_adjustment(
    session: Session, actor: Actor, adjustment_id: int, expected_version: int, opinion: str
) -> None:
    """Not approved: the project stays as it was and goes on."""
    require(session, actor, "projects.county_review")
    row = _pending(session, adjustment_id)
    check_version(row, expected_version)
    if not opinion.strip():
        raise ValidationError("不同意调整须填写意见。")
    row.state = "rejected"
    session.flush()


def _rescale_fundings(session: Session, p: Project) -> None:
    """Keep the sources summing to the fiscal funds: a single source takes the new amount;
    several change in proportion, the last one absorbing the rounding."""
    rows = list(
        session.scalars(
            select(ProjectFunding)
            .where(ProjectFunding.project_id == p.id)
            .order_by(ProjectFunding.id)
        )
    )
    old = sum((r.amount for r in rows), Decimal(0))
    if not rows or old == 0:
        return
    left = p.fiscal_funds
    for r in rows[:-1]:
        r.amount = (r.amount * p.fiscal_funds / old).quantize(Decimal("0.01"))
        left -= r.amount
    rows[-1].amount = left


def _text(name: str, value: Any, villages: dict[int, str]) -> str:
    if value is None:
        return ""
    if name == "village_id":
        return villages.get(int(value), str(value))
    if name in ("total_investment", "fiscal_funds"):
        return f"{Decimal(value) / 10_000:.2f}万元"  # 万元, as screens and notices show money
    return str(value)


def list_adjustments(session: Session, actor: Actor, project_id: int) -> list[AdjustmentRow]:
    """The project's adjustments, oldest first, each with its before/after lines."""
    p = _project(session, actor, project_id)
    rows = list(
        session.scalars(
            select(ProjectAdjustment)
            .where(ProjectAdjustment.project_id == p.id)
            .order_by(ProjectAdjustment.id)
        )
    )
    villages: dict[int, str] = {
        i: n
        for i, n in session.execute(
            select(Division.id, Division.name).where(Division.level == "village")
        )
    }
    out = []
    for r in rows:
        before, after = json.loads(r.before), json.loads(r.after)
        changes = tuple(
            (label, _text(name, before.get(name), villages), _text(name, after[name], villages))
            for name, label in FIELDS.items()
            if name in after
        )
        out.append(
            AdjustmentRow(
                r.id,
                r.state,
                r.reason,
                changes,
                r.decided_by,
                r.doc_number,
                r.decided_on,
                r.requested_at,
            )
        )
    return out


def pending_adjustment(session: Session, project_id: int) -> tuple[int, int] | None:
    """(id, version) of the project's adjustment waiting for approval, if any."""
    row = session.execute(
        select(ProjectAdjustment.id, ProjectAdjustment.version).where(
            ProjectAdjustment.project_id == project_id, ProjectAdjustment.state == "pending"
        )
    ).first()
    return (row[0], row[1]) if row is not None else None
