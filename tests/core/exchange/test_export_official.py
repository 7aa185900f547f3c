"""Official-layout exports and templates: what is on the sheet, print setup, and the round trip
template → fill → import → export → import (nothing created, nothing rejected)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import import_support as sup
from openpyxl import load_workbook
from sqlalchemy import func, select

from fpr_desktop.divisions.services import town_by_name
from fpr_desktop.exchange.layout import LIST_SHEET, META_SHEET
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.files import export_kind
from fpr_desktop.submissions.importer import run_import


def _export(db, actor, kind: str, path: Path, **kw) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return export_kind(s, actor, kind, path, **kw)


def _import_rows(db, actor, tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    tpl = sup.template(db, actor, "projects", tmp_path / "模板.xlsx")
    out = run_import(
        db, actor, sup.fill(db, "projects", tpl, tmp_path / "申报.xlsx", rows), "projects"
    )
    assert out.ok, out.lines()


def test_export_has_the_official_layout(database, admin, tmp_path: Path) -> None:
    second = {"total_investment": 12.345678, "fiscal_funds": 10, "fund_amount:1": 5}
    rows = [sup.project_row(1), sup.project_row(2, **second)]
    _import_rows(database, admin, tmp_path, rows)
    with database.read() as s:
        guguan = town_by_name(s, "固关镇").id
    out = tmp_path / "导出.xlsx"
    assert _export(database, admin, "projects", out, year=2025, town_id=guguan) == 2
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "陇县2025年度巩固衔接项目库申报表（固关镇）"
    texts = [str(c.value) for row in ws.iter_rows(max_row=2) for c in row if c.value]
    assert "填报单位：固关镇人民政府" in texts and "单位：万元" in texts
    # two header rows: 申请财政资金（万元） merged over 合计 / 来源一 / 金额一 …
    merged = [str(r) for r in ws.merged_cells.ranges]
    group = next(c for c in ws[3] if c.value == "申请财政资金（万元）")
    assert any(m.startswith(group.coordinate + ":") for m in merged)
    assert ws.cell(row=4, column=group.column).value == "合计"
    total_col = next(c.column for c in ws[3] if c.value == "总投资（万元）")
    total_row = next(
        r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value == "合计"
    )
    assert total_row == 7
    assert Decimal(str(ws.cell(row=total_row, column=total_col).value)) == Decimal("42.345678")
    year_col = next(c.column for c in ws[3] if c.value == "年度")
    assert ws.cell(row=total_row, column=year_col).value is None  # a year is not added up
    footer = [c.value for c in ws[total_row + 2] if c.value]
    assert footer[:3] == ["制表人：", "审核人：", "负责人："] and footer[3].startswith("填报日期：")
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "A5"
    assert wb[META_SHEET].sheet_state == "hidden"


def test_divisions_export_is_portrait_and_has_flag_group(database, admin, tmp_path: Path) -> None:
    out = tmp_path / "区划.xlsx"
    n = _export(database, admin, "divisions", out)
    ws = load_workbook(out).worksheets[0]
    assert n == 22 and ws.page_setup.orientation == "portrait"
    assert [c.value for c in ws[4]][3:7] == ["脱贫村", "重点帮扶村", "易地搬迁安置村", "软弱涣散村"]
    assert ws.cell(row=3, column=4).value == "村标识"


def test_project_template_has_dropdowns_formats_and_frozen_header(
    database, admin, tmp_path: Path
) -> None:
    path = sup.template(database, admin, "projects", tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    heads = {c.value: c for c in ws[ws.max_row - 1]} | {c.value: c for c in ws[ws.max_row]}
    assert heads["*项目名称"].font.color.rgb == "FFC00000"  # required: red with a star
    assert heads["村"].font.color is None or heads["村"].font.color.rgb != "FFC00000"
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    keys = ("category", "construction_type", "town", "village", "fund_source:1")
    letters = {key: sup.cell_of(database, "projects", key, 1)[:-1] for key in keys}
    for key, letter in letters.items():
        assert letter in lists, key
    assert "INDIRECT" in lists[letters["village"]].formula1  # villages of the row's town
    assert wb[LIST_SHEET].sheet_state == "hidden"
    assert ws.freeze_panes == f"A{ws.max_row + 1}"
    assert ws.column_dimensions[letters["fund_source:1"]].number_format == "@"  # text
    money = sup.cell_of(database, "projects", "total_investment", 1)[:-1]
    assert ws.column_dimensions[money].number_format == "#,##0.00####"  # 万元, up to 6 places


def test_round_trip_creates_nothing_and_rejects_nothing(database, admin, tmp_path: Path) -> None:
    rows = [sup.project_row(n, village=v) for n, v in enumerate(["上岔村", "水滩村", "殿咀村"], 1)]
    rows.append(sup.project_row(4, village=None, name="固关镇集中供水工程"))  # a town-level project
    _import_rows(database, admin, tmp_path, rows)
    out = tmp_path / "导出.xlsx"
    assert _export(database, admin, "projects", out, year=2025) == 4
    again = run_import(database, admin, out, "projects")
    assert again.ok, again.lines()
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 0)
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 4
    divisions = tmp_path / "区划导出.xlsx"
    _export(database, admin, "divisions", divisions)
    back = run_import(database, admin, divisions, "divisions")
    assert (back.created, back.updated, back.unchanged, back.rejected) == (0, 0, 22, 0)


def test_exported_file_edited_and_reimported_updates(database, admin, tmp_path: Path) -> None:
    _import_rows(database, admin, tmp_path, [sup.project_row(1), sup.project_row(2)])
    out = tmp_path / "导出.xlsx"
    _export(database, admin, "projects", out, year=2025)
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    content_col = next(c.column for c in ws[3] if c.value == "建设内容及规模")
    ws.cell(row=5, column=content_col, value="改为新建核桃示范园 500 亩")
    wb.save(out)
    again = run_import(database, admin, out, "projects")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
