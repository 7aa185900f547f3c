"""Refuse early and say what will happen (issue 11, points 7 and 10): an auditor's 导入… is
disabled with the reason before any wizard opens; a file that will be refused as a whole is never
announced as “可导入 N 行”."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from ui.common.widgets import Workspace
from ui.exchange.actions import import_kind
from ui.exchange.submissions_page import SubmissionsPage
from ui.exchange.wizard import PREVIEW, ImportWizard
from ui.main_window import MainWindow
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

from helpers import import_support as sup  # noqa: E402

AUDITOR_REASON = "没有“导入数据”的权限"


def test_the_auditors_import_buttons_are_disabled_with_the_reason(
    qtbot: QtBot,
    user_factory: Callable[..., Actor],
    main_window: Callable[[Actor], MainWindow],
) -> None:
    auditor = user_factory("shenji", "auditor")
    window = main_window(auditor)
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    button = tab.list_page.import_button
    assert not button.isEnabled()
    assert AUDITOR_REASON in button.toolTip() and "项目库" in button.toolTip()
    page = SubmissionsPage(window.ws, None)
    qtbot.addWidget(page)
    assert not page.import_button.isEnabled()
    assert AUDITOR_REASON in page.import_button.toolTip()
    assert not page.undo_button.isEnabled()
    assert "没有“导入数据”的权限" in page.undo_button.toolTip()


def test_undo_says_why_it_is_not_offered_before_the_click(
    qtbot: QtBot, admin: Actor, main_window: Callable[[Actor], MainWindow]
) -> None:
    window = main_window(admin)
    page = SubmissionsPage(window.ws, None)
    qtbot.addWidget(page)
    assert not page.undo_button.isEnabled()
    assert page.undo_button.toolTip() == "请先在列表中选择一次导入"


def test_import_is_refused_before_the_wizard_opens(
    qtbot: QtBot, database, user_factory: Callable[..., Actor], op_runner, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(op_runner, "show_error", lambda exc, _parent=None: shown.append(str(exc)))
    ws = Workspace(database, user_factory("shenji", "auditor"), op_runner)

    def opened() -> set[int]:  # windows left by earlier tests do not count
        kinds = (ImportWizard, QMessageBox)
        return {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, kinds)}

    before = opened()
    assert import_kind(ws, None, "projects") is None
    assert shown and AUDITOR_REASON in shown[0]
    assert opened() <= before  # no wizard, no question: only the reason


def test_a_file_refused_as_a_whole_does_not_promise_importable_rows(
    qtbot: QtBot, database, admin, op_runner, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(database, admin, op_runner)
    wizard = import_kind(ws, None, "projects")
    assert wizard is not None
    qtbot.addWidget(wizard)
    assert op_runner.wait_idle(30000)
    wizard.file_page.path.setText(str(sup.messy_projects_file(tmp_path)))
    wizard.go_next()
    assert op_runner.wait_idle(30000)
    wizard.go_next()  # the sheet with the table
    assert op_runner.wait_idle(30000)
    assert wizard.page == PREVIEW
    text = wizard.preview_page.summary.text()
    assert wizard.last is not None and not wizard.last.outcome.ok
    assert "可导入" not in text
    assert "整个文件不能导入" in text and "有错误 2 行" in text
