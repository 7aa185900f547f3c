"""The money chain on a project: assign (分配), pay (拨付), spend (支出), retain, settle (报账).

Every change is checked against the whole chain of its assignment after the change:
Σ assigned ≤ document; Σ paid ≤ assigned; Σ spent + Σ retained ≤ paid; Σ settled ≤ spent; no
total below zero — so an adjustment (a correction entered in an open month) cannot break it
either. Before acceptance, payments to a project stay within the prepayment cap of its contract
price (a setting) unless a user with `funds.override` gives a reason (kept on the entry, audited).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.permissions import can, require
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.db.types import Money
from fpr_desktop.funds.documents import assigned_total, wan
from fpr_desktop.funds.models import ENTRY_KINDS, FundAssignment, FundDocument, FundEntry
from fpr_desktop.funds.months import guard_month
from fpr_desktop.funds.uses import use_flag
from fpr_desktop.projects.models import AnnualPlan, PlanItem, Project


def _project(session: Session, project_id: int) -> Project:
    p = session.get(Project, project_id)
    if p is None:
        raise NotFound("该项目不存在。")
    return p


def in_annual_plan(session: Session, project_id: int, year: int) -> bool:
    return (
        session.scalar(
            select(PlanItem.id)
            .join(AnnualPlan, AnnualPlan.id == PlanItem.plan_id)
            .where(PlanItem.project_id == project_id, AnnualPlan.year == year)
            .limit(1)
        )
        is not None
    )


def assign(
    session: Session,
    actor: Actor,
    document_id: int,
    project_id: int,
    amount: Decimal,
    assigned_on: date,
) -> int:
    """Assign money of a document to a project of that year's annual plan."""
    doc = session.get(FundDocument, document_id)
    if doc is None:
        raise NotFound("该资金下达文件不存在。")
    p = _project(session, project_id)
    require(session, actor, "funds.edit", p.village_id or p.town_id)
    problems = []
    if not in_annual_plan(session, p.id, doc.year):
        problems.append(f"项目“{p.name}”不在{doc.year}年度计划中，不能分配该年度资金。")
    if amount <= 0:
        problems.append("分配金额应大于 0。")
    if assigned_on < doc.issued_on:
        problems.append(f"分配日期不能早于文件下达日期 {doc.issued_on.isoformat()}。")
    already = assigned_total(session, doc.id)
    if amount > 0 and already + amount > doc.amount:
        problems.append(
            f"文件“{doc.doc_no}”下达 {wan(doc.amount)}，已分配 {wan(already)}，"
            f"剩余 {wan(doc.amount - already)}，不能再分配 {wan(amount)}。"
        )
    if session.scalar(
        select(FundAssignment.id).where(
            FundAssignment.document_id == doc.id, FundAssignment.project_id == p.id
        )
    ):
        problems.append(f"项目“{p.name}”已从文件“{doc.doc_no}”分配过资金，请修改原分配金额。")
    if problems:
        raise ValidationError("\n".join(problems))
    guard_month(session, assigned_on, "资金分配")
    row = FundAssignment(
        document_id=doc.id,
        project_id=p.id,
        assigned_on=assigned_on,
        amount=amount,
        source=doc.source,
        town_id=p.town_id,
        village_id=p.village_id,
    )
    session.add(row)
    session.flush()
    return row.id


def _assignment(session: Session, assignment_id: int) -> FundAssignment:
    row = session.get(FundAssignment, assignment_id)
    if row is None:
        raise NotFound("该资金分配记录不存在。")
    return row


def change_assignment(
    session: Session, actor: Actor, assignment_id: int, expected_version: int, amount: Decimal
) -> None:
    """Change an assigned amount (still ≥ what was paid, ≤ what the document has left)."""
    a = _assignment(session, assignment_id)
    require(session, actor, "funds.edit", a.village_id or a.town_id)
    check_version(a, expected_version)
    doc = session.get(FundDocument, a.document_id)
    assert doc is not None
    others = assigned_total(session, doc.id, exclude_id=a.id)
    if others + amount > doc.amount:
        raise ValidationError(
            f"文件“{doc.doc_no}”下达 {wan(doc.amount)}，其他项目已分配 {wan(others)}，"
            f"该项目最多可分配 {wan(doc.amount - others)}。"
        )
    guard_month(session, a.assigned_on, "资金分配")
    totals = kind_totals(session, a.id)
    check_chain(totals, amount)
    a.amount = amount
    session.flush()


