"""Never throw typing away: a dialog whose fields changed asks before Esc, 取消 or × close it.

`UnsavedGuard` remembers what the fields held when the dialog was ready (`mark_clean`) and
compares it with what they hold when the dialog is about to close. A closed dialog that lost
nothing closes at once; one that would lose typing shows “放弃修改？” (window-modal, so the
program never blocks) and closes only on 放弃修改. Closing after a save, or from code that
already decided (`discard`), does not ask. The main window asks the same before it quits while
a dialog with changes is open (`dialogs_with_changes`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

DISCARD_TITLE = "放弃修改？"
DISCARD_TEXT = "已填写或修改的内容尚未保存，关闭后将丢失。"


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    if isinstance(widget, QTableWidget):
        return tuple(
            (item.text() if (item := widget.item(r, c)) is not None else None)
            for r in range(widget.rowCount())
            for c in range(widget.columnCount())
        )
    return None


def snapshot(root: QWidget) -> tuple[Any, ...]:
    """What every input field below `root` holds, in a comparable form."""
    values = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QMessageBox) or widget.window() is not root:
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # a spin box's own line edit: the spin box is compared
        value = _value(widget)
        if value is not None:
            values.append(value)
    return tuple(values)


class UnsavedGuard:
    """Asks before `dialog` is closed with changed fields (see the module docstring)."""

    def __init__(self, dialog: QDialog) -> None:
        # Weak: the dialog owns its guard; a cycle would leave the dialog's deletion to the
        # garbage collector, which may run in the middle of Qt's event processing.
        self._dialog = weakref.ref(dialog)
        self._clean: tuple[Any, ...] | None = None
        self._discarding = False
        self.question: QMessageBox | None = None

    @property
    def dialog(self) -> QDialog:
        dialog = self._dialog()
        assert dialog is not None, "the guard outlived its dialog"
        return dialog

    def mark_clean(self) -> None:
        """The fields as they are now are what the dialog started from (after loading)."""
        self._clean = snapshot(self.dialog)

    def changed(self) -> bool:
        return self._clean is not None and snapshot(self.dialog) != self._clean

    def may_close(self, close: Callable[[], None]) -> bool:
        """True: close now. False: a question is open; `close` runs if the user discards."""
        if self._discarding or not self.changed():
            return True
        if self.question is not None and self.question.isVisible():
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question, DISCARD_TITLE, DISCARD_TEXT, parent=self.dialog
        )
        discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("继续填写", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda button: self._answered(button is discard, close))
        self.question = box
        box.open()
        return False

    def _answered(self, discard: bool, close: Callable[[], None]) -> None:
        box, self.question = self.question, None
        if box is not None:
            box.deleteLater()
        if discard:
            self._discarding = True
            close()

    def discard(self) -> None:
        """Let the next close through without asking (the caller already decided)."""
        self._discarding = True


def dialogs_with_changes(window: QWidget) -> list[QDialog]:
    """Open dialogs below `window` that would lose typing if the program quit now."""
    found = []
    for dialog in window.findChildren(QDialog):
        guard = getattr(dialog, "guard", None)
        if dialog.isVisible() and isinstance(guard, UnsavedGuard) and guard.changed():
            found.append(dialog)
    return found
