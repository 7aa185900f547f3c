"""Excel error cells (#REF!, #DIV/0!, #N/A, #VALUE!): python-calamine reads them as blanks, so an
amount computed by a broken formula would be imported as empty (and inferred). The import
refuses each such cell, naming file, sheet, row, column, the error and what is expected, and
writes nothing."""

from __future__ import annotations

from pathlib import Path

from helpers import hostile
from helpers import import_support as sup
from sqlalchemy import func, select

from fpr_desktop.exchange.xlsx.errorcells import find_error_cells
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.importer import run_import


def _filled(database, admin, tmp_path: Path, rows) -> Path:  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    return sup.fill(database, "projects", tpl, tmp_path / "申报表.xlsx", rows)


def _count(database) -> int:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return int(s.scalar(select(func.count(Project.id))) or 0)


def test_error_values_are_refused_with_place_value_and_expectation(
    database, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = [
        sup.project_row(1),
        sup.project_row(2, total_investment="#REF!", planned_start="#N/A"),
        sup.project_row(3, name="#VALUE!"),
    ]
    path = _filled(database, admin, tmp_path, rows)
    out = run_import(database, admin, path, "projects")
    assert not out.ok and _count(database) == 0  # nothing written, not even the good row
    found = {p.key: p for p in out.result.problems}
    money = found["total_investment"]
    row = money.location.row
    assert "#REF!" in money.message and "公式" in money.message
    assert "万元" in money.message  # what is expected there
    assert money.location.coordinate == sup.cell_of(database, "projects", "total_investment", row)
    assert found["planned_start"].location.row == row and "#N/A" in found["planned_start"].message
    assert found["name"].location.row == row + 1 and "#VALUE!" in found["name"].message
    text = "\n".join(out.lines())
    assert "申报表.xlsx" in text and "#REF!" in text
    sheet = out.result.table.sheet
    assert f"工作表“{sheet}”" in money.message or sheet in text


def test_a_broken_formula_with_its_cached_error_is_refused(database, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _filled(database, admin, tmp_path, [sup.project_row(1, fiscal_funds="#REF!")])
    hostile.cached_formula_error(path)
    assert b"<f>1/0</f>" in __import__("zipfile").ZipFile(path).read("xl/worksheets/sheet1.xml")
    out = run_import(database, admin, path, "projects")
    assert not out.ok and _count(database) == 0
    (problem,) = [p for p in out.result.problems if p.key == "fiscal_funds"]
    assert "#DIV/0!" in problem.message


def test_a_clean_file_has_no_error_cells_and_imports(database, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _filled(database, admin, tmp_path, [sup.project_row(1), sup.project_row(2)])
    assert find_error_cells(path, "项目库申报表") == {}
    out = run_import(database, admin, path, "projects")
    assert out.ok and out.created == 2


def test_error_cells_are_found_in_big_sheets_across_chunks(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    for i in range(60_000):  # a few MB of XML: the scan reads it in 1 MB chunks
        ws.append([f"第{i}行的一段文字", i, "#N/A" if i % 20_000 == 7 else i * 2])
    wb.save(tmp_path / "大.xlsx")
    found = find_error_cells(tmp_path / "大.xlsx", "表")
    assert found == {(7, 2): "#N/A", (20_007, 2): "#N/A", (40_007, 2): "#N/A"}
