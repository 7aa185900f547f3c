"""The base of the record dialogs of one project (四议两公开, tender, acceptance, adjustment …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.projects.views import ActionContext
from ui.common.widgets import FormDialog

Work = Callable[[Session], Any]


def count_box(parent: QWidget, maximum: int = 100_000) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, maximum)
    return box


def text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(edit.fontMetrics().height() * (lines + 1))
    return edit


class RecordDialog(FormDialog):
    """A record form for one project; `work(actor)` saves it, `done_text(result)` reports it."""

    def __init__(self, title: str, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__(title, parent)
        self.ctx = ctx
        name = QLabel(ctx.name, self)
        name.setWordWrap(True)
        self.form.addRow("项目：", name)

    def work(self, actor: Actor) -> Work:
        raise NotImplementedError

    def done_text(self, result: Any) -> str:
        return f"已登记：{self.windowTitle().removeprefix('登记')}。"

    @classmethod
    def refusal(cls, ctx: ActionContext) -> str:
        """Why this record cannot be registered for the project now ('' when it can); the
        menu shows it on the disabled entry."""
        return ""
