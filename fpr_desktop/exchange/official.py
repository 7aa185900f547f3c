"""Write a table in the official layout: title, 填报单位 and 单位 line, (merged group) header,
data, 合计 row, 制表人/审核人/负责人 and date line, print setup and the hidden meta sheet.

The file re-imports cleanly: the 合计 row and the signature line are recognised and skipped by
the reader, money is written exactly in the announced unit, codes as text.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from .layout import (
    FONT,
    THIN,
    SheetLayout,
    cell_value,
    number_format,
    style_header,
    title_rows,
    width_of,
)
from .layout import write_meta as _write_meta
from .spec import ColumnType
from .template import print_setup
from .xlsx.sheetstream import Cells, RowStream

TOTAL_LABEL = "合计"
# values written as they come (cell_value would return them unchanged)
_PLAIN = frozenset({type(None), str, int, float, bool, Decimal, dt.date, dt.datetime})
SIGNATURES = ("制表人：", "审核人：", "负责人：")


def write_official(
    path: str | Path,
    layout: SheetLayout,
    rows: Iterable[Mapping[str, Any]],
    *,
    meta: Mapping[str, object],
    number_key: str | None = None,
    on_row: Callable[[int], None] | None = None,
    today: dt.date | None = None,
    finish: Callable[[Any], None] | None = None,
) -> int:
    """Write `rows` (normalised values by column key; money in 元) and return how many.

    Rows are consumed one at a time and streamed to disk (memory stays flat whatever the count);
    the layout around them is an ordinary openpyxl workbook (see sheetstream).
    number_key: a column filled with 1, 2, 3 … (序号); it also carries the 合计 label.
    finish: called with the (openpyxl) workbook before it is saved (e.g. to add a summary
    sheet); the data rows are not in it, only the layout around them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = (layout.kind.sheet_names or (layout.kind.title,))[0][:31]
    header_first = title_rows(ws, layout, unit_line=True, centre=True)
    header_last = style_header(ws, layout, header_first, mark=False)
    cols = layout.cols
    formats = [number_format(c, layout.unit) for c in cols]
    side = Side(style=THIN)
    border = Border(left=side, right=side, top=side, bottom=side)
    font = Font(name=FONT)
    wrap = Alignment(wrap_text=True, vertical="center")
    middle = Alignment(vertical="center")
    centred = Alignment(horizontal="center", vertical="center")
    # money and counts (户, 人) add up; other numbers (a year) do not
    summed = [
        c.key != number_key
        and (c.type is ColumnType.MONEY or (c.type is ColumnType.INT and bool(c.count_unit)))
        for c in cols
    ]
    widths = [width_of(layout, c) for c in cols]
    wrapped = [c.key != number_key and c.type in (ColumnType.TEXT, ColumnType.PERIOD) for c in cols]
    # each column's data style, registered through a scratch cell (its id goes into the rows)
    styles: list[int] = []
    for c, spec in enumerate(cols, 1):
        cell = ws.cell(row=header_last + 1, column=c)
        cell.number_format, cell.border, cell.font = formats[c - 1], border, font
        if spec.key == number_key:
            cell.alignment = centred
        elif spec.type in (ColumnType.TEXT, ColumnType.PERIOD):
            cell.alignment = wrap
        else:
            cell.alignment = middle
        styles.append(cell.style_id)
        del ws._cells[(header_last + 1, c)]
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fpr-export-", dir=target.parent) as scratch:
        stream = RowStream(Path(scratch) / "rows.deflate")
        try:
            with cyclic_gc_paused():
                count, totals = _stream_rows(
                    stream, rows, layout, header_last, number_key, styles, summed, wrapped,
                    widths, on_row,
                )  # fmt: skip
            r = header_last + count + 1
            label_col = next((i for i, c in enumerate(cols) if c.key == number_key), 0)
            bold = Font(name=FONT, bold=True)
            for c in range(len(cols)):
                value = TOTAL_LABEL if c == label_col else (totals[c] if summed[c] else None)
                cell = ws.cell(row=r, column=c + 1, value=value)
                cell.border, cell.font, cell.number_format = border, bold, formats[c]
            ws.cell(row=r, column=label_col + 1).alignment = Alignment(horizontal="center")
            _signature_line(ws, r + 2, len(cols), today or dt.date.today())
            ws.freeze_panes = f"A{header_last + 1}"
            print_setup(ws, layout, header_first, header_last)
            _write_meta(wb, {**meta, "header_row": header_first, "rows": count})
            if finish is not None:
                finish(wb)
            index = wb.worksheets.index(ws)
            wb.active = 0
            shell = Path(scratch) / "shell.xlsx"
            wb.save(shell)
            partial = Path(scratch) / "out.xlsx"
            stream.splice(shell, partial, index, r)
        finally:
            stream.close()  # the helper thread stops, spliced or not
        os.replace(partial, target)
    return count


