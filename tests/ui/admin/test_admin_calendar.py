"""系统管理 → 工作日历: holidays for a year the bundled data does not know, added and removed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fpr_desktop.base.calendar import list_overrides
from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from ui.admin.calendar_page import CalendarPage
from ui.admin.dialogs import CalendarDayDialog
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton


def open_calendar(qtbot: QtBot, window: MainWindow) -> CalendarPage:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("工作日历")
    assert isinstance(page, CalendarPage)
    qtbot.waitUntil(lambda: page.known.text() != "")
    return page


def test_a_holiday_for_a_new_year_is_added_and_removed(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_calendar(qtbot, main_window(admin))
    assert page.known.text().startswith("内置 2004–")
    page.year.setValue(2040)
    qtbot.waitUntil(lambda: page.info.text().startswith("2040 年没有自定义安排"))

    qtbot.mouseClick(page.add_holiday_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, CalendarDayDialog)
    dialog.day.edit.clear()
    qtbot.keyClicks(dialog.day.edit, "20400213")  # typed, as a clerk would
    dialog.note.setText("春节")
    qtbot.mouseClick(dialog.save_button, CLICK)

    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    row = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert row == ["2040-02-13", "星期一", "放假（休息日）", "春节"]
    assert "已自定义：2040 年" in page.known.text()
    with database.read() as session:
        assert [o.day for o in list_overrides(session, admin, 2040)] == [date(2040, 2, 13)]

    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, CLICK)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0)
    with database.read() as session:
        assert list_overrides(session, admin, 2040) == []
