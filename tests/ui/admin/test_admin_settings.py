"""系统管理 → 参数设置: the service's validation messages, saving, and the stale-save conflict."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ConflictError
from fpr_desktop.base.settings import get_value, set_value
from fpr_desktop.db.engine import Database
from ui.admin.settings_page import SettingsPage
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton
WINDOW_DAYS = "publicity.window_days"


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("参数设置")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: WINDOW_DAYS in page.editors)
    return page


def editor(page: SettingsPage, key: str) -> QLineEdit:
    widget = page.editors[key]
    assert isinstance(widget, QLineEdit)
    return widget


def stored(database: Database, key: str) -> object:
    with database.read() as session:
        return get_value(session, key)


def test_a_bad_value_shows_the_service_message_and_saves_nothing(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_settings(qtbot, main_window(admin))
    assert editor(page, WINDOW_DAYS).text() == "10"
    editor(page, "publicity.local_phone").setText("0917-1234567")
    editor(page, WINDOW_DAYS).setText("0")
    qtbot.mouseClick(page.save_button, CLICK)

    qtbot.waitUntil(page.error.isVisible)
    assert page.error.text() == "“公示期”不能小于 5天。（所有修改均未保存）"
    assert stored(database, WINDOW_DAYS) == 10
    assert stored(database, "publicity.local_phone") == ""


def test_saved_values_are_stored_and_can_be_reset_to_default(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_settings(qtbot, main_window(admin))
    editor(page, WINDOW_DAYS).setText("15")
    qtbot.mouseClick(page.save_button, CLICK)
    qtbot.waitUntil(lambda: page.info.text() == "已保存 1 项参数。")
    assert stored(database, WINDOW_DAYS) == 15
    qtbot.waitUntil(lambda: page.rows[WINDOW_DAYS].version == 1)
    assert not page.error.isVisible()

    qtbot.mouseClick(page.save_button, CLICK)
    assert page.info.text() == "没有需要保存的修改。"


def test_a_stale_parameter_save_shows_the_conflict_and_reloads(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_settings(qtbot, main_window(admin))
    with database.transaction(admin.audit()) as session:
        set_value(session, admin, WINDOW_DAYS, 20, 0)  # someone else, meanwhile
    editor(page, WINDOW_DAYS).setText("14")
    qtbot.mouseClick(page.save_button, CLICK)

    def boxes() -> list[str]:
        return [
            w.text()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(boxes()))
    assert boxes() == [str(ConflictError())]
    qtbot.waitUntil(lambda: editor(page, WINDOW_DAYS).text() == "20")
    assert stored(database, WINDOW_DAYS) == 20
