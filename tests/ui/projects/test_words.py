"""One vocabulary (issue 11, point 10): 生成公告公示… wherever both kinds are offered, 登记公告
for a 公告 and 登记公示 for a 公示, 验收记录 beside the 验收通过 step, and a 层级 column that
shows “项目现场” whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import project_support as ps
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from ui.common.widgets import Workspace, text_width
from ui.main_window import MainWindow
from ui.notices.compose import NoticeComposeDialog
from ui.notices.page import NoticesPage
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

GLOSSARY = Path(__file__).resolve().parents[3] / "docs" / "glossary.md"


def test_both_notice_buttons_say_the_same_and_the_glossary_has_it(
    qtbot: QtBot, database: Database, admin: Actor, op_runner
) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(database, admin, op_runner)
    tab = ProjectsTab(ws)
    qtbot.addWidget(tab)
    assert tab.list_page.notice_button.text() == "生成公告公示…"
    assert tab.notices_page.new_button.text() == "生成公告公示…"
    assert "生成公告公示…" in GLOSSARY.read_text(encoding="utf-8")


def test_acceptance_record_and_acceptance_step_read_differently(
    qtbot: QtBot, database: Database, admin: Actor, main_window: Callable[[Actor], MainWindow]
) -> None:
    pid = ps.make_project(database, admin)
    window = main_window(admin)
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    page = tab.list_page
    qtbot.waitUntil(lambda: page.select_id(pid))
    qtbot.waitUntil(lambda: page.project_actions.context is not None)
    texts = [a.text() for a in page.project_actions.menu.actions()]
    assert "验收记录（自检、初验、终验）…" in texts and "验收…" not in texts


def test_a_notice_kind_is_registered_under_its_own_word(
    qtbot: QtBot, database: Database, admin: Actor, op_runner
) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(database, admin, op_runner)
    pid = ps.make_project(database, admin)
    publicity = NoticeComposeDialog(ws, "project_library_publicity", [pid])
    announcement = NoticeComposeDialog(ws, "completion", [pid])
    for dialog in (publicity, announcement):
        qtbot.addWidget(dialog)
    assert publicity.register_button.text() == "登记公示"
    assert announcement.register_button.text() == "登记公告"
    assert announcement.info.text() == "正在生成实施完成公告…"
    assert op_runner.wait_idle(30_000)


def test_the_level_column_shows_its_longest_value_whole(
    qtbot: QtBot, database: Database, admin: Actor, op_runner
) -> None:  # type: ignore[no-untyped-def]
    page = NoticesPage(Workspace(database, admin, op_runner))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    with qtbot.waitSignal(page.data_loaded, timeout=10_000):
        page.show()
    level = [c.title for c in page.model.columns].index("层级")
    assert page.view.columnWidth(level) >= text_width(page.view, "项目现场")
