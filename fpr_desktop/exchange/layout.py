"""What templates and official exports share: header texts (with units and group parents), column
widths, number formats, cell values written back from normalised values, and the hidden meta sheet.

A ColumnSpec title with “/” (“申请财政资金/合计”) is a child under a merged group header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from python_calamine import CalamineError, CalamineWorkbook

from fpr_desktop.base.money import MoneyUnit

from .cells import append
from .dates import Period
from .divisions import DivisionMatch
from .spec import ColumnSpec, ColumnType, KindSpec

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

META_SHEET = "_fpr_meta"
LIST_SHEET = "_fpr_lists"
FONT = "宋体"
THIN = "thin"
HEADER_FILL = "FFDDEBF7"
REQUIRED_COLOR = "FFC00000"
_WIDTHS = {
    ColumnType.TEXT: 16,
    ColumnType.INT: 9,
    ColumnType.MONEY: 12,
    ColumnType.DATE: 12,
    ColumnType.PERIOD: 22,
    ColumnType.ENUM: 13,
    ColumnType.ID_NUMBER: 21,
    ColumnType.CODE: 14,
    ColumnType.DIVISION: 11,
}


@dataclass(frozen=True)
class SheetLayout:
    """How one table is laid out in a template or an export."""

    kind: KindSpec
    title: str
    unit: MoneyUnit = MoneyUnit.YUAN
    unit_name: str = ""  # 填报单位 (e.g. “固关镇人民政府”)
    columns: tuple[ColumnSpec, ...] = ()  # default: every column of the kind
    widths: Mapping[str, int] = field(default_factory=dict)

    @property
    def cols(self) -> tuple[ColumnSpec, ...]:
        return self.columns or self.kind.columns

    @property
    def grouped(self) -> bool:
        """True when some column sits under a group header (two header rows)."""
        return any("/" in c.title for c in self.cols)

    @property
    def has_money(self) -> bool:
        return any(c.type is ColumnType.MONEY for c in self.cols)


def split_title(spec: ColumnSpec) -> tuple[str, str]:
    """(group, name): (“申请财政资金”, “合计”), or (“”, “项目名称”)."""
    parent, sep, child = spec.title.partition("/")
    return (parent, child) if sep else ("", spec.title)


def header_texts(layout: SheetLayout, *, mark_required: bool) -> list[tuple[str, str]]:
    """(group text, column text) per column; money units in the group or the column text."""
    out = []
    unit = f"（{layout.unit.value}）"
    money_groups = {
        split_title(c)[0] for c in layout.cols if c.type is ColumnType.MONEY and "/" in c.title
    }
    for spec in layout.cols:
        parent, child = split_title(spec)
        star = "*" if mark_required and spec.required else ""
        if parent in money_groups:
            parent += unit  # the whole group carries the unit, so it stays one merged cell
        elif spec.type is ColumnType.MONEY:
            child += unit
        out.append((parent, star + child))
    return out


def width_of(layout: SheetLayout, spec: ColumnSpec) -> int:
    if spec.key in layout.widths:
        return layout.widths[spec.key]
    base = _WIDTHS[spec.type]
    if spec.type is ColumnType.TEXT and spec.max_length and spec.max_length <= 10:
        base = 10
    return max(base, min(len(split_title(spec)[1]) * 2 + 4, 30))


def number_format(spec: ColumnSpec, unit: MoneyUnit) -> str:
    """The Excel number format a column is written and pre-formatted with."""
    match spec.type:
        case ColumnType.MONEY:
            return "#,##0.00" if unit is MoneyUnit.YUAN else "#,##0.00####"
        case ColumnType.INT:
            return "0"
        case ColumnType.DATE:
            return "yyyy-mm-dd"
        case _:
            return "@"  # text: codes and ID numbers keep their leading zeros and digits


def cell_value(spec: ColumnSpec, value: Any, unit: MoneyUnit) -> Any:
    """A normalised value (as the validator returns it) → what is written into the cell."""
    if value is None:
        return None
    if spec.type is ColumnType.MONEY:
        return (Decimal(value) / unit.factor).normalize() if unit is not MoneyUnit.YUAN else value
    if isinstance(value, DivisionMatch):
        if spec.type is ColumnType.DIVISION:
            return value.village or value.town
        return value.full_name
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, (dt.date, int, Decimal, float)):
        return value
    return str(value)


def write_meta(wb: Workbook, meta: Mapping[str, object]) -> None:
    """The hidden sheet that says what this workbook is (kind, template version, town …)."""
    ws = wb.create_sheet(META_SHEET)
    ws.append(["本工作表由巩固衔接业务管理系统生成，请勿修改或删除。"])
    for key, value in meta.items():
        append(ws, [key, "" if value is None else str(value)])
    ws.sheet_state = "hidden"


def read_meta(path: str) -> dict[str, str]:
    """The hidden meta sheet of a workbook this program wrote ({} for any other workbook)."""
    try:
        with open(path, "rb") as fh:
            book = CalamineWorkbook.from_filelike(fh)
    except (CalamineError, OSError, ValueError):
        return {}
    with book:
        if META_SHEET not in book.sheet_names:
            return {}
        try:
            rows = book.get_sheet_by_name(META_SHEET).to_python()
        except CalamineError:
            return {}
    out: dict[str, str] = {}
    for row in rows[1:]:
        if len(row) >= 2 and isinstance(row[0], str) and row[0]:
            value = row[1]
            if isinstance(value, float) and value == int(value):
                value = int(value)
            out[row[0]] = str(value)
    return out


def style_header(ws: Worksheet, layout: SheetLayout, first_row: int, *, mark: bool) -> int:
    """Write the header row(s) at `first_row`; returns the last header row."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    texts = header_texts(layout, mark_required=mark)
    two = layout.grouped
    last = first_row + (1 if two else 0)
    side = Side(style=THIN)
    border = Border(left=side, right=side, top=side, bottom=side)
    fill = PatternFill(fill_type="solid", fgColor=HEADER_FILL)
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for c, spec in enumerate(layout.cols, 1):
        parent, child = texts[c - 1]
        red = mark and spec.required
        for r in range(first_row, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.border, cell.fill, cell.alignment = border, fill, align
            cell.font = Font(name=FONT, bold=True, color=REQUIRED_COLOR if red else None)
        if two and parent:
            ws.cell(row=first_row, column=c, value=parent).font = Font(name=FONT, bold=True)
            ws.cell(row=last, column=c, value=child)
        else:
            ws.cell(row=first_row, column=c, value=child)
            if two:
                ws.merge_cells(start_row=first_row, start_column=c, end_row=last, end_column=c)
        ws.column_dimensions[get_column_letter(c)].width = width_of(layout, spec)
    if two:
        _merge_groups(ws, texts, first_row)
    ws.row_dimensions[first_row].height = 30
    if two:
        ws.row_dimensions[last].height = 30
    return last


def _merge_groups(ws: Worksheet, texts: Sequence[tuple[str, str]], row: int) -> None:
    start = 0
    while start < len(texts):
        parent = texts[start][0]
        end = start
        while parent and end + 1 < len(texts) and texts[end + 1][0] == parent:
            end += 1
        if parent and end > start:
            ws.merge_cells(start_row=row, start_column=start + 1, end_row=row, end_column=end + 1)
        start = end + 1


def title_rows(ws: Worksheet, layout: SheetLayout, *, unit_line: bool, centre: bool) -> int:
    """Title (row 1) and the 填报单位 / 单位 line (row 2); returns the next free row.

    centre: over the whole table (printed exports); else from column A, where a wide template
    opens on screen.
    """
    from openpyxl.styles import Alignment, Font

    width = len(layout.cols)
    ws.cell(row=1, column=1, value=layout.title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(
        horizontal="center" if centre else "left", vertical="center"
    )
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 32
    left = f"填报单位：{layout.unit_name}" if layout.unit_name else "填报单位："
    ws.cell(row=2, column=1, value=left).font = Font(name=FONT)
    half = max(2, width // 2)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    if unit_line and layout.has_money and half < width:
        cell = ws.cell(row=2, column=half + 1, value=f"单位：{layout.unit.value}")
        cell.font = Font(name=FONT)
        cell.alignment = Alignment(horizontal="right")
        ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=width)
    return 3
