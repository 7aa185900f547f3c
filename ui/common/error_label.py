"""The red message line of dialogs and pages (its own file: the login dialog paints without
loading the rest of `ui.common.widgets`)."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QLabel, QWidget


class ErrorLabel(QLabel):
    """A red, wrapping message line inside a dialog or page; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        if text:  # selectable, to copy into a report (set here: see ui.login._AuthDialog)
            self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)
        self.setVisible(bool(text))
