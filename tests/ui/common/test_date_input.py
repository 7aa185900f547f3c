"""The one date field: typed from the keyboard, Tab moves on, a bad date is named with the rest."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.common.date_input import DateInput, parse_day
from ui.common.widgets import FormDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("20261201", date(2026, 12, 1)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/1", date(2026, 12, 1)),
        ("2026.12.1", date(2026, 12, 1)),
        ("2026年12月1日", date(2026, 12, 1)),
        (" 2026-2-3 ", date(2026, 2, 3)),
        ("2026-02-30", None),
        ("20261301", None),
        ("明天", None),
        ("", None),
    ],
)
def test_parse_day(text: str, day: date | None) -> None:
    assert parse_day(text) == day


def test_an_empty_optional_field_is_typed_into_and_tab_moves_on(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    field = DateInput(host, optional=True)
    after = QLineEdit(host)
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(after)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    field.setFocus()
    assert field.edit.placeholderText() == "未定" and field.day() is None

    changed: list[object] = []
    field.day_changed.connect(changed.append)
    qtbot.keyClicks(field.edit, "20261201")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)

    assert field.edit.text() == "2026-12-01"  # tidied when the field is left
    assert field.day() == date(2026, 12, 1)
    assert changed == [date(2026, 12, 1)]
    assert after.hasFocus()  # Tab leaves the field; it does not cycle through its parts


def test_a_bad_date_is_marked_and_kept_as_typed(qtbot: QtBot) -> None:
    field = DateInput(minimum=date(2026, 1, 1))
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "2026-02-30")
    field.edit.editingFinished.emit()
    assert field.edit.text() == "2026-02-30"
    assert field.day() is None
    assert field.edit.property("invalid") is True
    assert field.problem("开工日期") == (
        "开工日期“2026-02-30”不是有效日期，请写作 2026-12-01 或 20261201。"
    )
    field.set_day(date(2025, 12, 31))
    assert field.day() is None  # before the minimum
    assert field.problem("开工日期") == "开工日期不能早于 2026-01-01。"


@pytest.mark.qt_log_ignore(
    "This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)"
)
def test_alt_down_opens_the_calendar_and_a_click_picks(qtbot: QtBot) -> None:
    field = DateInput(day=date(2026, 3, 5))
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    menu = field.calendar_menu
    assert menu.isVisible()
    calendar = menu.findChild(type(menu.actions()[0].defaultWidget()))
    assert calendar is not None
    calendar.clicked.emit(calendar.selectedDate().addDays(2))
    assert field.day() == date(2026, 3, 7)
    assert not menu.isVisible()


class TwoDates(FormDialog):
    def __init__(self) -> None:
        super().__init__("两个日期")
        self.start = DateInput(self)
        self.end = DateInput(self)
        self.name = QLineEdit(self)
        self.form.addRow("开工日期：", self.start)
        self.form.addRow("完工日期：", self.end)
        self.form.addRow("名称：", self.name)

    def check(self) -> str:
        return "" if self.name.text() else "请填写名称。"


def test_a_form_names_every_problem_at_once_and_focuses_the_first(qtbot: QtBot) -> None:
    dialog = TwoDates()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.end.edit, "2026-13-01")
    saved: list[bool] = []
    dialog.save_requested.connect(lambda: saved.append(True))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.error.text().split("\n") == [
        "请选择开工日期。",
        "完工日期“2026-13-01”不是有效日期，请写作 2026-12-01 或 20261201。",
        "请填写名称。",
    ]
    assert dialog.start.edit.hasFocus()
    assert saved == []
