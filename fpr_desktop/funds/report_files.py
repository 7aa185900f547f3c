"""The monthly report as files: an official-layout workbook (two sheets) and an A4 PDF."""

from __future__ import annotations

import datetime as dt
import tempfile
from copy import copy
from pathlib import Path
from typing import Any

from fpr_desktop import APP_TITLE, __version__
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.documents import (
    Column,
    ColumnKind,
    Document,
    Orientation,
    Record,
    Section,
    Table,
    Text,
)
from fpr_desktop.exchange.layout import SheetLayout
from fpr_desktop.exchange.official import write_official
from fpr_desktop.exchange.spec import ColumnSpec, ColumnType, KindSpec
from fpr_desktop.funds.report import MonthlyReport, ReportLine

_MONEY = (
    ("issued", "下达资金"),
    ("assigned", "已分配"),
    ("paid", "已拨付"),
    ("spent", "已支出"),
    ("retention", "质保金"),
    ("settled", "已报账"),
)


def _spec(first: str, with_issued: bool) -> KindSpec:
    money = [ColumnSpec(k, t, ColumnType.MONEY) for k, t in _MONEY if with_issued or k != "issued"]
    return KindSpec(
        "fund_monthly_report",
        "衔接资金使用情况月报",
        (
            ColumnSpec("no", "序号", ColumnType.INT),
            ColumnSpec("label", first),
            *money,
            ColumnSpec("rate", "支出率（%）"),
            ColumnSpec("started", "已开工项目", ColumnType.INT, count_unit="个"),
            ColumnSpec("completed", "已完工项目", ColumnType.INT, count_unit="个"),
        ),
        sheet_names=("按资金来源" if with_issued else "按乡镇",),
    )


def _row(line: ReportLine) -> dict[str, Any]:
    rate = line.rate
    return {
        "label": line.label,
        "issued": line.issued,
        "assigned": line.assigned,
        "paid": line.paid,
        "spent": line.spent,
        "retention": line.retention,
        "settled": line.settled,
        "rate": "" if rate is None else f"{rate}",
        "started": line.started,
        "completed": line.completed,
    }


def _write_table(path: Path, report: MonthlyReport, by_source: bool, unit_name: str) -> None:
    lines = report.by_source if by_source else report.by_town
    spec = _spec("资金来源" if by_source else "乡镇", by_source)
    title = f"{report.title}（{'按资金来源' if by_source else '按乡镇'}）"
    layout = SheetLayout(spec, title, MoneyUnit.WAN, unit_name=unit_name)
    meta = {
        "kind": spec.kind,
        "purpose": "report",
        "period": report.period,
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "program": f"{APP_TITLE} {__version__}",
    }
    write_official(path, layout, (_row(x) for x in lines), meta=meta, number_key="no")


def _finish_sheet(ws: Any, report: MonthlyReport, lines: list[ReportLine]) -> None:
    """Fill the 合计 row's rate, the filled-by / reviewed-by names and the problems line."""
    state = report.state
    total = report.total(lines)
    from openpyxl.styles import Alignment

    header = _header_row(ws)
    rate_col = next(c.column for c in ws[header] if c.value and "支出率" in str(c.value))
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "合计" and total.rate is not None:
                rate = ws.cell(row=cell.row, column=rate_col, value=f"{total.rate}")
                rate.font = copy(ws.cell(row=cell.row, column=rate_col - 1).font)
            if state is not None and cell.value == "制表人：":
                cell.value = f"制表人：{state.filled_by}"
            if state is not None and cell.value == "审核人：":
                cell.value = f"审核人：{state.reviewed_by}"
    for r in range(header + 1, ws.max_row + 1):
        ws.cell(row=r, column=rate_col).alignment = Alignment(horizontal="right")
    if state is not None and state.problems:
        ws.cell(row=ws.max_row + 2, column=1, value=f"存在问题：{state.problems}")


