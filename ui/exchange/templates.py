"""Blank fill-in templates from the GUI, and the “done” note the exchange actions share."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.submissions.files import write_kind_template
from fpr_desktop.submissions.kinds import get_kind
from ui.common.widgets import Workspace
from ui.exchange import prompts


def done_note(parent: QWidget | None, text: str) -> None:
    """A non-blocking “done” note (no nested event loop)."""
    box = QMessageBox(
        QMessageBox.Icon.Information, "完成", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def save_template(ws: Workspace, parent: QWidget | None, kind: str) -> str | None:
    """Ask where to save, then write a blank template (the user's town, or the whole county)."""
    k = get_kind(kind)
    scope = ws.actor.scope_name
    suggested = f"{k.title}导入模板{('_' + scope) if scope else ''}.xlsx"
    path = prompts.choose_save_file(parent, f"保存{k.title}导入模板", suggested)
    if not path:
        return None
    actor = ws.actor

    def work(session: Session) -> Path:
        return write_kind_template(session, actor, kind, path)

    ws.read(
        work,
        on_success=lambda p: done_note(parent, f"已保存导入模板：\n{p}"),
        parent=parent,
        progress_label="正在生成模板…",
    )
    return path
