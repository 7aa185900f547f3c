"""Never throw typing away: closing a changed form asks; quitting with such a form open asks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from ui.common.unsaved import DISCARD_TITLE
from ui.common.widgets import FormDialog
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


class NameForm(FormDialog):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__("登记异议", parent)
        self.name = QLineEdit(self)
        self.form.addRow("经办人：", self.name)


def _button(box: QMessageBox, text: str):  # type: ignore[no-untyped-def]
    return next(b for b in box.buttons() if b.text() == text)


def test_an_untouched_form_closes_at_once(qtbot: QtBot) -> None:
    dialog = NameForm()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.guard.question is None


def test_escape_on_a_changed_form_asks_and_keeps_the_typing(qtbot: QtBot) -> None:
    dialog = NameForm()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Wang 139")  # typed (QTest types ASCII only)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.guard.question
    assert box is not None and box.isVisible() and box.windowTitle() == DISCARD_TITLE
    assert dialog.isVisible()
    _button(box, "继续填写").click()
    assert dialog.isVisible() and dialog.name.text() == "Wang 139"

    dialog.buttons.rejected.emit()  # 取消
    box = dialog.guard.question
    assert box is not None and box.isVisible()
    _button(box, "放弃修改").click()
    assert not dialog.isVisible()


def test_quitting_with_a_changed_form_open_asks_first(
    qtbot: QtBot, admin: Actor, main_window: Callable[[Actor], MainWindow]
) -> None:
    window = main_window(admin)
    dialog = NameForm(window)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Wang 139")  # typed (QTest types ASCII only)

    def answer(text: str) -> None:
        box = window.quit_question
        assert "“登记异议”中有尚未保存的内容" in box.text()
        _button(box, text).click()

    QTimer.singleShot(0, lambda: answer("返回填写"))
    window.quit_action.trigger()  # 文件 → 退出
    assert window.isVisible() and dialog.isVisible() and dialog.name.text() == "Wang 139"

    QTimer.singleShot(0, lambda: answer("放弃并退出"))
    window.quit_action.trigger()
    assert not window.isVisible()
