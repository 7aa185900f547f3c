"""Small forms of 公告公示: date boxes, 登记异议, 处理异议 (result and reply date required)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from fpr_desktop.notices.register import ObjectionRow
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog


def _text_box(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 5)
    return box


@dataclass(frozen=True)
class ObjectionInput:
    received_on: date
    content: str
    contact: str
    handler: str


class ObjectionDialog(FormDialog):
    """登记异议: when it came in, what it says, who raised it (optional) and who handles it."""

    def __init__(self, parent: QWidget | None, *, window_start: date) -> None:
        super().__init__("登记异议", parent)
        self.received_on = DateInput(
            self, day=max(date.today(), window_start), minimum=window_start
        )
        self.content = _text_box(self, "群众反映的问题")
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText("反映人及联系电话（可不填）")
        self.handler = QLineEdit(self)
        self.handler.setPlaceholderText("经办人")
        self.form.addRow("收到日期：", self.received_on)
        self.form.addRow("异议内容：", self.content)
        self.form.addRow("反映人：", self.contact)
        self.form.addRow("经办人：", self.handler)
        self.content.setFocus()

    def check(self) -> str:
        return "" if self.content.toPlainText().strip() else "请填写异议内容。"

    def values(self) -> ObjectionInput:
        received = self.received_on.day()
        assert received is not None
        return ObjectionInput(
            received,
            self.content.toPlainText().strip(),
            self.contact.text().strip(),
            self.handler.text().strip(),
        )


class ResolveDialog(FormDialog):
    """处理异议: how it was handled and when the reply went out — both must be filled in."""

    def __init__(self, parent: QWidget | None, *, objection: ObjectionRow) -> None:
        super().__init__("处理异议", parent)
        self.objection = objection
        content = QLabel(objection.content, self)
        content.setWordWrap(True)
        self.result_text = _text_box(self, "核实情况和处理结果")
        self.replied_on = DateInput(self, placeholder="请选择", minimum=objection.received_on)
        self.handler = QLineEdit(objection.handler, self)
        self.form.addRow("收到日期：", QLabel(objection.received_on.isoformat(), self))
        self.form.addRow("异议内容：", content)
        self.form.addRow("处理结果：", self.result_text)
        self.form.addRow("答复日期：", self.replied_on)
        self.form.addRow("经办人：", self.handler)
        self.result_text.setFocus()

    def check(self) -> str:
        if not self.result_text.toPlainText().strip():
            return "请填写处理结果。"
        return ""

    def values(self) -> tuple[str, date, str]:
        replied = self.replied_on.day()
        assert replied is not None
        return self.result_text.toPlainText().strip(), replied, self.handler.text().strip()
