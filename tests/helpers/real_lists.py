"""Project lists in the shapes counties and towns really publish, written by code.

`write_list(path, items, shape)` lays out `items` the way `shape` says: title and unit lines,
the money column's real name, a two-level 资金来源 header, town and village together or apart,
合计 before the data and 小计 between towns, 序号 restarting or missing, amounts as text with
units or remarks, traditional characters, merged town cells, rows broken in two, several
villages in one cell. `.xls` copies go through LibreOffice (`to_xls`).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

SOURCES = ("中央衔接资金", "省级衔接资金", "市级衔接资金")


@dataclass(frozen=True)
class Item:
    """One project of a list (amounts in 万元)."""

    town: str
    villages: tuple[str, ...]
    name: str
    amount: Decimal
    content: str = ""
    sources: tuple[Decimal, ...] = ()  # per SOURCES, for two-level headers
    unit: str = ""  # 实施单位


@dataclass(frozen=True)
class Shape:
    """How a list is laid out (each field one habit of real lists)."""

    title: str | None = None
    unit_line: str | None = None  # “单位：万元”
    money_header: str = "资金规模（万元）"
    total_header: str | None = None  # a separate 总投资 column
    sources_header: bool = False  # 资金来源 → 中央衔接资金 | 省级衔接资金 | 市级衔接资金
    source_text: str | None = None  # a single 资金来源 column with this text
    place: str = "apart"  # apart: 乡镇 | 村; together: 建设地点 “临城镇北驾廻村”; village: 村 only
    total_first: bool = False  # a 合计 row before the data
    subtotals: bool = False  # 小计 after each town
    total_label: str = "合计"
    seq: str = "normal"  # normal / restart (per town) / missing
    amount_style: str = "number"  # number / text_unit (“20万元”) / remark / wan (“20万”)
    content: bool = True
    year_column: bool = False
    merged_town: bool = False
    broken_rows: bool = False  # the first project's name continues on the next row
    header_extra: tuple[str, ...] = ("实施单位",)


def _amount(value: Decimal, style: str, n: int) -> object:
    text = format(value.normalize(), "f")
    match style:
        case "text_unit":
            return f"{text}万元"
        case "wan":
            return f"{text}万"
        case "remark":
            return f"{text}(其中,灾情因素{n % 5 + 1}万元)" if n % 2 else float(value)
        case "exact":
            return text  # many decimals, as typed
        case _:
            return float(value)


def _place(item: Item, shape: Shape) -> list[object]:
    several = "、".join(item.villages)
    if shape.place == "together":
        cell = f"{item.town}({several})" if len(item.villages) > 1 else item.town + several
        return [cell]
    if shape.place == "village":
        return [several]
    return [item.town, several]


def header(shape: Shape) -> tuple[list[str], list[str] | None]:
    """The header row(s): (top, second or None)."""
    cols = ["序号"] if shape.seq != "missing" else []
    if shape.year_column:
        cols.append("年度")
    cols += {"apart": ["乡镇", "村"], "together": ["建设地点"], "village": ["村"]}[shape.place]
    cols.append("项目名称")
    if shape.content:
        cols.append("建设内容")
    if shape.total_header:
        cols.append(shape.total_header)
    cols.append(shape.money_header)
    if shape.source_text is not None:
        cols.append("资金来源")
    cols += list(shape.header_extra)
    if not shape.sources_header:
        return cols, None
    at = cols.index(shape.money_header)
    top = cols[:at] + ["资金来源"] * (1 + len(SOURCES)) + cols[at + 1 :]
    second = [*cols[:at], "合计", *SOURCES, *cols[at + 1 :]]
    return top, second


def write_list(path: Path, items: list[Item], shape: Shape) -> Path:
    """The list as an .xlsx file; amounts of `items` are in 万元."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目计划"
    top, second = header(shape)
    width = len(top)
    if shape.title:
        ws.append([shape.title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    if shape.unit_line:
        ws.append([shape.unit_line])
    ws.append(top)
    if second is not None:
        ws.append(second)
        r = ws.max_row
        for c, (a, b) in enumerate(zip(top, second, strict=True), 1):
            if a == b:
                ws.merge_cells(start_row=r - 1, start_column=c, end_row=r, end_column=c)
        first = top.index("资金来源") + 1
        ws.merge_cells(start_row=r - 1, start_column=first, end_row=r - 1, end_column=first + 3)
    money_at = top.index(shape.money_header) if second is None else top.index("资金来源")
    total = sum((i.amount for i in items), Decimal(0))

    def summary(label: str, value: Decimal) -> None:
        row: list[object] = [None] * width
        row[0] = label
        row[money_at] = float(value)
        ws.append(row)

    if shape.total_first:
        summary(shape.total_label, total)
    seq = 0
    towns = list(dict.fromkeys(i.town for i in items))
    for town in towns:
        block = [i for i in items if i.town == town]
        start = ws.max_row + 1
        if shape.seq == "restart":
            seq = 0
        for n, item in enumerate(block):
            seq += 1
            row: list[object] = [seq] if shape.seq != "missing" else []
            if shape.year_column:
                row.append(2024)
            place = _place(item, shape)
            if shape.merged_town and shape.place == "apart" and n > 0:
                place[0] = None
            row += place
            name = item.name
            broken = shape.broken_rows and n == 0 and len(name) > 4
            row.append(name[:4] if broken else name)
            if shape.content:
                row.append(item.content)
            if shape.total_header:
                row.append(float(item.amount))
            if second is not None:
                row.append(_amount(item.amount, shape.amount_style, seq))
                row += [float(v) if v else None for v in item.sources]
            else:
                row.append(_amount(item.amount, shape.amount_style, seq))
            if shape.source_text is not None:
                row.append(shape.source_text)
            row += [item.unit or f"{item.town}人民政府" for _ in shape.header_extra]
            ws.append(row)
            if broken:
                cont: list[object] = [None] * width
                cont[top.index("项目名称")] = name[4:]
                ws.append(cont)
        if shape.merged_town and shape.place == "apart" and len(block) > 1:
            c = top.index("乡镇") + 1
            ws.merge_cells(start_row=start, start_column=c, end_row=ws.max_row, end_column=c)
        if shape.subtotals:
            summary("小计", sum((i.amount for i in block), Decimal(0)))
    if not shape.total_first:
        summary(shape.total_label, total)
    ws.append(["填表人：", None, "审核人："])
    wb.save(path)
    return path


def to_xls(xlsx: Path, folder: Path) -> Path:
    """The same workbook saved by LibreOffice as .xls (merges and text kept)."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(folder), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = folder / (xlsx.stem + ".xls")
    assert out.is_file(), out
    return out


@dataclass
class Place:
    """A county for the corpus: its towns and villages."""

    county: str
    towns: dict[str, tuple[str, ...]] = field(default_factory=dict)


def with_sources(item: Item) -> Item:
    """The item's amount split over the sources (central 60 %, province 30 %, city the rest)."""
    central = (item.amount * Decimal("0.6")).quantize(Decimal("0.0001"))
    province = (item.amount * Decimal("0.3")).quantize(Decimal("0.0001"))
    return replace(item, sources=(central, province, item.amount - central - province))
