"""Reading real-looking government workbooks: headers, units, skipped rows, bad files, .xls,
and the error workbook with red, commented cells. All files are built by the tests."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import workbook_corpus as corpus
from openpyxl import Workbook, load_workbook

from fpr_desktop.base.errors import UserError
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.exchange import (
    ColumnSpec,
    ColumnType,
    KindSpec,
    PasswordProtected,
    Period,
    SkipKind,
    SpreadsheetError,
    check_workbook,
    list_sheets,
    read_table,
    validate_table,
    write_error_workbook,
)
from fpr_desktop.exchange.error_workbook import ERROR_FILL, SUMMARY_SHEET

PLAN = corpus.PROJECT_PLAN
D = Decimal


@pytest.fixture(scope="module")
def resolver():
    return corpus.directory()


def _check(path: Path, resolver, **kw):
    return check_workbook(path, PLAN, resolver=resolver, **kw)


# --- the government table (.xlsx and .xls) ------------------------------------------------------


def _assert_government_result(result) -> None:
    t = result.table
    assert t.header_rows == (3, 4)
    assert t.unit is MoneyUnit.WAN and t.unit_row == 2
    assert t.bindings["central"].header.text == "计划投入资金/中央"
    assert t.bindings["village"].header.text == "建设地点"
    assert result.problems == []
    assert [r.row for r in result.rows] == [7, 8, 11, 12, 14]
    rows = {r.row: r.values for r in result.rows}
    assert rows[7]["total"] == D("300000.00") and rows[7]["province"] == D("65000.00")
    assert rows[7]["village"].id == "固关镇/上岔村"
    assert rows[7]["period"] == Period(dt.date(2021, 3, 1), dt.date(2021, 10, 31))
    assert rows[7]["code"] == "610327109001"
    assert rows[8]["total"] == D("200000.00") and rows[8]["other"] is None
    assert rows[8]["village"].id == "固关镇/柴家咀村"  # written without 村
    assert rows[8]["households"] == 38 and rows[8]["code"] == "610327109002"
    assert rows[11]["village"].id == "固关镇/殿咀村"  # stray space
    assert rows[11]["total"] == D("125000.00")  # full-width digits
    assert rows[11]["central"] == D("100000.00")  # 10(其中灾情6万元)
    assert rows[11]["start"].isoformat() == "2021-05-19"  # serial number
    assert rows[12]["total"] == D("298625.88")  # 6 decimals of 万元, exact
    assert rows[12]["note"] == "需配套 管网"
    assert rows[14]["total"] == D("12345600.00")
    skipped = {s.location.row: s.kind for s in result.skipped}
    assert skipped == {
        5: SkipKind.HEADER,
        6: SkipKind.SECTION,
        9: SkipKind.SUMMARY,
        10: SkipKind.SECTION,
        13: SkipKind.BLANK,
        15: SkipKind.SUMMARY,
        16: SkipKind.FOOTER,
        17: SkipKind.FOOTER,
    }
    warned = {(w.location.coordinate, w.key) for w in result.warnings}
    assert ("F11", "central") in warned  # note text ignored
    assert ("I12", "period") in warned and ("J12", "start") in warned  # month only
    assert all(w.location.file == t.source.name for w in result.warnings)


def test_government_table(tmp_path: Path, resolver) -> None:
    result = _check(corpus.government_table(tmp_path), resolver)
    _assert_government_result(result)
    assert "可导入 5 行" in result.summary()


def test_government_table_as_xls(tmp_path: Path, resolver) -> None:
    xls = corpus.to_xls(corpus.government_table(tmp_path), tmp_path)
    assert xls is not None, (
        "LibreOffice (soffice) is needed to make .xls test files (dev.py test installs it)"
    )
    result = _check(xls, resolver)
    assert result.table.source.format == "xls"
    _assert_government_result(result)


def test_government_table_as_ods(tmp_path: Path, resolver) -> None:
    ods = corpus.to_xls(corpus.government_table(tmp_path), tmp_path, "ods")
    assert ods is not None, (
        "LibreOffice (soffice) is needed to make .ods test files (dev.py test installs it)"
    )
    result = _check(ods, resolver)  # .ods carries no merge information: parents are inferred
    assert result.table.source.format == "ods"
    _assert_government_result(result)


def test_xls_error_workbook_is_xlsx(tmp_path: Path, resolver) -> None:
    xls = corpus.to_xls(corpus.error_table(tmp_path), tmp_path)
    assert xls is not None, (
        "LibreOffice (soffice) is needed to make .xls test files (dev.py test installs it)"
    )
    result = _check(xls, resolver)
    assert {p.location.coordinate for p in result.problems} == corpus.EXPECTED_ERRORS
    out = write_error_workbook(result, tmp_path)
    assert out.name == "错误示例_错误标注.xlsx"
    ws = load_workbook(out)["Sheet1"]
    assert ws["D4"].fill.fgColor.rgb == ERROR_FILL and "上岔村" in ws["D4"].comment.text
    assert ws["B3"].value == "良好项目"


# --- errors and the error workbook -----------------------------------------------------------


def test_every_problem_is_located_and_explained(tmp_path: Path, resolver) -> None:
    result = _check(corpus.error_table(tmp_path), resolver)
    assert not result.ok
    assert {p.location.coordinate for p in result.problems} == corpus.EXPECTED_ERRORS
    assert [r.row for r in result.rows] == [3]
    by_cell = {p.location.coordinate: p for p in result.problems}
    d4 = by_cell["D4"].message
    for part in (
        "错误示例.xlsx",
        "工作表“Sheet1”",
        "第 4 行",
        "D 列（村）",
        "上叉村",
        "上岔村",
        "应为",
    ):
        assert part in d4
    assert "万元" in by_cell["F5"].message and "“abc”" in by_cell["F5"].message
    assert "未填写" in by_cell["B7"].message and "项目名称" in by_cell["B7"].message
    assert "第 3 行重复" in by_cell["B8"].message
    assert "文本" in by_cell["I11"].expected
    assert "产业发展" in by_cell["E10"].message
    assert "同名" in by_cell["D16"].message


def test_error_workbook_marks_cells(tmp_path: Path, resolver) -> None:
    src = corpus.error_table(tmp_path)
    result = _check(src, resolver)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = write_error_workbook(result, out_dir)
    assert out == out_dir / "错误示例_错误标注.xlsx"
    wb = load_workbook(out)
    assert wb.sheetnames[0] == SUMMARY_SHEET and wb.active.title == SUMMARY_SHEET
    ws = wb["Sheet1"]
    for coord in corpus.EXPECTED_ERRORS:
        cell = ws[coord]
        assert cell.fill.fgColor.rgb == ERROR_FILL, coord
        assert cell.comment is not None and "应为" in cell.comment.text, coord
    for coord in ("B3", "D3", "F3", "A4"):
        assert ws[coord].comment is None and ws[coord].fill.fgColor.rgb != ERROR_FILL
    assert ws["A1"].value == "2021年项目计划（固关镇）"  # the user's own content is kept
    summary = wb[SUMMARY_SHEET]
    cells = [(r[3].value, r[4].value) for r in summary.iter_rows(min_row=3) if r[1].value == "错误"]
    assert sorted(f"{c}{r}" for r, c in cells) == sorted(corpus.EXPECTED_ERRORS)
    assert load_workbook(src)["Sheet1"]["D4"].comment is None  # the user's file is untouched


def test_missing_required_column_is_reported_at_the_header(tmp_path: Path, resolver) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "计划投资"])
    ws.append([1, "无村名项目", 5])
    path = tmp_path / "缺列.xlsx"
    wb.save(path)
    result = _check(path, resolver)
    (problem,) = result.problems
    assert problem.location.row == 1 and problem.location.column is None
    assert "缺少必填列“村”" in problem.message and "建设地点" in problem.message


def test_merged_cells_in_the_data(tmp_path: Path, resolver) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["乡镇", "村", "项目名称", "计划投资（万元）"])
    ws.append(["固关镇", "上岔村", "项目甲", 10])
    ws.append([None, "水滩村", "项目乙", 20])
    ws.append([None, "殿咀村", "项目丙", None])
    ws.merge_cells("A2:A4")  # town written once for three rows: fine
    ws.merge_cells("D3:D4")  # one amount for two projects: cannot be split
    path = tmp_path / "合并.xlsx"
    wb.save(path)
    result = _check(path, resolver)
    assert [r.row for r in result.rows] == [2, 3]
    assert result.rows[1].values["town"].id == "固关镇"
    (problem,) = result.problems
    assert problem.location.coordinate == "D3" and "合并" in problem.message


def test_repeated_header_rows_are_skipped(tmp_path: Path, resolver) -> None:
    wb = Workbook()
    ws = wb.active
    for row in (
        ["项目名称", "村", "计划投资"],
        ["甲", "上岔村", 1],
        ["项目名称", "村", "计划投资"],
        ["乙", "水滩村", 2],
    ):
        ws.append(row)
    path = tmp_path / "分页表头.xlsx"
    wb.save(path)
    result = _check(path, resolver)
    assert [r.row for r in result.rows] == [2, 4]
    assert [(s.location.row, s.kind) for s in result.skipped] == [(3, SkipKind.HEADER)]


# --- aliases, units, manual mapping ----------------------------------------------------------


def test_aliases_offset_and_header_units(tmp_path: Path, resolver) -> None:
    path = corpus.alias_table(tmp_path)
    table = read_table(path, PLAN)
    assert table.header_rows == (4, 4) and table.col_offset == 2
    assert table.bindings["central"].unit is MoneyUnit.YUAN
    assert table.bindings["total"].unit is MoneyUnit.WAN  # from the 单位 line
    assert {h.text for h in table.unmapped_headers} == {"编号", "联系人", "资金来源一"}
    result = validate_table(table, resolver=resolver)
    # without the unmapped 资金来源一 column the sources do not add up
    assert [p.location.coordinate for p in result.problems] == ["J5"]
    assert "不等于" in result.problems[0].message


@pytest.mark.parametrize("target", ["I", "资金来源一"])
def test_manual_mapping(tmp_path: Path, resolver, target: str) -> None:
    result = _check(corpus.alias_table(tmp_path), resolver, mapping={"other": target})
    assert result.ok, [p.message for p in result.problems]
    assert result.table.bindings["other"].manual
    row5, row6 = (r.values for r in result.rows)
    assert (row5["central"], row5["province"], row5["other"], row5["total"]) == (
        D("150000.00"),
        D("50000.00"),
        D("100000.00"),
        D("300000.00"),
    )
    assert row5["village"].id == "固关镇/北大山村"
    assert row6["central"] == D("200000.00")  # 199999.995 元 rounded half up, with a warning
    assert row6["name"] == "穆家庄村 道路"
    assert any(w.location.coordinate == "G6" for w in result.warnings)


def test_unknown_mapping_key_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_table(corpus.alias_table(tmp_path), PLAN, mapping={"nonsense": "A"})


def test_header_row_can_be_pinned(tmp_path: Path) -> None:
    table = read_table(corpus.government_table(tmp_path), PLAN, header_row=3)
    assert table.header_rows == (3, 4)


# --- sheets -------------------------------------------------------------------------------------


def test_sheet_choice(tmp_path: Path, resolver) -> None:
    path = corpus.multi_sheet(tmp_path)
    assert list_sheets(path) == ["填表说明", "数据"]
    assert _check(path, resolver).table.sheet == "数据"
    with pytest.raises(SpreadsheetError, match="没有找到“项目资金计划表”的表头"):
        read_table(path, PLAN, sheet="填表说明")
    with pytest.raises(SpreadsheetError, match="现有工作表：“填表说明”、“数据”"):
        read_table(path, PLAN, sheet="Sheet9")


# --- bad files ------------------------------------------------------------------------------------


def _docx_like(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")


def _empty_workbook(path: Path) -> None:
    Workbook().save(path)


BAD_FILES = {
    "csv.xlsx": (
        lambda p: p.write_bytes("序号,项目名称\n1,上岔村道路\n".encode("gbk")),
        "文本文件",
    ),
    "web.xls": (lambda p: p.write_text("<html><body><table><tr><td>1</td></tr></table>"), "网页"),
    "zero.xlsx": (lambda p: p.write_bytes(b""), "空文件"),
    "noise.xlsx": (lambda p: p.write_bytes(bytes(range(256)) * 40), "无法识别"),
    "word.xlsx": (_docx_like, "Word"),
    "empty.xlsx": (_empty_workbook, "空的"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_get_a_clear_message(tmp_path: Path, name: str) -> None:
    make, words = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(SpreadsheetError) as info:
        read_table(path, PLAN)
    assert isinstance(info.value, UserError)
    assert name in str(info.value) and words in str(info.value)


def test_truncated_file(tmp_path: Path) -> None:
    good = corpus.government_table(tmp_path)
    bad = tmp_path / "截断.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(SpreadsheetError, match="损坏或不完整"):
        read_table(bad, PLAN)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match=r"找不到文件“没有\.xlsx”"):
        read_table(tmp_path / "没有.xlsx", PLAN)


def test_renamed_xls_is_read_by_content(tmp_path: Path, resolver) -> None:
    xls = corpus.to_xls(corpus.multi_sheet(tmp_path), tmp_path)
    assert xls is not None, (
        "LibreOffice (soffice) is needed to make .xls test files (dev.py test installs it)"
    )
    renamed = xls.rename(tmp_path / "改名.xlsx")
    assert _check(renamed, resolver).rows[0].values["name"] == "示例项目"


def test_password_protected(tmp_path: Path) -> None:
    from msoffcrypto.format import ooxml

    plain = corpus.multi_sheet(tmp_path)
    out = io.BytesIO()
    with plain.open("rb") as fh:
        ooxml.OOXMLFile(fh).encrypt("123456", out)
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(out.getvalue())
    with pytest.raises(PasswordProtected, match="密码"):
        read_table(locked, PLAN)


@pytest.mark.parametrize("empty_strings", [False, True], ids=["style-only", "empty-text"])
def test_million_blank_formatted_rows(tmp_path: Path, resolver, empty_strings: bool) -> None:
    path = corpus.blank_formatted_rows(tmp_path, empty_strings=empty_strings)
    tracemalloc.start()
    result = _check(path, resolver)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.row for r in result.rows] == [2]
    assert result.skipped == [] and result.ok  # trailing blank rows are not reported
    # How fast is measured by tests/bench/bench_exchange.py, not by a timed test.
    assert peak < 50 * 1024 * 1024  # Python-side memory; the rows are never all held


def test_column_spec_checks() -> None:
    with pytest.raises(ValueError, match="同时属于"):
        KindSpec("x", "x", (ColumnSpec("a", "名称"), ColumnSpec("b", "项目", aliases=("名称",))))
    with pytest.raises(ValueError, match="enum_values"):
        ColumnSpec("c", "类别", ColumnType.ENUM)


def test_wps_style_headers(tmp_path: Path, resolver) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["*项目\n名称", " 所在村 ", "计划投资（万元）", "开工时间", "受益户"])
    ws.append(["甲", "上 岔", "１０.５", "2021年7月22日", "12户"])
    path = tmp_path / "wps.xlsx"
    wb.save(path)
    result = _check(path, resolver)
    assert result.ok and result.table.header_rows == (1, 1)
    (row,) = result.rows
    assert row.values["name"] == "甲" and row.values["village"].id == "固关镇/上岔村"
    assert row.values["total"] == D("105000.00") and row.values["households"] == 12
    assert row.values["start"] == dt.date(2021, 7, 22)


def test_database_checks_join_the_same_report(tmp_path: Path, resolver) -> None:
    result = _check(corpus.government_table(tmp_path), resolver)
    issue = result.add_problem(8, "name", "台账中已有同名项目", "新的项目名称", "柴家咀村养殖")
    assert not result.ok and 8 not in [r.row for r in result.rows]
    assert issue.location.coordinate == "B8" and "第 8 行，B 列（项目名称）" in issue.message
    out = write_error_workbook(result, tmp_path)
    cell = load_workbook(out)["项目资金计划表"]["B8"]
    assert cell.fill.fgColor.rgb == ERROR_FILL and "台账中已有同名项目" in cell.comment.text
