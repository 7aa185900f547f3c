"""报送登记 page: towns 已报送/逾期/未报送, the versions of a town, undo and its refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.projects import proposals as project_service
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.importer import run_import
from ui.common.widgets import Workspace
from ui.exchange import prompts
from ui.exchange.submissions_page import SubmissionsPage

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


from helpers import import_support as sup  # noqa: E402


def _imported(database, admin, tmp_path: Path, name: str, rows):  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, "projects", tmp_path / f"模板{name}")
    out = run_import(
        database, admin, sup.fill(database, "projects", tpl, tmp_path / name, rows), "projects"
    )
    assert out.ok
    return out


def _page(qtbot: QtBot, ws: Workspace, year: int) -> SubmissionsPage:
    page = SubmissionsPage(ws)
    qtbot.addWidget(page)
    page.kind.setCurrentIndex(page.kind.findData("projects"))
    page.year.setValue(year)
    page.show()
    assert ws.runner.wait_idle(10000)
    return page


def _status(page: SubmissionsPage) -> dict[str, str]:
    t = page.towns
    return {t.item(r, 0).text(): t.item(r, 1).text() for r in range(t.rowCount())}


def test_register_shows_each_towns_state_and_versions(
    qtbot, database, admin, op_runner, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _imported(database, admin, tmp_path, "a.xlsx", [sup.project_row(1, year=2030)])
    _imported(database, admin, tmp_path, "b.xlsx", [sup.project_row(1, year=2030, content="改")])
    ws = Workspace(database, admin, op_runner)
    page = _page(qtbot, ws, 2030)
    status = _status(page)
    assert status["固关镇"] == "已报送" and status["河北镇"] == "未报送"
    row = next(r for r in range(page.towns.rowCount()) if page.towns.item(r, 0).text() == "固关镇")
    page.towns.selectRow(row)
    assert page.submissions.rowCount() == 2
    assert [page.submissions.item(r, 0).text() for r in range(2)] == ["第 2 版", "第 1 版"]
    page.year.setValue(2025)
    assert ws.runner.wait_idle(10000)
    assert set(_status(page).values()) == {"逾期未报"}


def test_undo_from_the_register(qtbot, database, admin, op_runner, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = _imported(database, admin, tmp_path, "a.xlsx", [sup.project_row(1), sup.project_row(2)])
    ws = Workspace(database, admin, op_runner)
    page = _page(qtbot, ws, 2025)
    page.submissions.selectRow(0)
    assert page.undo_button.isEnabled()
    monkeypatch.setattr(prompts, "confirm", lambda *a: True)
    page.undo_selected()
    assert ws.runner.wait_idle(10000)
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 0
    assert page.submissions.item(0, 9).text() == "已撤销"
    assert "已撤销" in page.info.text()
    assert out.submission_id is not None


def test_undo_refused_when_rows_changed(
    qtbot, database, admin, op_runner, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _imported(database, admin, tmp_path, "a.xlsx", [sup.project_row(1)])
    with database.transaction(admin.audit()) as s:
        p = s.scalars(select(Project)).one()
        detail = project_service.get_project(s, admin, p.id)
        detail.values.content = "界面中改过"
        project_service.update_project(s, admin, p.id, detail.version, detail.values)
    ws = Workspace(database, admin, op_runner)
    page = _page(qtbot, ws, 2025)
    page.submissions.selectRow(0)
    monkeypatch.setattr(prompts, "confirm", lambda *a: True)
    page.undo_selected()
    assert ws.runner.wait_idle(10000)
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert boxes and "此后已被修改" in boxes[0].text()
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 1