def kind_totals(
    session: Session, assignment_id: int, exclude_id: int | None = None
) -> dict[str, Decimal]:
    """Σ amount by entry kind on one assignment (adjustments included), summed in SQL."""
    stmt = (
        select(FundEntry.kind, type_coerce(func.sum(FundEntry.amount), Money))
        .where(FundEntry.assignment_id == assignment_id)
        .group_by(FundEntry.kind)
    )
    if exclude_id is not None:
        stmt = stmt.where(FundEntry.id != exclude_id)
    totals = {k: Decimal(0) for k in ENTRY_KINDS}
    totals.update({k: v for k, v in session.execute(stmt)})
    return totals


def check_chain(t: dict[str, Decimal], assigned: Decimal) -> None:
    problems = []
    if t["pay"] > assigned:
        problems.append(f"累计拨付 {wan(t['pay'])} 将超过分配给该项目的 {wan(assigned)}。")
    if t["spend"] + t["retain"] > t["pay"]:
        problems.append(
            f"累计支出 {wan(t['spend'])} 与质保金 {wan(t['retain'])} 之和将超过已拨付的 "
            f"{wan(t['pay'])}。"
        )
    if t["settle"] > t["spend"]:
        problems.append(f"累计报账 {wan(t['settle'])} 将超过已支出的 {wan(t['spend'])}。")
    negative = [ENTRY_KINDS[k] for k, v in t.items() if v < 0]
    if negative:
        problems.append(f"调整后累计{'、'.join(negative)}将小于零。")
    if problems:
        raise ValidationError("\n".join(problems))


@dataclass(frozen=True)
class EntryInput:
    assignment_id: int
    kind: str  # pay / spend / retain / settle
    entry_date: date
    amount: Decimal
    payee: str = ""
    voucher_no: str = ""
    use_category: str = ""
    note: str = ""
    override_reason: str = ""  # paying beyond the prepayment cap (funds.override)
    adjusts_id: int | None = None  # an adjustment of this entry (may be negative; needs a note)


def entry_problems(session: Session, inp: EntryInput, a: FundAssignment) -> list[str]:
    out = []
    if inp.kind not in ENTRY_KINDS:
        out.append(f"台账记录类型“{inp.kind}”应为拨付、支出、质保金或报账。")
        return out
    label = ENTRY_KINDS[inp.kind]
    if inp.adjusts_id is None:
        if inp.amount <= 0:
            out.append(f"{label}金额应大于 0（更正请登记调整记录）。")
        if inp.entry_date < a.assigned_on:
            out.append(f"{label}日期不能早于资金分配日期 {a.assigned_on.isoformat()}。")
    else:
        target = session.get(FundEntry, inp.adjusts_id)
        if target is None or target.assignment_id != a.id or target.kind != inp.kind:
            out.append(f"被调整的记录应是同一项目同一文件的{label}记录。")
        if inp.amount == 0:
            out.append("调整金额不能为零。")
        if not inp.note.strip():
            out.append("调整记录必须写明调整原因。")
    if inp.kind == "spend" and inp.adjusts_id is None:
        if not inp.payee.strip():
            out.append("支出必须填写收款人（施工单位或受益对象）。")
        if not inp.use_category.strip():
            out.append("支出必须选择资金用途。")
    if inp.kind == "settle" and not inp.voucher_no.strip():
        out.append("报账必须填写凭证号。")
    return out