def _stream_rows(
    stream: RowStream,
    rows: Iterable[Mapping[str, Any]],
    layout: SheetLayout,
    header_last: int,
    number_key: str | None,
    styles: list[int],
    summed: list[bool],
    wrapped: list[bool],
    widths: list[int],
    on_row: Callable[[int], None] | None,
) -> tuple[int, list[Decimal | int]]:
    """Write every row to `stream`; returns (count, column totals)."""
    cols = layout.cols
    unit = layout.unit
    keys = [c.key for c in cols]
    number_col = keys.index(number_key) if number_key in keys else -1
    totals: list[Decimal | int] = [0] * len(cols)
    adds = [c for c in range(len(cols)) if summed[c]]
    lined = [c for c in range(len(cols)) if wrapped[c]]
    cells = Cells(styles)
    # what needs cell_value: money in 万元, and values that are not plain (a Period, a place)
    scaled = [
        c for c, spec in enumerate(cols) if spec.type is ColumnType.MONEY and unit.factor != 1
    ]
    count = 0
    r = header_last
    for count, values in enumerate(rows, 1):
        r += 1
        get = values.get
        out: list[Any] = [get(k) for k in keys]
        if number_col >= 0:
            out[number_col] = count
        for c in scaled:
            if out[c] is not None:
                out[c] = cell_value(cols[c], out[c], unit)
        if not set(map(type, out)) <= _PLAIN:
            for c, value in enumerate(out):
                if value is not None and type(value) not in _PLAIN:
                    out[c] = cell_value(cols[c], value, unit)
        lines = 1
        for c in lined:
            value = out[c]
            if isinstance(value, str) and (len(value) * 2 >= widths[c] - 1 or "\n" in value):
                lines = max(lines, _lines(value, widths[c]))
        for c in adds:
            if out[c] is not None:
                totals[c] += out[c]
        # openpyxl-style sheets do not fit row heights; wrapped text needs room
        stream.write(r, cells.xml(out), min(15 * lines + 3, 160) if lines > 1 else None)
        if on_row is not None and count % 500 == 0:
            on_row(count)
    return count, totals


_WIDE = re.compile("[\u2e80-\U0010ffff]")  # CJK and wider: two units of column width


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while rows stream through.

    Each row is plain values freed by reference counting as soon as it is written; the collector
    would only walk the program's long-lived objects again and again (about a tenth of a
    300,000-row export here). Cycles made meanwhile are collected when it is switched back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _lines(text: str, width: int) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (CJK counts 2)."""
    total = 0
    count_wide = _WIDE.subn
    for part in text.split("\n"):
        units = len(part) + count_wide("", part)[1]
        total += max(1, -(-units // max(width - 1, 1)))
    return total


def _signature_line(ws: Any, row: int, width: int, day: dt.date) -> None:
    """制表人：  审核人：  负责人：  …  填报日期：2025年1月2日 spread across the table width."""
    from openpyxl.styles import Alignment, Font

    texts = [*SIGNATURES, f"填报日期：{day.year}年{day.month}月{day.day}日"]
    if width < len(texts):  # a narrow table: one cell holds the whole line
        texts = ["　　　　".join(texts)]
    step = width // len(texts)
    for i, text in enumerate(texts):
        cell = ws.cell(row=row, column=1 + i * step, value=text)
        cell.font = Font(name=FONT)
        cell.alignment = Alignment(horizontal="left")