def _header_row(ws: Any) -> int:
    for row in ws.iter_rows(max_row=8):
        if any(c.value and "支出率" in str(c.value) for c in row):
            return int(row[0].row)
    raise ValueError("no header row")


def _copy_sheet(src: Any, dst: Any) -> None:
    for row in src.iter_rows():
        for c in row:
            d = dst.cell(row=c.row, column=c.column, value=c.value)
            if c.has_style:
                d.font, d.border, d.alignment = copy(c.font), copy(c.border), copy(c.alignment)
                d.fill, d.number_format = copy(c.fill), c.number_format
    for rng in src.merged_cells.ranges:
        dst.merge_cells(str(rng))
    for key, dim in src.column_dimensions.items():
        dst.column_dimensions[key].width = dim.width
    for key, dim in src.row_dimensions.items():
        dst.row_dimensions[key].height = dim.height
    dst.freeze_panes = src.freeze_panes
    dst.page_setup.orientation = src.page_setup.orientation
    dst.print_title_rows = src.print_title_rows


def write_report_xlsx(report: MonthlyReport, path: str | Path, unit_name: str = "") -> Path:
    """Sheet 1 by fund source, sheet 2 by town, each in the official layout."""
    from openpyxl import load_workbook

    target = Path(path)
    _write_table(target, report, True, unit_name)
    with tempfile.TemporaryDirectory() as tmp:
        towns = Path(tmp) / "towns.xlsx"
        _write_table(towns, report, False, unit_name)
        wb = load_workbook(target)
        src = load_workbook(towns).worksheets[0]
        dst = wb.create_sheet("按乡镇", index=1)
        _copy_sheet(src, dst)
    _finish_sheet(wb.worksheets[0], report, report.by_source)
    _finish_sheet(dst, report, report.by_town)
    wb.save(target)
    return target


def _pdf_columns(first: str, with_issued: bool) -> list[Column]:
    money = [
        Column(f"{t}（{{unit}}）", k, ColumnKind.AMOUNT)
        for k, t in _MONEY
        if with_issued or k != "issued"
    ]
    return [
        Column(first, "label", width=1.6),
        *money,
        Column("支出率（%）", "rate", ColumnKind.NUMBER, width=0.8),
        Column("已开工", "started", ColumnKind.NUMBER, width=0.6),
        Column("已完工", "completed", ColumnKind.NUMBER, width=0.6),
    ]


def report_document(report: MonthlyReport, unit_name: str = "") -> Document:
    """The report as a landscape A4 document: both tables, problems, filled-by and reviewed-by."""
    sections = []
    for heading, lines, first, issued in (
        ("按资金来源", report.by_source, "资金来源", True),
        ("按乡镇", report.by_town, "乡镇", False),
    ):
        rows = [_row(x) for x in lines]
        total = _row(report.total(lines))
        total["label"] = "合计"
        table = Table(
            _pdf_columns(first, issued), [*rows, total], total_label=None, caption="单位：万元"
        )
        sections.append(Section(heading, [table]))
    state = report.state
    closing: list[Text | Table | Record] = [
        Text(f"存在问题：{(state.problems if state else '') or '无'}", indent=False),
        Text(
            f"填报人：{state.filled_by if state else ''}　　　　"
            f"审核人：{state.reviewed_by if state else ''}",
            indent=False,
        ),
    ]
    return Document(
        title=report.title,
        subtitle=f"（截至{report.as_of.year}年{report.as_of.month}月{report.as_of.day}日，本年累计）",
        orientation=Orientation.LANDSCAPE,
        sections=sections,
        closing=closing,
        issuers=[unit_name] if unit_name else [],
        date=dt.date.today(),
        seal_space=False,
    )


def write_report_pdf(report: MonthlyReport, path: str | Path, unit_name: str = "") -> Path:
    from fpr_desktop.documents import build_pdf

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    build_pdf(report_document(report, unit_name), target)
    return target
