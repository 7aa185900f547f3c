"""A tier's asset ledger in the official layout: Excel (through the exchange engine) or PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fpr_desktop import APP_TITLE, __version__
from fpr_desktop.assets.ledger_spec import SPEC
from fpr_desktop.assets.ledgers import LedgerScope, LedgerSource, breakdown_lines, row_select
from fpr_desktop.assets.models import TIERS, Asset
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.paging import driver_blocks
from fpr_desktop.base.settings import get_value

TIER_TITLES = {"county": "扶贫项目资产总台账（县级）", "town": "扶贫项目资产台账（镇级）"}


def ledger_title(session: Session, scope: LedgerScope, owner_name: str) -> str:
    county = get_value(session, "org.county_name")
    if scope.tier == "county":
        return f"{county}{TIER_TITLES['county']}"
    if scope.tier == "town":
        return f"{county}{owner_name}{TIER_TITLES['town']}"
    d = session.get(Division, scope.division_id)
    town = session.get(Division, d.town_id) if d is not None and d.town_id else None
    return f"{county}{town.name if town else ''}{owner_name}扶贫项目资产台账（村级）"


def export_rows(
    session: Session, source: LedgerSource, batch: int = 5000
) -> Iterator[dict[str, Any]]:
    """The ledger as rows keyed by the spec's columns (money in 元), in keyset blocks read
    straight from the driver (see paging.driver_blocks)."""
    tiers, day = TIERS.get, _day
    for block in driver_blocks(session, source.apply(row_select()), Asset.id, batch):
        for r in block:
            yield {
                "code": r[1],
                "name": r[2],
                "asset_class": r[3],
                "nature": r[4],
                "sub_type": r[5],
                "quantity": r[6],
                "unit": r[7],
                "town": r[8],
                "village": r[9],
                "group_name": r[10],
                "project": r[11],
                "year": r[12],
                "original_value": Decimal(r[13]).scaleb(-2),  # 分 → 元, two decimals
                "owner_tier": tiers(r[14] or "", ""),
                "owner_name": r[16] or r[15] or "",
                "registered_on": day(r[17]),
                "status": r[18],
                "remarks": r[19],
            }


def _day(value: dt.date | str | None) -> dt.date | None:
    """A DATE column as a driver returns it: ISO text (SQLite) or a date (PostgreSQL)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _summary_sheet(lines: list[tuple[str, int, Decimal]], title: str) -> Callable[[Any], None]:
    """A second sheet “分类汇总”: count and value by class and nature, then subtotals."""

    def add(wb: Any) -> None:
        from openpyxl.styles import Alignment, Font

        ws = wb.create_sheet("分类汇总", 1)
        ws.append([f"{title}·分类汇总"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(["类别·性质", "资产数（项）", "原值（元）"])
        for label, count, value in lines:
            ws.append([label, count, value])
            ws.cell(row=ws.max_row, column=3).number_format = "#,##0.00"
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 14
        ws.column_dimensions["C"].width = 20

    return add


def write_ledger_xlsx(
    session: Session,
    actor: Actor,
    scope: LedgerScope,
    path: str | Path,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """The ledger in the official Excel layout (合计 row, signatures, print set-up) plus a
    分类汇总 sheet; returns the number of assets written."""
    from fpr_desktop.exchange.layout import SheetLayout
    from fpr_desktop.exchange.official import write_official

    source = LedgerSource(session, actor, scope)
    title = ledger_title(session, scope, source.owner_name)
    unit_name = f"{source.owner_name}人民政府" if scope.tier == "town" else source.owner_name
    if scope.tier == "village":
        unit_name = f"{source.owner_name}村民委员会"
    layout = SheetLayout(
        SPEC, title, MoneyUnit.YUAN, unit_name=unit_name or get_value(session, "org.county_name")
    )
    meta = {
        "kind": "assets",
        "kind_title": SPEC.title,
        "purpose": "export",
        "tier": scope.tier,
        "division_id": scope.division_id or "",
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "program": f"{APP_TITLE} {__version__}",
    }
    lines = breakdown_lines(source.breakdown(session))
    return write_official(
        path,
        layout,
        export_rows(session, source),
        meta=meta,
        number_key="seq",
        on_row=on_row,
        finish=_summary_sheet(lines, title),
    )


def ledger_document(session: Session, actor: Actor, scope: LedgerScope) -> Any:
    """The ledger as a PDF document: the 分类汇总 table, then every asset (amounts in 万元)."""
    from fpr_desktop.documents import Column, ColumnKind, Document, Orientation, Table

    source = LedgerSource(session, actor, scope)
    title = ledger_title(session, scope, source.owner_name)
    lines = breakdown_lines(source.breakdown(session))
    summary = Table(
        [
            Column("类别·性质", "label", width=3),
            Column("资产数（项）", "count", ColumnKind.NUMBER, 1.5),
            Column("原值（{unit}）", "value", ColumnKind.AMOUNT, 2),
        ],
        [{"label": label, "count": n, "value": v} for label, n, v in lines],
        unit=MoneyUnit.WAN,
        decimals=2,
        total_label=None,
        caption="分类汇总（单位：万元）",
    )
    columns = [
        Column("序号", "seq", ColumnKind.INDEX, 0.6),
        Column("资产编号", "code", width=1.9),
        Column("资产名称", "name", width=2.0),
        Column("类别", "asset_class", width=1.1),
        Column("性质", "nature", width=1.4),
        Column("数量", "qty", width=0.9),
        Column("坐落", "where", width=1.8),
        Column("来源项目", "project", width=2.2),
        Column("原值（{unit}）", "original_value", ColumnKind.AMOUNT, 1.3, total=True),
        Column("所有者", "owner", width=1.7),
        Column("确权日期", "registered_on", ColumnKind.DATE, 1.3),
        Column("状态", "status", width=0.8),
    ]
    rows = []
    for r in export_rows(session, source):
        owner = r["owner_name"]
        if r["owner_tier"] == "户":
            owner = f"{owner}（农户）"
        rows.append(
            {
                **r,
                "qty": f"{r['quantity']}{r['unit']}",
                "where": f"{r['town']}{r['village'] or ''}{r['group_name']}",
                "owner": owner,
            }
        )
    if not rows:
        raise ValidationError("该台账没有资产，无需导出。")
    total = source.totals(session)
    return Document(
        title=title,
        subtitle=f"共 {total.count} 项资产",
        orientation=Orientation.LANDSCAPE,
        preamble=[
            summary,
            Table(columns, rows, unit=MoneyUnit.WAN, decimals=2, caption="资产明细（单位：万元）"),
        ],
        issuers=[_issuer(session, scope, source.owner_name)],
        date=dt.date.today(),
        seal_space=False,
    )


def _issuer(session: Session, scope: LedgerScope, owner_name: str) -> str:
    if scope.tier == "county":
        return str(get_value(session, "org.rural_unit"))
    return f"{owner_name}人民政府" if scope.tier == "town" else f"{owner_name}村民委员会"


def write_ledger_pdf(session: Session, actor: Actor, scope: LedgerScope, path: str | Path) -> int:
    """The ledger as an A4 landscape PDF; returns the page count."""
    from fpr_desktop.documents import build_pdf
    from fpr_desktop.projects.notices.build import fonts_from_settings

    doc = ledger_document(session, actor, scope)
    return build_pdf(doc, path, fonts=fonts_from_settings(session))
