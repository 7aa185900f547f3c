"""请假登记: type, start/end with half days, reason; shows the length and who approves it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from fpr_desktop.cadres.leave import LeaveInput
from fpr_desktop.cadres.rules import LEAVE_TIERS, LEAVE_TYPES, days_text, leave_halves
from ui.common.widgets import FormDialog


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class LeaveDialog(FormDialog):
    """`threshold_days`: leaves longer than this go to the county (a setting, read by the page)."""

    def __init__(
        self, cadre_id: int, who: str, threshold_days: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"请假登记 — {who}", parent)
        self.cadre_id = cadre_id
        self.threshold = threshold_days
        self.kind = QComboBox(self)
        self.kind.addItems(LEAVE_TYPES)
        self.kind.setCurrentIndex(-1)  # no risky default: the clerk chooses
        self.kind.setPlaceholderText("请选择")
        today = QDate.currentDate()
        self.start = QDateEdit(today, self)
        self.end = QDateEdit(today, self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
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
        self.form.addRow("请假类型 *", self.kind)
        self.form.addRow("开始 *", start_row)
        self.form.addRow("结束 *", end_row)
        self.form.addRow("请假事由 *", self.reason)
        self.form.addRow("天数与审批", self.length)
        for signal in (
            self.start.dateChanged,
            self.end.dateChanged,
            self.start_pm.toggled,
            self.end_am.toggled,
        ):
            signal.connect(self._update_length)
        self.kind.currentIndexChanged.connect(self._mark_dirty)
        self.reason.textChanged.connect(self._mark_dirty)
        self._update_length()
        self.dirty = False  # only what the user changes counts
        self.kind.setFocus()

    def _mark_dirty(self) -> None:
        self.dirty = True

    def halves(self) -> int:
        return leave_halves(
            _day(self.start), self.start_pm.isChecked(), _day(self.end), self.end_am.isChecked()
        )

    def _update_length(self) -> None:
        self._mark_dirty()
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
        if self.halves() <= 0:
            problems.append(("请假结束时间应晚于开始时间。", self.end))
        if not self.reason.toPlainText().strip():
            problems.append(("请填写请假事由。", self.reason))
        if problems:
            problems[0][1].setFocus()
        return "\n".join(p for p, _ in problems)

    def value(self) -> LeaveInput:
        return LeaveInput(
            self.cadre_id,
            self.kind.currentText(),
            _day(self.start),
            _day(self.end),
            self.start_pm.isChecked(),
            self.end_am.isChecked(),
            self.reason.toPlainText().strip(),
        )

    def reject(self) -> None:
        """Ask before throwing away what was typed."""
        if (self.dirty and self.kind.currentIndex() >= 0) or self.reason.toPlainText().strip():
            answer = QMessageBox.question(
                self, "放弃修改", "已填写的请假信息尚未保存，确定放弃吗？"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
