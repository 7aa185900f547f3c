"""Tables for documents: Paragraph cells that wrap CJK text, repeated header, 合计 row."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph, Spacer

from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.documents.cells import cell_text, column_title, column_totals
from fpr_desktop.documents.model import Align, Column, ColumnKind, Record, Table
from fpr_desktop.documents.paged_table import PagedTable
from fpr_desktop.documents.styles import Styles
from fpr_desktop.documents.textfmt import field_value, plain_text

GRID = 0.6
PAD = 3
# A full-width comma or closing bracket may hang past the line end (标点悬挂); its ink sits in
# the left half of the em box, so a wider right padding keeps it off the cell border.
PAD_RIGHT = 5


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def fit_widths(
    columns: list[Column], texts: list[list[str]], styles: Styles, unit: MoneyUnit, width: float
) -> list[float]:
    """Relative widths scaled to `width`, but amounts, numbers, dates and 序号 never wrap and
    a header breaks at most before its "（unit）": such columns take room from text columns."""
    total_rel = sum(c.width for c in columns) or 1.0
    widths = [width * c.width / total_rel for c in columns]
    bold, size = styles.header_cell.fontName, styles.cell.fontSize
    mins = []
    for i, col in enumerate(columns):
        parts = re.split(r"(?=[（(])|\n", column_title(col, unit))
        need = max((stringWidth(p, bold, size) for p in parts if p), default=0.0)
        if col.kind != ColumnKind.TEXT and texts[i]:
            need = max(need, max(stringWidth(t, bold, size) for t in texts[i]))
        mins.append(need + PAD + PAD_RIGHT + 1)
    deficit = sum(max(0.0, m - w) for m, w in zip(mins, widths, strict=True))
    if deficit <= 0:
        return widths
    slack = [max(0.0, w - m) if w > m else 0.0 for m, w in zip(mins, widths, strict=True)]
    total_slack = sum(slack)
    if total_slack < deficit:  # too many columns for the page: keep the proportions
        return widths
    return [
        max(m, w - deficit * sl / total_slack) if sl else max(m, w)
        for m, w, sl in zip(mins, widths, slack, strict=True)
    ]


def _base_style(header_rows: int, font: str) -> list[tuple[Any, ...]]:
    cmds: list[tuple[Any, ...]] = [
        # Plain-string cells (e.g. blanks) would otherwise pull in an unembedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_RIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93)))
    return cmds


def build_table(table: Table, styles: Styles, width: float) -> list[Flowable]:
    """The flowables for a Table block: optional caption, the table, optional note.

    Text cells are Paragraphs (CJK wrap); amounts, numbers, dates and 序号 are plain strings
    drawn by the table itself, which is much cheaper and never wraps (fit_widths sees to it).
    """
    columns = list(table.columns)
    if not columns:
        return []
    # Keep the caption, the header and a couple of rows together at the foot of a page.
    out: list[Flowable] = [CondPageBreak(styles.cell.leading * 6 + 4 * PAD)]
    if table.caption:
        out.append(_p(table.caption, styles.cell_for(Align.RIGHT)))
        out.append(Spacer(1, 1 * mm))
    texts: list[list[str]] = [[] for _ in columns]
    body: list[list[Any]] = []
    cell_styles = [styles.cell_for(c.alignment) for c in columns]
    for n, row in enumerate(table.rows, start=1):
        line: list[Any] = []
        for i, col in enumerate(columns):
            value = n if col.kind == ColumnKind.INDEX else field_value(row, col.key)
            text = cell_text(col, value, table.unit, table.decimals)
            if col.kind == ColumnKind.TEXT:
                line.append(_p(text, cell_styles[i]))
            else:
                texts[i].append(text)
                line.append(text)
        body.append(line)
    totals = column_totals(table)
    total_texts = {i: _total_text(columns[i], v, table) for i, v in totals.items()}
    for i, text in total_texts.items():
        texts[i].append(text)
    widths = fit_widths(columns, texts, styles, table.unit, width)
    header = [[_header(c, table.unit, w, styles) for c, w in zip(columns, widths, strict=True)]]
    cmds = _base_style(1, styles.cell.fontName)
    cmds += [
        ("FONTSIZE", (0, 1), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 1), (-1, -1), styles.cell.leading),
    ]
    for i, col in enumerate(columns):
        if col.kind != ColumnKind.TEXT:
            cmds.append(("ALIGN", (i, 1), (i, -1), _ALIGN_CMD[col.alignment]))
    row_cmds: dict[int, list[tuple[Any, ...]]] = {}
    spans: dict[int, int] = {}
    if table.total_label is not None and totals:
        first = min(total_texts)
        total_row: list[Any] = [""] * len(columns)
        if first > 0:
            total_row[0] = _p(table.total_label, styles.header_cell)
            if first > 1:
                row_cmds[len(body)] = [("SPAN", (0, -1), (first - 1, -1))]
                spans[len(body)] = first
        for i, text in total_texts.items():
            total_row[i] = text
        body.append(total_row)
    out.append(
        PagedTable(
            header,
            body,
            widths,
            cmds,
            pads=(PAD, PAD_RIGHT, PAD, PAD + 1),
            leading=styles.cell.leading,
            row_cmds=row_cmds,
            spans=spans,
        )
    )
    if table.note:
        out.append(Spacer(1, 1 * mm))
        out.append(_p(table.note, styles.small))
    return out


_ALIGN_CMD = {
    Align.LEFT: "LEFT",
    Align.CENTER: "CENTER",
    Align.RIGHT: "RIGHT",
    Align.JUSTIFY: "LEFT",
}


def _header(col: Column, unit: MoneyUnit, width: float, styles: Styles) -> Paragraph:
    """A header cell; one too wide for its column breaks before its "（unit）" part."""
    title = column_title(col, unit)
    style = styles.header_cell
    if stringWidth(title, style.fontName, style.fontSize) > width - PAD - PAD_RIGHT:
        title = re.sub(r"(?<=\S)(?=[（(])", "\n", title, count=1)
    return _p(title, style)


def _total_text(col: Column, amount: Decimal, table: Table) -> str:
    if col.kind == ColumnKind.AMOUNT:
        return format_amount(amount, table.unit, table.decimals)
    return plain_text(amount)


def build_record(record: Record, styles: Styles, width: float) -> list[Flowable]:
    """A two-column form (label | value) for one record, e.g. a project's details."""
    data: list[list[Any]] = []
    header = bool(record.label_title and record.value_title)
    if header:
        data.append(
            [_p(record.label_title, styles.header_cell), _p(record.value_title, styles.header_cell)]
        )
    label_style = styles.header_cell
    value_style = styles.cell_for(Align.LEFT)
    for col in record.fields:
        value = field_value(record.record, col.key)
        text = cell_text(col, value, record.unit, record.decimals)
        if not text.strip():
            continue  # a form never prints an empty row: what is not known is left out
        if col.kind == ColumnKind.AMOUNT and text:
            text = f"{text} {record.unit.value}"
        data.append([_p(column_title(col, record.unit), label_style), _p(text, value_style)])
    if not data:
        return []
    grid = LongTable(
        data, colWidths=[width * 0.24, width * 0.76], repeatRows=1 if header else 0, splitByRow=1
    )
    grid.setStyle(_base_style(1 if header else 0, styles.cell.fontName))
    return [grid]
