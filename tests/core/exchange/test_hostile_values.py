"""Hostile cell values at the door and on the way out: control characters and direction
overrides are removed on import (with a warning) and never break an export; formula-like text
is exported as text and re-imports as the same text; over-long text is refused with a short
message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from helpers import import_support as sup
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.files import export_kind, write_kind_template
from fpr_desktop.submissions.importer import run_import

FORMULAS = [
    '=HYPERLINK("http://example.invalid","点我")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-3",
    "@SUM(A1:A2)",
]


def _escape_in_xml(path: Path, marker: str, escape: str) -> None:
    """Put an OOXML escape such as _x0007_ (a bell) where `marker` was typed."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info, body.replace(marker.encode(), escape.encode()))
    path.write_bytes(out.getvalue())


def _export(database, admin, path: Path) -> Path:  # type: ignore[no-untyped-def]
    with database.read() as s:
        export_kind(s, admin, "projects", path, year=2025)
    return path


def test_control_and_direction_characters_are_removed_at_the_door(
    database, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    rows = [
        sup.project_row(1, content="新建核桃园BELLMARK100亩"),
        sup.project_row(2, name="上岔村\u202e目项路道"),
    ]
    path = sup.fill(database, "projects", tpl, tmp_path / "控制字符.xlsx", rows)
    _escape_in_xml(path, "BELLMARK", "_x0007_")
    out = run_import(database, admin, path, "projects")
    assert out.ok and out.created == 2
    assert any("控制字符" in w.reason for w in out.result.warnings)
    with database.read() as s:
        stored = set(s.scalars(select(Project.content)))
        names = set(s.scalars(select(Project.name)))
    assert "新建核桃园100亩" in stored
    assert "上岔村目项路道" in names  # the override is gone, the letters stay


def test_exports_and_templates_survive_stored_control_characters(
    database, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    path = sup.fill(database, "projects", tpl, tmp_path / "a.xlsx", [sup.project_row(1)])
    assert run_import(database, admin, path, "projects").ok
    with database.engine.begin() as conn:  # text that got in before the door was closed
        conn.execute(update(Project).values(content="铃\x07声\x1b", name="名\x01称"))
    out = _export(database, admin, tmp_path / "导出.xlsx")
    cells = [c.value for row in load_workbook(out).worksheets[0].iter_rows() for c in row]
    assert "铃声" in cells and "名称" in cells
    with database.read() as s:
        write_kind_template(s, admin, "projects", tmp_path / "新模板.xlsx")


def test_formula_like_text_is_exported_as_text_and_reimports_the_same(
    database, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    rows = [sup.project_row(n, content=text) for n, text in enumerate(FORMULAS, 1)]
    path = sup.fill(database, "projects", tpl, tmp_path / "公式.xlsx", rows)
    # the clerk's file holds them as text (a formula would arrive as its cached value)
    wb = load_workbook(path)
    for row in wb.worksheets[0].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in FORMULAS:
                cell.data_type = "s"
    wb.save(path)
    assert run_import(database, admin, path, "projects").created == len(FORMULAS)
    out = _export(database, admin, tmp_path / "导出.xlsx")
    ws = load_workbook(out).worksheets[0]
    found = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value in FORMULAS}
    assert set(found) == set(FORMULAS) and set(found.values()) == {"s"}
    with zipfile.ZipFile(out) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    again = run_import(database, admin, out, "projects")
    assert again.ok and again.created == 0 and again.unchanged == len(FORMULAS)
    with database.read() as s:
        assert set(s.scalars(select(Project.content))) == set(FORMULAS)


def test_over_long_text_is_refused_with_a_short_message(database, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    rows = [sup.project_row(1, content="LONGMARK"), sup.project_row(2, name="NAMEMARK")]
    path = sup.fill(database, "projects", tpl, tmp_path / "超长.xlsx", rows)
    # longer than Excel itself lets anyone type (openpyxl would cut it): written into the XML
    _escape_in_xml(path, "LONGMARK", "长" * 100_000)
    _escape_in_xml(path, "NAMEMARK", "名" * 300_000)
    out = run_import(database, admin, path, "projects")
    assert not out.ok
    text = "\n".join(out.lines())
    assert "内容过长（100000 个字）" in text and "内容过长（300000 个字）" in text
    assert len(text) < 3000 and "（共 300000 个字）" in text
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 0


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_guard_on_a_single_cell(text: str) -> None:
    from openpyxl import Workbook

    from fpr_desktop.exchange.cells import put

    ws = Workbook().active
    assert put(ws, 1, 1, text).data_type == "s"


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"total_investment": 1e20, "fiscal_funds": 20}, "大得不合理"),
        ({"total_investment": 200_000, "fiscal_funds": 20}, "超过上限 100000 万元"),
        ({"planned_start": "1900-01-01"}, "年份 1900 不在合理范围内"),
        ({"planned_end": "9999-12-31"}, "9999"),
        ({"planned_end": "2040-12-31"}, "计划完工日期 2040-12-31 与项目年度 2025 相差太远"),
    ],
    ids=["1e20", "above-setting", "1900", "9999", "2040"],
)
def test_absurd_amounts_and_dates_are_refused_at_the_door(
    database, admin, tmp_path: Path, over, words: str
) -> None:  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    path = sup.fill(database, "projects", tpl, tmp_path / "离谱.xlsx", [sup.project_row(1, **over)])
    out = run_import(database, admin, path, "projects")
    assert not out.ok and words in "\n".join(out.lines()), out.lines()
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 0


def test_the_amount_limit_is_a_setting(database, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.base.settings import set_value

    with database.transaction(admin.audit()) as s:
        set_value(s, admin, "money.max_amount", 500_000, 0)
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    row = sup.project_row(1, total_investment=200_000)
    path = sup.fill(database, "projects", tpl, tmp_path / "大项目.xlsx", [row])
    assert run_import(database, admin, path, "projects").created == 1
