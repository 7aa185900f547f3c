"""The import wizard with a messy town workbook: preview marks the bad cells, a manual column
mapping is applied and remembered, a refused file offers the error workbook, a fixed one imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.exchange.error_workbook import ERROR_FILL
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.models import ColumnMapping
from ui.common.widgets import Workspace
from ui.exchange import prompts
from ui.exchange.actions import export_kind, import_kind, save_template
from ui.exchange.preview_model import ERROR_BRUSH
from ui.exchange.wizard import CONFIRM, PREVIEW, RESULT, SHEET, ImportWizard

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


from helpers import import_support as sup  # noqa: E402


@pytest.fixture
def ws(database, admin, op_runner) -> Workspace:  # type: ignore[no-untyped-def]
    return Workspace(database, admin, op_runner)


def _idle(ws: Workspace) -> None:
    assert ws.runner.wait_idle(30000)


def _open(qtbot: QtBot, ws: Workspace, path: Path) -> ImportWizard:
    wizard = import_kind(ws, None, "projects")
    qtbot.addWidget(wizard)
    _idle(ws)
    wizard.file_page.path.setText(str(path))
    wizard.go_next()
    _idle(ws)
    return wizard


def _projects(ws: Workspace) -> int:
    with ws.db.read() as s:
        return int(s.scalar(select(func.count(Project.id))) or 0)


def test_messy_file_preview_mapping_and_error_workbook(
    qtbot: QtBot, ws, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    messy = sup.messy_projects_file(tmp_path)
    w = _open(qtbot, ws, messy)
    assert w.page == SHEET  # two sheets: the one with the table is chosen
    assert w.sheet_page.sheets.currentItem().text() == "项目表"
    w.go_next()
    _idle(ws)
    assert w.page == PREVIEW
    page = w.preview_page
    # no 年度 column it knows: the year is taken from the title, and the summary says so
    assert "年度按标题“固关镇2025年度巩固衔接项目库申报汇总表”取 2025 年" in page.summary.text()
    assert page.combos["year"].currentText() == "（不导入）"
    page.combos["year"].setCurrentIndex(page.combos["year"].findData("实施年度"))
    qtbot.waitUntil(lambda: not w.recheck_timer.isActive(), timeout=3000)
    _idle(ws)
    assert w.manual == {"year": "实施年度"}
    texts = [page.problems.item(i).text() for i in range(page.problems.count())]
    errors = [t for t in texts if t.startswith("错误")]
    assert len(errors) == 2 and "东坡村" in texts[0] and "三十" in texts[1]
    # the row without 建设内容 is no longer an error: it would come in as a draft
    assert any("缺少建设内容及规模" in t for t in texts)
    cell = page.model.index(5, 6)  # G6: a village of another town
    assert page.model.data(cell, Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert "河北镇有“东坡村”" in page.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    w.go_next()
    assert w.page == CONFIRM and not w.next.isEnabled()
    assert "有 2 行错误" in w.confirm_page.counts.text()
    report = tmp_path / "错误标注.xlsx"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a, **k: str(report))
    qtbot.mouseClick(w.confirm_page.save_report, Qt.MouseButton.LeftButton)
    _idle(ws)
    sheet = load_workbook(report)["项目表"]
    assert sheet["G6"].fill.fgColor.rgb == ERROR_FILL and "东坡村" in sheet["G6"].comment.text
    assert _projects(ws) == 0


def test_fixed_file_imports_and_the_mapping_is_remembered(qtbot: QtBot, ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = sup.messy_projects_file(tmp_path)
    wb = load_workbook(path)
    sheet = wb["项目表"]
    sheet["G6"], sheet["I8"], sheet["H9"] = "北大山村", 30, "整治 1 处"
    wb.save(path)
    w = _open(qtbot, ws, path)
    w.go_next()
    _idle(ws)
    combo = w.preview_page.combos["year"]
    combo.setCurrentIndex(combo.findData("实施年度"))
    qtbot.waitUntil(lambda: not w.recheck_timer.isActive(), timeout=3000)
    _idle(ws)
    w.go_next()
    assert w.page == CONFIRM and w.next.isEnabled()
    assert "将新增 6 行" in w.confirm_page.counts.text()
    with qtbot.waitSignal(w.import_finished, timeout=30000):
        w.go_next()
    _idle(ws)
    assert w.page == RESULT and "导入完成：新增 6 行" in w.result_page.headline.text()
    assert _projects(ws) == 6
    with ws.db.read() as s:
        remembered = s.scalars(select(ColumnMapping)).all()
    assert {m.mapping for m in remembered} == {'{"year": "实施年度"}'}
    # next time the same town's file is mapped without asking
    again = _open(qtbot, ws, path)
    again.go_next()
    _idle(ws)
    assert again.preview_page.combos["year"].currentData() == "实施年度"
    assert "已导入过" in again.preview_page.summary.text()


def test_export_and_template_actions_write_files(qtbot: QtBot, ws, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "区划.xlsx"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a, **k: str(target))
    assert export_kind(ws, None, "divisions") == str(target)
    _idle(ws)
    assert load_workbook(target).worksheets[0]["A1"].value == "陇县行政区划表"
    template = tmp_path / "模板.xlsx"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a, **k: str(template))
    save_template(ws, None, "projects")
    _idle(ws)
    assert load_workbook(template)["_fpr_meta"]["B2"].value == "projects"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a, **k: None)
    assert export_kind(ws, None, "projects", year=2025) is None  # cancelled: nothing happens
