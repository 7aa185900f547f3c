"""Write an empty import template for a KindSpec: title, instructions, marked header, dropdowns,
number formats, frozen header, print setup and the hidden meta sheet (kind, version, town).

Dropdown lists live on a hidden list sheet behind defined names (no 255-character limit); a
village list can depend on the row's town (INDIRECT over one name per town).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cells import put
from .layout import (
    FONT,
    LIST_SHEET,
    SheetLayout,
    number_format,
    style_header,
    title_rows,
    write_meta,
)
from .spec import ColumnSpec, ColumnType

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TEMPLATE_ROWS = 1000  # rows pre-formatted and covered by the dropdowns
_PROMPT_MAX = 250  # Excel's limit for an input message


@dataclass(frozen=True)
class Dropdown:
    """Allowed values of a column; `by_parent` makes the list depend on another column's value."""

    values: Sequence[str] = ()
    strict: bool = True  # False: the list only suggests (e.g. a new village may be typed)
    depends_on: str | None = None  # column key whose value picks the list in `by_parent`
    by_parent: Mapping[str, Sequence[str]] = field(default_factory=dict)


def _instructions(layout: SheetLayout, extra: Sequence[str]) -> list[str]:
    required = "、".join(c.title.replace("/", "") for c in layout.cols if c.required)
    lines = [
        "填写说明：",
        f"1. 红色带 * 的列为必填项（{required}）；其余列有则填写。",
        "2. 请从第一行空白数据行起逐行填写，不要插入合计行、空行，不要修改或删除表头。",
        "3. 有下拉箭头的列请从下拉列表中选择；选中单元格时会提示应填写的内容。",
    ]
    if layout.has_money:
        unit = layout.unit.value
        lines.append(f"{len(lines)}. 金额以{unit}为单位填写数字，不要带“元”“万元”等文字。")
    lines += [f"{len(lines) + i}. {text}" for i, text in enumerate(extra)]
    return lines


def _list_range(wb: Workbook, column: int, name: str, values: Sequence[str]) -> str | None:
    """Put `values` into column `column` of the hidden list sheet under a defined name."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    if not values:
        return None
    ws = wb[LIST_SHEET]
    ws.cell(row=1, column=column, value=name)
    for r, v in enumerate(values, 2):
        put(ws, r, column, v)
    letter = get_column_letter(column)
    ref = f"{quote_sheetname(LIST_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    wb.defined_names[name] = DefinedName(name, attr_text=ref)
    return name


def _prompt(spec: ColumnSpec, layout: SheetLayout) -> str:
    text = spec.expected(layout.unit)
    if spec.required:
        text = "必填。" + text
    return text[:_PROMPT_MAX]


def _validations(
    wb: Workbook,
    ws: Worksheet,
    layout: SheetLayout,
    dropdowns: Mapping[str, Dropdown],
    first: int,
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = first + TEMPLATE_ROWS - 1
    list_col = 0
    letters = {spec.key: get_column_letter(i) for i, spec in enumerate(layout.cols, 1)}
    for spec in layout.cols:
        letter = letters[spec.key]
        title = spec.title.replace("/", " ")[:32]
        drop = dropdowns.get(spec.key)
        if drop is None and spec.type is ColumnType.ENUM:
            drop = Dropdown(spec.allowed_values())
        dv: DataValidation
        if drop is not None and drop.depends_on and drop.depends_on in letters:
            names: list[str] = []
            for parent, values in drop.by_parent.items():
                list_col += 1
                names.append(parent)
                _list_range(wb, list_col, f"fpr_{spec.key}_{len(names)}", values)
            list_col += 1
            _list_range(wb, list_col, f"fpr_{spec.key}_parents", names)
            parent_cell = f"${letters[drop.depends_on]}{first}"
            formula = f'INDIRECT("fpr_{spec.key}_"&MATCH({parent_cell},fpr_{spec.key}_parents,0))'
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        elif drop is not None and drop.values:
            list_col += 1
            name = _list_range(wb, list_col, f"fpr_{spec.key}", drop.values)
            dv = DataValidation(type="list", formula1=name, allow_blank=True)
        elif spec.type in (ColumnType.MONEY, ColumnType.INT):
            kind = "decimal" if spec.type is ColumnType.MONEY else "whole"
            low = "-1000000000000" if spec.allow_negative else "0"
            dv = DataValidation(
                type=kind, operator="greaterThanOrEqual", formula1=low, allow_blank=True
            )
            dv.error = "请填写" + ("数字" if kind == "decimal" else "整数") + "（不要带单位文字）。"
        else:
            dv = DataValidation(allow_blank=True)  # input message only
        if dv.type == "list":
            dv.error = "请从下拉列表中选择。"
            dv.errorStyle = "stop" if drop is None or drop.strict else "warning"
        dv.errorTitle = title
        dv.showErrorMessage = dv.type is not None
        dv.promptTitle = title
        dv.prompt = _prompt(spec, layout)
        dv.showInputMessage = True
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


def print_setup(ws: Worksheet, layout: SheetLayout, header_first: int, header_last: int) -> None:
    """A4, landscape when wide, header rows repeated on every page, fit to the page width."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = len(layout.cols) > 8
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_template(
    path: str | Path,
    layout: SheetLayout,
    *,
    meta: Mapping[str, object],
    dropdowns: Mapping[str, Dropdown] | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write the template to `path` and return it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = (layout.kind.sheet_names or (layout.kind.title,))[0][:31]
    lists = wb.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    row = title_rows(ws, layout, unit_line=False, centre=False)
    width = len(layout.cols)
    for line in _instructions(layout, notes):
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = Font(name=FONT, size=10, color="FF595959", bold=line.endswith("："))
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.row_dimensions[row].height = 16 if len(line) < width * 6 else 30
        row += 1
    header_first = row
    header_last = style_header(ws, layout, header_first, mark=True)
    first_data = header_last + 1
    for c, spec in enumerate(layout.cols, 1):
        ws.column_dimensions[get_column_letter(c)].number_format = number_format(spec, layout.unit)
    _validations(wb, ws, layout, dropdowns or {}, first_data)
    ws.freeze_panes = f"A{first_data}"
    print_setup(ws, layout, header_first, header_last)
    write_meta(wb, {**meta, "header_row": header_first})
    wb.active = 0
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target
