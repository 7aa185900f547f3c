"""The ledger list (台账明细): filters, keyset pages, totals in SQL; money in 万元 on screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.paging import Column, IdPage, Totals
from fpr_desktop.base.permissions import require_role
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import ENTRY_KINDS, FundAssignment, FundDocument, FundEntry
from fpr_desktop.projects.models import Project

LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("entry_date", "日期", "date", 90),
    Column("kind", "类型", width=60),
    Column("project", "项目名称", width=220),
    Column("town", "镇", width=70),
    Column("doc_no", "文号", width=150),
    Column("source", "资金来源", width=100),
    Column("amount", "金额", "money", 100),  # the screen adds its unit (万元)
    Column("payee", "收款人", width=120),
    Column("voucher_no", "凭证号", width=80),
    Column("use_category", "用途", width=80),
    Column("flag", "提示", width=160),
)


@dataclass(frozen=True)
class LedgerFilter:
    year: int | None = None
    kind: str | None = None  # pay / spend / retain / settle
    town_id: int | None = None
    source: str | None = None
    project_id: int | None = None


class LedgerSource:
    """Ledger lines newest first (keyset on (entry_date, id), index ix_fund_entry_entry_date_id)."""

    columns: Sequence[Column] = LEDGER_COLUMNS

    def __init__(self, actor: Actor, flt: LedgerFilter | None = None) -> None:
        require_role(actor, "read")
        self.actor = actor
        self.filter = flt or LedgerFilter()

    def _apply[S: Select[*tuple[Any, ...]]](self, stmt: S) -> S:
        f = self.filter
        if self.actor.scope_town_id is not None:
            stmt = stmt.where(FundEntry.town_id == self.actor.scope_town_id)
        if f.year is not None:
            stmt = stmt.where(
                FundEntry.entry_date >= date(f.year, 1, 1),
                FundEntry.entry_date <= date(f.year, 12, 31),
            )
        if f.kind:
            stmt = stmt.where(FundEntry.kind == f.kind)
        if f.town_id is not None:
            stmt = stmt.where(FundEntry.town_id == f.town_id)
        if f.source:
            stmt = stmt.where(FundEntry.source == f.source)
        if f.project_id is not None:
            stmt = stmt.where(FundEntry.project_id == f.project_id)
        return stmt

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        stmt = self._apply(select(FundEntry.id, FundEntry.entry_date))
        if after is not None:
            day, last = after
            stmt = stmt.where(
                (FundEntry.entry_date < day)
                | ((FundEntry.entry_date == day) & (FundEntry.id < last))
            )
        rows = session.execute(
            stmt.order_by(FundEntry.entry_date.desc(), FundEntry.id.desc()).limit(limit)
        ).all()
        return IdPage(
            [r[0] for r in rows], (rows[-1][1], rows[-1][0]) if len(rows) == limit else None
        )

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        town = aliased(Division)
        stmt = (
            select(FundEntry, Project.name, town.name, FundDocument.doc_no)
            .join(Project, Project.id == FundEntry.project_id)
            .join(town, town.id == FundEntry.town_id)
            .join(FundAssignment, FundAssignment.id == FundEntry.assignment_id)
            .join(FundDocument, FundDocument.id == FundAssignment.document_id)
            .where(FundEntry.id.in_(list(ids)))
        )
        out: dict[int, tuple[Any, ...]] = {}
        for e, project, town_name, doc_no in session.execute(stmt):
            notes = [e.flag] if e.flag else []
            if e.adjusts_id is not None:
                notes.append(f"调整：{e.note}")
            if e.override_reason:
                notes.append(f"超上限批准：{e.override_reason}")
            out[e.id] = (
                e.entry_date,
                ENTRY_KINDS[e.kind],
                project,
                town_name,
                doc_no,
                e.source,
                e.amount,
                e.payee,
                e.voucher_no,
                e.use_category,
                "；".join(notes),
            )
        return out

    def totals(self, session: Session) -> Totals:
        """Count and Σ by kind (元) of the whole filtered ledger, in one GROUP BY."""
        stmt = self._apply(
            select(
                FundEntry.kind,
                func.count(FundEntry.id),
                type_coerce(func.sum(FundEntry.amount), Money),
            ).group_by(FundEntry.kind)
        )
        count, sums = 0, {k: Decimal(0) for k in ENTRY_KINDS}
        for kind, n, total in session.execute(stmt):
            count += int(n)
            sums[kind] = total or Decimal(0)
        return Totals(count, sums)


@dataclass(frozen=True)
class AssignmentChoice:
    """One line the payment dialog offers: project ← document, with what is left to pay."""

    id: int
    label: str
    assigned: Decimal
    paid: Decimal


def assignment_choices(
    session: Session, actor: Actor, year: int | None = None
) -> list[AssignmentChoice]:
    require_role(actor, "read")
    paid = (
        select(
            FundEntry.assignment_id, type_coerce(func.sum(FundEntry.amount), Money).label("paid")
        )
        .where(FundEntry.kind == "pay")
        .group_by(FundEntry.assignment_id)
        .subquery()
    )
    stmt = (
        select(FundAssignment, Project.name, FundDocument.doc_no, paid.c.paid)
        .join(Project, Project.id == FundAssignment.project_id)
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .outerjoin(paid, paid.c.assignment_id == FundAssignment.id)
        .order_by(Project.name, FundDocument.issued_on)
    )
    if year is not None:
        stmt = stmt.where(FundDocument.year == year)
    if actor.scope_town_id is not None:
        stmt = stmt.where(FundAssignment.town_id == actor.scope_town_id)
    return [
        AssignmentChoice(a.id, f"{name}　←　{doc_no}", a.amount, p or Decimal(0))
        for a, name, doc_no, p in session.execute(stmt)
    ]
