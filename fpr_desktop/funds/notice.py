"""The fund allocation notice (资金分配公告) from the ledger: the year's sources by level, with
their documents, and every project's assigned money (the template's "sources" and "rows")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.base.reference import choices
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import FundAssignment, FundDocument
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.notices.rows import division_names, location

Row = dict[str, Any]


def funded_projects(session: Session, year: int) -> list[Project]:
    """Projects given money from the year's allocation documents, in id order."""
    ids = (
        select(FundAssignment.project_id)
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .where(FundDocument.year == year)
    )
    return list(session.scalars(select(Project).where(Project.id.in_(ids)).order_by(Project.id)))


def allocation_tables(
    session: Session, year: int, projects: Sequence[Project]
) -> tuple[list[Row], dict[str, list[Row]]]:
    """(rows, {"sources": …}): each project's money from the year's documents; the documents by
    level (the notice's 资金来源 table)."""
    ids = [p.id for p in projects]
    amounts = dict(
        session.execute(
            select(FundAssignment.project_id, type_coerce(func.sum(FundAssignment.amount), Money))
            .join(FundDocument, FundDocument.id == FundAssignment.document_id)
            .where(FundDocument.year == year, FundAssignment.project_id.in_(ids))
            .group_by(FundAssignment.project_id)
        ).all()
    )
    names = division_names(session, projects)
    rows = [
        {
            "project_name": p.name,
            "location": location(p, names),
            "content": p.content,
            "amount": amounts[p.id],
            "responsible_unit": p.responsible_unit or p.implementing_unit,
        }
        for p in projects
        if p.id in amounts
    ]
    by_level: dict[str, tuple[list[str], Decimal]] = {}
    docs = session.execute(
        select(FundDocument.level, FundDocument.doc_no, FundAssignment.amount)
        .join(FundAssignment, FundAssignment.document_id == FundDocument.id)
        .where(FundDocument.year == year, FundAssignment.project_id.in_(ids))
        .order_by(FundDocument.issued_on, FundDocument.id)
    )
    for level, doc_no, amount in docs:
        numbers, total = by_level.get(level, ([], Decimal(0)))
        if doc_no not in numbers:
            numbers.append(doc_no)
        by_level[level] = (numbers, total + amount)
    order = {name: i for i, name in enumerate(choices("funds", "levels"))}
    sources = [
        {"level": f"{level}资金", "document": "、".join(numbers), "amount": total}
        for level, (numbers, total) in sorted(by_level.items(), key=lambda kv: order.get(kv[0], 9))
    ]
    return rows, {"sources": sources}