def prepayment_cap(session: Session, p: Project) -> tuple[Decimal, str]:
    """(cap, what it is a share of) for a project not yet accepted."""
    percent = int(get_value(session, "funds.prepayment_cap_percent"))
    if p.contract_amount:
        base, what = p.contract_amount, f"合同价 {wan(p.contract_amount)}"
    else:
        base = session.scalar(
            select(type_coerce(func.coalesce(func.sum(FundAssignment.amount), 0), Money)).where(
                FundAssignment.project_id == p.id
            )
        ) or Decimal(0)
        what = f"分配资金 {wan(base)}（未登记合同价）"
    cap = (base * percent / 100).quantize(Decimal("0.01"))
    return cap, f"{what}的 {percent}%"


def check_cap(
    session: Session,
    actor: Actor,
    inp: EntryInput,
    p: Project,
    extra: Decimal,
    pending: Decimal = Decimal(0),
) -> str:
    """The prepayment cap before acceptance; returns the override reason kept on the entry.

    `pending`: payments to the project not yet written (earlier rows of the same import).
    """
    if inp.kind != "pay" or extra <= 0:
        return ""
    if p.accepted_on is not None and p.accepted_on <= inp.entry_date:
        return ""
    paid = session.scalar(
        select(type_coerce(func.coalesce(func.sum(FundEntry.amount), 0), Money)).where(
            FundEntry.project_id == p.id, FundEntry.kind == "pay"
        )
    ) or Decimal(0)
    paid += pending
    cap, what = prepayment_cap(session, p)
    if paid + extra <= cap:
        return ""
    reason = inp.override_reason.strip()
    message = (
        f"项目“{p.name}”尚未验收，预拨上限为{what}即 {wan(cap)}；已拨付 {wan(paid)}，"
        f"本次 {wan(extra)} 将超出 {wan(paid + extra - cap)}。"
    )
    if not reason:
        raise ValidationError(message + "确需超额拨付，请由有权限的人员填写理由后批准。")
    if not can(actor, "funds.override"):
        raise PermissionDenied(message + "当前用户无权批准超上限拨付。")
    return reason


def record_entry(session: Session, actor: Actor, inp: EntryInput) -> int:
    """Record one 拨付/支出/质保金/报账 line (or an adjustment of one)."""
    a = _assignment(session, inp.assignment_id)
    require(session, actor, "funds.edit", a.village_id or a.town_id)
    inp = replace(
        inp,
        payee=inp.payee.strip(),
        voucher_no=inp.voucher_no.strip(),
        use_category=inp.use_category.strip(),
        note=inp.note.strip(),
    )
    problems = entry_problems(session, inp, a)
    if problems:
        raise ValidationError("\n".join(problems))
    guard_month(session, inp.entry_date, f"{ENTRY_KINDS[inp.kind]}记录")
    totals = kind_totals(session, a.id)
    totals[inp.kind] += inp.amount
    check_chain(totals, a.amount)
    p = _project(session, a.project_id)
    override = check_cap(session, actor, inp, p, inp.amount)
    row = FundEntry(
        assignment_id=a.id,
        kind=inp.kind,
        entry_date=inp.entry_date,
        amount=inp.amount,
        payee=inp.payee,
        voucher_no=inp.voucher_no,
        use_category=inp.use_category,
        flag=use_flag(inp.use_category) if inp.kind == "spend" else "",
        note=inp.note,
        override_reason=override,
        adjusts_id=inp.adjusts_id,
        project_id=a.project_id,
        source=a.source,
        town_id=a.town_id,
        village_id=a.village_id,
    )
    session.add(row)
    session.flush()
    return row.id


def delete_entry(session: Session, actor: Actor, entry_id: int, expected_version: int) -> None:
    """Delete a mistaken line of an open month (the chain must still hold without it)."""
    row = session.get(FundEntry, entry_id)
    if row is None:
        raise NotFound("该台账记录不存在。")
    require(session, actor, "funds.edit", row.village_id or row.town_id)
    check_version(row, expected_version)
    guard_month(session, row.entry_date, f"{ENTRY_KINDS[row.kind]}记录")
    if session.scalar(select(FundEntry.id).where(FundEntry.adjusts_id == row.id).limit(1)):
        raise ValidationError("该记录已有调整记录，不能删除。")
    a = _assignment(session, row.assignment_id)
    check_chain(kind_totals(session, a.id, exclude_id=row.id), a.amount)
    session.delete(row)
    session.flush()
