"""The official export streams its rows (issue 16): what a user sees in the file is unchanged —
formats in 万元, borders, wrapped text with room, frozen header, 合计, print setup — and stored
text comes back exactly as stored (formula-like text, OOXML escapes, spaces, markup)."""

from __future__ import annotations

import datetime as dt
import threading
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.exchange import ColumnSpec, ColumnType, KindSpec
from fpr_desktop.exchange.layout import SheetLayout
from fpr_desktop.exchange.official import write_official

SPEC = KindSpec(
    kind="stream_test",
    title="测试台账",
    columns=(
        ColumnSpec("seq", "序号", ColumnType.INT),
        ColumnSpec("name", "名称"),
        ColumnSpec("amount", "资金/金额", ColumnType.MONEY),
        ColumnSpec("other", "资金/其他", ColumnType.MONEY),
        ColumnSpec("people", "人数", ColumnType.INT, count_unit="人"),
        ColumnSpec("day", "日期", ColumnType.DATE),
        ColumnSpec("code", "编号", ColumnType.CODE),
    ),
    sheet_names=("台账",),
)
LAYOUT = SheetLayout(SPEC, "测试台账（万元）", MoneyUnit.WAN, unit_name="某镇人民政府")
HOSTILE_TEXT = [
    '=HYPERLINK("http://example.invalid","点我")',
    "+1+2",
    "@SUM(A1:A2)",
    "literal _x0041_ stays",
    "  leading and trailing  ",
    "a < b & c > d",
    "铃\x07声",
    "第一行\n第二行\n第三行\n第四行",
]


def _rows(n: int) -> Iterator[dict[str, Any]]:
    for i in range(1, n + 1):
        yield {
            "name": HOSTILE_TEXT[i % len(HOSTILE_TEXT)] if i <= len(HOSTILE_TEXT) else f"名{i}",
            "amount": Decimal(i * 10_000) + Decimal("0.01"),  # 元 → written in 万元
            "other": None,
            "people": i,
            "day": dt.date(2025, 1, 1) + dt.timedelta(days=i),
            "code": f"{i:06d}",
        }


def test_stream_keeps_the_layout_and_the_values(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    assert (
        write_official(out, LAYOUT, _rows(len(HOSTILE_TEXT)), meta={"kind": "t"}, number_key="seq")
        == 8
    )
    wb = load_workbook(out)
    ws = wb["台账"]
    assert ws["A1"].value == "测试台账（万元）" and ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$3:$4" and ws.page_setup.fitToWidth == 1
    assert any(str(r).startswith("C3:D3") for r in ws.merged_cells.ranges)  # 资金 over two columns
    first = ws[5]
    assert [c.value for c in first[:2]] == [1, HOSTILE_TEXT[1]]
    assert first[2].value == Decimal("1.000001") or float(first[2].value) == 1.000001  # 万元
    assert first[2].number_format == "#,##0.00####" and first[2].border.left.style == "thin"
    assert first[5].value == dt.datetime(2025, 1, 2) and first[5].number_format == "yyyy-mm-dd"
    assert first[6].value == "000001" and first[6].number_format == "@"
    assert first[0].alignment.horizontal == "center" and first[1].alignment.wrap_text
    expected = [HOSTILE_TEXT[i % 8].replace("\x07", "") for i in range(1, 9)]
    assert all(ws.cell(row=r, column=2).data_type != "f" for r in range(5, 13))  # no formulas
    # python-calamine (the program's reader) reads every text back exactly as stored
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("台账")
    assert [row[1] for row in sheet.to_python()[4:12]] == expected
    tall = next(r for r in range(5, 13) if "第四行" in str(ws.cell(row=r, column=2).value))
    assert ws.row_dimensions[tall].height and ws.row_dimensions[tall].height >= 60
    total = ws[13]
    assert total[0].value == "合计" and total[4].value == sum(range(1, 9))  # 人数 adds up
    assert Decimal(str(total[2].value)) == sum(
        Decimal(i) + Decimal("0.000001") for i in range(1, 9)
    )
    assert total[3].value is None or total[3].value == 0
    assert str(ws.cell(row=15, column=1).value).startswith("制表人")


def test_no_rows_still_gives_header_total_and_signatures(tmp_path: Path) -> None:
    out = tmp_path / "空.xlsx"
    assert write_official(out, LAYOUT, iter(()), meta={}, number_key="seq") == 0
    ws = load_workbook(out)["台账"]
    assert ws["A5"].value == "合计" and str(ws["A7"].value).startswith("制表人")


def _peak(path: Path, rows: int) -> int:
    tracemalloc.start()
    try:
        assert write_official(path, LAYOUT, _rows(rows), meta={}, number_key="seq") == rows
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_rows_are_consumed_lazily_with_flat_memory(tmp_path: Path) -> None:
    """Four times the rows, about the same Python-side peak: no list of rows or cells (the
    rows wait for the deflate thread in chunks of at most a million characters, so both runs
    are large enough to hand over several)."""
    small = _peak(tmp_path / "小.xlsx", 6_000)
    big = _peak(tmp_path / "大.xlsx", 24_000)
    assert big < small * 1.3 + 2**20, (small, big)
    rows = CalamineWorkbook.from_path(str(tmp_path / "大.xlsx")).get_sheet_by_name("台账")
    data = rows.to_python()
    assert data[4][0] == 1 and data[24_003][0] == 24_000 and data[24_004][0] == "合计"


def test_repeated_and_many_texts_come_back_exactly(tmp_path: Path) -> None:
    """Texts repeat down a column (classes, places, statuses) and each column remembers only
    its first few thousand: every cell still reads back as written, in its own column."""
    names = [HOSTILE_TEXT[i % len(HOSTILE_TEXT)] if i % 3 else f"名{i}" for i in range(6_000)]
    codes = [HOSTILE_TEXT[(i + 1) % len(HOSTILE_TEXT)] if i % 5 == 0 else f"{i:06d}"
             for i in range(6_000)]  # fmt: skip
    rows = ({"name": n, "code": c} for n, c in zip(names, codes, strict=True))
    out = tmp_path / "重复.xlsx"
    assert write_official(out, LAYOUT, rows, meta={}, number_key="seq") == 6_000
    data = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("台账").to_python()[4:6_004]
    assert [r[1] for r in data] == [n.replace("\x07", "") for n in names]
    assert [r[6] for r in data] == [c.replace("\x07", "") for c in codes]


def test_a_failing_row_source_leaves_no_file_and_no_thread(tmp_path: Path) -> None:
    """The rows are deflated in a helper thread: an error while reading them stops it."""

    def broken() -> Iterator[dict[str, Any]]:
        yield from _rows(3_000)
        raise ValueError("数据库连接中断")

    out = tmp_path / "坏.xlsx"
    with pytest.raises(ValueError, match="数据库连接中断"):
        write_official(out, LAYOUT, broken(), meta={}, number_key="seq")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "xlsx-deflate"]
