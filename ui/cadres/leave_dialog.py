"""请假登记: type, start/end with half days, reason; shows the length and who approves it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QWidget

from fpr_desktop.cadres.leave import LeaveInput
from fpr_desktop.cadres.rules import LEAVE_TIERS, LEAVE_TYPES, days_text, leave_halves
from ui.cadres.cells import choice_box, report
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog, required_label


class LeaveDialog(FormDialog):
    """`threshold_days`: leaves longer than this go to the county (a setting, read by the page).

    Closing with typing in it asks first (the form's UnsavedGuard)."""

    def __init__(
        self, cadre_id: int, who: str, threshold_days: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"请假登记 — {who}", parent)
        self.cadre_id = cadre_id
        self.threshold = threshold_days
        self.kind = choice_box(self, LEAVE_TYPES)  # no risky default: the clerk chooses
        today = date.today()
        self.start = DateInput(self, day=today)
        self.end = DateInput(self, day=today)
        self.start_pm = QCheckBox("下午开始", self)
        self.end_am = QCheckBox("上午结束", self)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.fontMetrics().height() * 4)
        self.length = QLabel("", self)
        self.length.setObjectName("valueLabel")
        start_row, end_row = QHBoxLayout(), QHBoxLayout()
        start_row.addWidget(self.start, 1)
        start_row.addWidget(self.start_pm)
        end_row.addWidget(self.end, 1)
        end_row.addWidget(self.end_am)
        self.add_required("请假类型", self.kind)
        self.form.addRow(required_label("开始"), start_row)
        self.form.addRow(required_label("结束"), end_row)
        self.add_required("请假事由", self.reason)
        self.form.addRow("天数与审批", self.length)
        for signal in (
            self.start.edit.textChanged,
            self.end.edit.textChanged,
            self.start_pm.toggled,
            self.end_am.toggled,
        ):
            signal.connect(self._update_length)
        self._update_length()
        self.kind.setFocus()

    def halves(self) -> int:
        start, end = self.start.day(), self.end.day()
        if start is None or end is None:
            return 0
        return leave_halves(start, self.start_pm.isChecked(), end, self.end_am.isChecked())

    def _update_length(self) -> None:
        if self.start.day() is None or self.end.day() is None:
            self.length.setText("请填写开始和结束日期")
            return
        halves = self.halves()
        if halves <= 0:
            self.length.setText("结束时间早于开始时间")
            return
        tier = "town" if halves <= self.threshold * 2 else "county"
        self.length.setText(f"共 {days_text(halves)} 天，由{LEAVE_TIERS[tier]}审批")

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if self.kind.currentIndex() < 0:
            problems.append(("请选择请假类型。", self.kind))
        if self.start.day() and self.end.day() and self.halves() <= 0:
            problems.append(("请假结束时间应晚于开始时间。", self.end))
        if not self.reason.toPlainText().strip():
            problems.append(("请填写请假事由。", self.reason))
        return report(problems)

    def value(self) -> LeaveInput:
        start, end = self.start.day(), self.end.day()
        assert start is not None and end is not None  # checked by the form
        return LeaveInput(
            self.cadre_id,
            self.kind.currentText(),
            start,
            end,
            self.start_pm.isChecked(),
            self.end_am.isChecked(),
            self.reason.toPlainText().strip(),
        )
