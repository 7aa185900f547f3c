"""Allocation documents (资金下达文件): 文号 normalised, checked all at once, month-guarded."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.reference import choices
from fpr_desktop.base.versioning import check_version
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import FundAssignment, FundDocument
from fpr_desktop.funds.months import guard_month

# a year between any of the bracket pairs people type: 〔〕 [] 【】 ﹝﹞ () （）
_YEAR_IN_BRACKETS = re.compile(r"[\[【〔﹝(（〖]\s*(\d{4})\s*[\]】〕﹞)）〗]")


def normalize_doc_no(text: str) -> str:
    """Brackets around the year become 〔〕, spaces go: 陕财办农[2021]12 号 → …〔2021〕12号."""
    squeezed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return _YEAR_IN_BRACKETS.sub(r"〔\1〕", squeezed)


def wan(amount: Decimal) -> str:
    """An amount for a message: '12.50万元'."""
    return f"{format_amount(amount, MoneyUnit.WAN, 2)}万元"


@dataclass(frozen=True)
class DocumentInput:
    doc_no: str
    year: int
    issued_on: date
    issuer: str
    level: str
    source: str
    subtask: str
    amount: Decimal
    budget_subject: str = ""
    in_advance: bool = False
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class DocumentRow:
    id: int
    doc_no: str
    title: str
    year: int
    issued_on: date
    issuer: str
    level: str
    source: str
    subtask: str
    budget_subject: str
    amount: Decimal
    in_advance: bool
    assigned: Decimal
    version: int

    @property
    def unassigned(self) -> Decimal:
        return self.amount - self.assigned


def document_problems(
    session: Session, inp: DocumentInput, document_id: int | None = None
) -> list[str]:
    """Every problem of a document at once (empty: it may be saved)."""
    out = []
    if not inp.doc_no:
        out.append("文号不能为空。")
    else:
        clash = session.scalar(
            select(FundDocument.id).where(
                FundDocument.doc_no == inp.doc_no, FundDocument.id != (document_id or 0)
            )
        )
        if clash is not None:
            out.append(f"文号“{inp.doc_no}”已经登记过。")
    if not 2000 <= inp.year <= 2100:
        out.append(f"资金年度“{inp.year}”不正确。")
    if not inp.issuer.strip():
        out.append("下达单位不能为空。")
    for value, key, label in (
        (inp.level, "levels", "资金级次"),
        (inp.source, "sources", "资金来源"),
        (inp.subtask, "subtasks", "支出方向（子任务）"),
    ):
        allowed = choices("funds", key)
        if value not in allowed:
            out.append(f"{label}“{value}”应为：{'、'.join(allowed)}。")
    if inp.amount <= 0:
        out.append("下达金额应大于 0。")
    return out


def _clean(inp: DocumentInput) -> DocumentInput:
    return replace(
        inp,
        doc_no=normalize_doc_no(inp.doc_no),
        issuer=inp.issuer.strip(),
        budget_subject=inp.budget_subject.strip(),
        title=inp.title.strip(),
        note=inp.note.strip(),
    )


def _check(session: Session, inp: DocumentInput, document_id: int | None = None) -> None:
    problems = document_problems(session, inp, document_id)
    if problems:
        raise ValidationError("\n".join(problems))


def _values(inp: DocumentInput) -> dict[str, object]:
    return {k: getattr(inp, k) for k in DocumentInput.__dataclass_fields__}


def create_document(session: Session, actor: Actor, inp: DocumentInput) -> int:
    require(session, actor, "funds.edit")
    inp = _clean(inp)
    _check(session, inp)
    guard_month(session, inp.issued_on, "资金下达文件")
    row = FundDocument(**_values(inp))
    session.add(row)
    session.flush()
    return row.id


def assigned_total(session: Session, document_id: int, exclude_id: int | None = None) -> Decimal:
    stmt = select(type_coerce(func.coalesce(func.sum(FundAssignment.amount), 0), Money)).where(
        FundAssignment.document_id == document_id
    )
    if exclude_id is not None:
        stmt = stmt.where(FundAssignment.id != exclude_id)
    return session.scalar(stmt) or Decimal(0)


def _get(session: Session, document_id: int) -> FundDocument:
    row = session.get(FundDocument, document_id)
    if row is None:
        raise NotFound("该资金下达文件不存在。")
    return row


def update_document(
    session: Session, actor: Actor, document_id: int, expected_version: int, inp: DocumentInput
) -> None:
    require(session, actor, "funds.edit")
    row = _get(session, document_id)
    check_version(row, expected_version)
    inp = _clean(inp)
    _check(session, inp, document_id)
    guard_month(session, row.issued_on, "资金下达文件")
    guard_month(session, inp.issued_on, "资金下达文件")
    assigned = assigned_total(session, document_id)
    if assigned and (inp.source, inp.year) != (row.source, row.year):
        # assignments and entries carry the source, and were checked against that year's plan
        raise ValidationError(
            f"文件“{row.doc_no}”已分配到项目，不能再修改资金来源或资金年度；请先删除其分配。"
        )
    if inp.amount < assigned:
        raise ValidationError(
            f"文件已分配 {wan(assigned)}，下达金额不能改为少于已分配的 {wan(inp.amount)}。"
        )
    for key, value in _values(inp).items():
        setattr(row, key, value)
    session.flush()


def delete_document(session: Session, actor: Actor, document_id: int) -> None:
    require(session, actor, "funds.edit")
    row = _get(session, document_id)
    if session.scalar(select(FundAssignment.id).where(FundAssignment.document_id == row.id)):
        raise ValidationError(f"文件“{row.doc_no}”已分配到项目，不能删除；请先删除其分配。")
    guard_month(session, row.issued_on, "资金下达文件")
    session.delete(row)
    session.flush()


def list_documents(session: Session, actor: Actor, year: int | None = None) -> list[DocumentRow]:
    """Documents (newest first) with what is assigned from each, summed in SQL."""
    require_role(actor, "read")
    assigned = (
        select(
            FundAssignment.document_id,
            type_coerce(func.sum(FundAssignment.amount), Money).label("assigned"),
        )
        .group_by(FundAssignment.document_id)
        .subquery()
    )
    stmt = (
        select(FundDocument, assigned.c.assigned)
        .outerjoin(assigned, assigned.c.document_id == FundDocument.id)
        .order_by(FundDocument.issued_on.desc(), FundDocument.id.desc())
    )
    if year is not None:
        stmt = stmt.where(FundDocument.year == year)
    return [
        DocumentRow(
            d.id,
            d.doc_no,
            d.title,
            d.year,
            d.issued_on,
            d.issuer,
            d.level,
            d.source,
            d.subtask,
            d.budget_subject,
            d.amount,
            d.in_advance,
            a or Decimal(0),
            d.version,
        )
        for d, a in session.execute(stmt)
    ]
