"""The few blocking questions the exchange GUI asks (file names, a yes/no); tests replace them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.common.files import ask_save_path, documents_dir

OPEN_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods);;所有文件 (*)"


def choose_open_file(parent: QWidget | None, title: str) -> str | None:
    """A spreadsheet to read, or None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(documents_dir()), OPEN_FILTER)
    return path or None


def choose_save_file(parent: QWidget | None, title: str, suggested: str) -> str | None:
    """Where to write a file (the one save-as question of ui.common.files), or None."""
    path = ask_save_path(parent, title, suggested)
    return str(path) if path is not None else None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; the safe answer (否) is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
