"""The annual ledger (年度台账): each document of the year and under it each project line.

A line: project, town/village, implementing unit, assigned, paid, spent, retention, settled,
acceptance and settlement dates, and the balance not yet paid (assigned − paid) that is carried
over or recovered at year end (结转结余). Sums come from one GROUP BY over the entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.permissions import require_role
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import FundAssignment, FundDocument, FundEntry
from fpr_desktop.projects.models import Project

ZERO = Decimal(0)


@dataclass(frozen=True)
class AnnualLine:
    doc_no: str
    source: str
    issued_on: date
    project: str
    place: str
    implementing_unit: str
    assigned: Decimal
    paid: Decimal
    spent: Decimal
    retention: Decimal
    settled: Decimal
    accepted_on: date | None
    settled_on: date | None

    @property
    def balance(self) -> Decimal:
        return self.assigned - self.paid


def annual_lines(session: Session, actor: Actor, year: int) -> list[AnnualLine]:
    """Every assignment of the year's documents, in document then project order."""
    require_role(actor, "read")
    sums = (
        select(
            FundEntry.assignment_id,
            FundEntry.kind,
            type_coerce(func.sum(FundEntry.amount), Money).label("total"),
        )
        .group_by(FundEntry.assignment_id, FundEntry.kind)
        .subquery()
    )
    totals: dict[int, dict[str, Decimal]] = {}
    for aid, kind, total in session.execute(
        select(sums.c.assignment_id, sums.c.kind, sums.c.total)
        .join(FundAssignment, FundAssignment.id == sums.c.assignment_id)
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .where(FundDocument.year == year)
    ):
        totals.setdefault(aid, {})[kind] = total
    town, village = aliased(Division), aliased(Division)
    rows = session.execute(
        select(FundAssignment, FundDocument, Project, town.name, village.name)
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .join(Project, Project.id == FundAssignment.project_id)
        .join(town, town.id == FundAssignment.town_id)
        .outerjoin(village, village.id == FundAssignment.village_id)
        .where(FundDocument.year == year)
        .order_by(FundDocument.issued_on, FundDocument.id, FundAssignment.id)
    )
    out = []
    for a, d, p, town_name, village_name in rows:
        t = totals.get(a.id, {})
        out.append(
            AnnualLine(
                d.doc_no,
                d.source,
                d.issued_on,
                p.name,
                town_name + (village_name or ""),
                p.implementing_unit,
                a.amount,
                t.get("pay", ZERO),
                t.get("spend", ZERO),
                t.get("retain", ZERO),
                t.get("settle", ZERO),
                p.accepted_on,
                p.settled_on,
            )
        )
    return out


_COLUMNS = (
    ("doc_no", "文号", "text"),
    ("source", "资金来源", "text"),
    ("project", "项目名称", "text"),
    ("place", "建设地点", "text"),
    ("implementing_unit", "实施单位", "text"),
    ("assigned", "分配资金", "money"),
    ("paid", "已拨付", "money"),
    ("spent", "已支出", "money"),
    ("retention", "质保金", "money"),
    ("settled", "已报账", "money"),
    ("balance", "结余（未拨付）", "money"),
    ("accepted_on", "验收日期", "date"),
    ("settled_on", "报账日期", "date"),
)


def _as_dict(line: AnnualLine) -> dict[str, Any]:
    return {k: getattr(line, k) for k, _, _ in _COLUMNS}


def write_annual_xlsx(lines: list[AnnualLine], year: int, path: str | Path, unit: str) -> Path:
    from fpr_desktop.exchange.layout import SheetLayout
    from fpr_desktop.exchange.official import write_official
    from fpr_desktop.exchange.spec import ColumnSpec, ColumnType, KindSpec

    types = {"text": ColumnType.TEXT, "money": ColumnType.MONEY, "date": ColumnType.DATE}
    spec = KindSpec(
        "fund_annual_ledger",
        "衔接资金年度台账",
        (
            ColumnSpec("no", "序号", ColumnType.INT),
            *(ColumnSpec(k, t, types[kind]) for k, t, kind in _COLUMNS),
        ),
        sheet_names=("年度台账",),
    )
    layout = SheetLayout(spec, f"{year}年度衔接资金台账", MoneyUnit.WAN, unit_name=unit)
    target = Path(path)
    write_official(
        target,
        layout,
        (_as_dict(x) for x in lines),
        meta={"kind": spec.kind, "purpose": "report", "year": year},
        number_key="no",
    )
    return target


def write_annual_pdf(lines: list[AnnualLine], year: int, path: str | Path, unit: str) -> Path:
    from fpr_desktop.documents import Column, ColumnKind, build_pdf, make_ledger

    kinds = {"text": ColumnKind.TEXT, "money": ColumnKind.AMOUNT, "date": ColumnKind.DATE}
    widths = {"doc_no": 2.0, "project": 2.2, "place": 1.3, "implementing_unit": 1.4}
    columns = [Column("序号", kind=ColumnKind.INDEX, width=0.5)] + [
        Column(
            f"{t}（{{unit}}）" if kind == "money" else t,
            k,
            kinds[kind],
            width=widths.get(k, 1.0),
            total=kind == "money",
        )
        for k, t, kind in _COLUMNS
        if k != "source"
    ]
    doc = make_ledger(
        f"{year}年度衔接资金台账",
        columns,
        [_as_dict(x) for x in lines],
        subtitle="（资金下达文件 → 项目 → 拨付、支出、报账）",
        issuers=[unit] if unit else [],
        made_on=date.today(),
    )
    target = Path(path)
    build_pdf(doc, target)
    return target
