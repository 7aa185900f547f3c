"""The one "save as" question: a Documents-folder suggestion and the right file suffix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

FILTERS = {
    ".xlsx": "Excel 工作簿 (*.xlsx)",
    ".pdf": "PDF 文件 (*.pdf)",
    ".sqlite3": "数据库备份 (*.sqlite3);;所有文件 (*)",
}


def documents_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


def ask_save_path(parent: QWidget | None, title: str, suggested: str | Path) -> Path | None:
    """Ask where to save; `suggested` is a file name (put in Documents) or a full path.

    Returns None when the user cancels; the suggested name's suffix is added when missing.
    """
    suggested = Path(suggested)
    if not suggested.is_absolute():
        suggested = documents_dir() / suggested
    suffix = suggested.suffix.lower()
    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(suggested), FILTERS.get(suffix, "所有文件 (*)")
    )
    if not name:
        return None
    path = Path(name)
    if suffix and path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    return path
