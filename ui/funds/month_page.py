"""月报与锁定: the month's report by source and town, submit (locks the month), reopen, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.base.permissions import can
from fpr_desktop.funds import months
from fpr_desktop.funds.report import MonthlyReport, ReportLine, monthly_report
from fpr_desktop.funds.report_files import write_report_pdf, write_report_xlsx
from fpr_desktop.funds.town_figures import town_submissions
from fpr_desktop.submissions.register import TownStatus
from ui.common.files import ask_save_path
from ui.common.widgets import FormDialog, LazyPage, Workspace, hint_label, table_widget
from ui.funds.reads import latest

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HEAD = ["下达", "已分配", "已拨付", "已支出", "质保金", "已报账", "支出率（%）", "已开工", "已完工"]


class SubmitDialog(FormDialog):
    """报送月报: who filled and reviewed it, and the problems found."""

    def __init__(self, period: int, filled_by: str, parent: QWidget | None = None) -> None:
        super().__init__(f"报送{months.period_text(period)}月报并锁定该月", parent)
        self.filled = QLineEdit(filled_by, self)
        self.reviewed = QLineEdit(self)
        self.problems = QLineEdit(self)
        self.add_required("填报人", self.filled)
        self.add_required("审核人", self.reviewed)
        self.form.addRow("存在问题", self.problems)
        self.form.addRow(
            QLabel("报送后该月的台账记录将被锁定，更正需在未锁定月份登记调整记录。", self)
        )
        self.save_button.setText("报送并锁定")
        self.reviewed.setFocus()


class MonthPage(LazyPage):
    """Pick a month; the report is computed in the background from the ledger."""

    #: The month was locked or reopened.
    month_changed = Signal()
    #: The report on screen is up to date.
    report_shown = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.report: MonthlyReport | None = None
        last = date.today().replace(day=1)
        self.year = QSpinBox(self)
        self.year.setRange(2015, 2100)
        self.year.setValue(last.year if last.month > 1 else last.year - 1)
        self.month = QComboBox(self)
        for m in range(1, 13):
            self.month.addItem(f"{m}月", m)
        self.month.setCurrentIndex((last.month - 2) % 12)  # the previous month is the one reported
        self.state = QLabel(self)
        self.submit_button = QPushButton("报送并锁定…", self)
        self.reopen_button = QPushButton("重新打开…", self)
        self.xlsx_button = QPushButton("导出 Excel…", self)
        self.pdf_button = QPushButton("导出 PDF…", self)
        bar = QHBoxLayout()
        for w in (QLabel("月份", self), self.year, self.month, self.state):
            bar.addWidget(w)
        bar.addStretch(1)
        for b in (self.submit_button, self.reopen_button, self.xlsx_button, self.pdf_button):
            bar.addWidget(b)
        self.by_source = table_widget(self, ["资金来源", *HEAD])
        self.by_town = table_widget(self, ["乡镇", *HEAD[1:]])  # money is issued to the county
        self.submissions = table_widget(
            self, ["乡镇", "月报数据报送", "截止日期", "最近报送", "报送人", "版本"]
        )
        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.addWidget(QLabel("按资金来源（万元，本年累计）", body))
        inner.addWidget(self.by_source)
        inner.addWidget(QLabel("按乡镇（万元，本年累计）", body))
        inner.addWidget(self.by_town)
        self.submissions_title = QLabel("乡镇月报数据报送情况（拨付支出明细导入登记）", body)
        inner.addWidget(self.submissions_title)
        inner.addWidget(self.submissions)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)  # buttons stay visible; the tables scroll
        layout.addWidget(scroll, 1)
        layout.addWidget(self.footer)
        self.year.valueChanged.connect(self.reload)
        self.month.currentIndexChanged.connect(self.reload)
        self.submit_button.clicked.connect(self.open_submit)
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self._stale = False

    @property
    def period(self) -> int:
        return self.year.value() * 100 + int(self.month.currentData())

    def mark_stale(self) -> None:
        self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        actor, period = self.ws.actor, self.period
        self.footer.setText("正在计算月报…")
        self.ws.read(lambda s: monthly_report(s, actor, period), on_success=self._show, parent=self)
        self.ws.read(
            lambda s: town_submissions(s, actor, period),
            on_success=latest(self, self._show_submissions, "submissions"),
            parent=self,
        )

    def _show_submissions(self, towns: list[TownStatus]) -> None:
        self.submissions.setRowCount(len(towns))
        for r, t in enumerate(towns):
            latest = t.latest
            cells = [
                t.town_name,
                t.status_label,
                t.due.isoformat() if t.due else "",
                latest.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M") if latest else "",
                latest.username if latest else "",
                str(t.versions) if t.versions else "",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if t.status in ("late", "overdue"):
                    item.setForeground(QBrush(QColor("#b03a2e")))
                self.submissions.setItem(r, c, item)
        self.submissions.resizeColumnsToContents()
        height = self.submissions.horizontalHeader().height() + sum(
            self.submissions.rowHeight(r) for r in range(len(towns))
        )
        self.submissions.setMinimumHeight(height + 4)
        counts = {
            label: sum(1 for t in towns if t.status_label == label)
            for label in ("已报送", "逾期报送", "逾期未报", "未报送")
        }
        self.submissions_title.setText(
            "乡镇月报数据报送情况（拨付支出明细导入登记）："
            + "，".join(f"{k} {v} 个" for k, v in counts.items() if v)
        )

    def _fill(self, table: QTableWidget, lines: list[ReportLine], total: ReportLine) -> None:
        rows = [*lines, total]
        table.setRowCount(len(rows))
        for r, line in enumerate(rows):
            money = (
                line.issued,
                line.assigned,
                line.paid,
                line.spent,
                line.retention,
                line.settled,
            )
            if line.issued is None:  # a town line: money is issued to the county
                money = money[1:]
            cells = [
                line.label,
                *(format_amount(v, MoneyUnit.WAN) if v is not None else "" for v in money),
            ]
            cells += [
                "" if line.rate is None else str(line.rate),
                str(line.started),
                str(line.completed),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(RIGHT)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        height = table.horizontalHeader().height() + sum(
            table.rowHeight(r) for r in range(len(rows))
        )
        table.setMinimumHeight(height + 4)

    def _show(self, report: MonthlyReport) -> None:
        self.report = report
        self._fill(self.by_source, report.by_source, report.total(report.by_source))
        self._fill(self.by_town, report.by_town, report.total(report.by_town))
        st = report.state
        locked = bool(st and st.locked)
        self.state.setText("已报送，已锁定" if locked else "未报送")
        may_edit, may_reopen = can(self.ws.actor, "funds.edit"), can(self.ws.actor, "funds.reopen")
        self.submit_button.setEnabled(may_edit and not locked)
        self.submit_button.setToolTip(
            "该月已锁定" if locked else ("" if may_edit else "当前用户没有“维护资金台账”的权限")
        )
        self.reopen_button.setEnabled(may_reopen and locked)
        self.reopen_button.setToolTip(
            "" if may_reopen else "重新打开已锁定月份需要“重新打开已锁定月份”权限（系统管理员）"
        )
        who = f"　填报人：{st.filled_by}　审核人：{st.reviewed_by}" if locked and st else ""
        self.footer.setText(f"{report.title}（截至{report.as_of.isoformat()}）{who}")
        self.finish_loading()
        self.report_shown.emit()

    def open_submit(self) -> None:
        dialog = SubmitDialog(self.period, self.ws.actor.display_name, self)
        self.dialog = dialog
        actor, period = self.ws.actor, self.period

        def save() -> None:
            filled, reviewed, problems = (
                dialog.filled.text(),
                dialog.reviewed.text(),
                dialog.problems.text(),
            )
            from ui.common.widgets import submit_dialog

            submit_dialog(
                self.ws,
                dialog,
                lambda s: months.lock_month(
                    s, actor, period, filled_by=filled, reviewed_by=reviewed, problems=problems
                ),
                on_saved=lambda _s: self._changed(),
                on_conflict=self.reload,
            )

        dialog.save_requested.connect(save)
        dialog.open()

    def ask_reopen(self) -> None:
        reason, ok = QInputDialog.getText(
            self,
            "重新打开已锁定月份",
            f"重新打开{months.period_text(self.period)}的理由（记入审计日志）：",
        )
        if ok:
            self.reopen(reason)

    def reopen(self, reason: str) -> None:
        actor, period = self.ws.actor, self.period
        self.ws.write(
            lambda s: months.unlock_month(s, actor, period, reason),
            on_success=lambda _s: self._changed(),
            parent=self,
        )

    def _changed(self) -> None:
        self.reload()
        self.month_changed.emit()

    def export(self, suffix: str, path: Path | None = None) -> None:
        report = self.report
        if report is None:
            return
        target = path or ask_save_path(self, "导出月报", f"{report.title}{suffix}")
        if target is None:
            return
        write = write_report_pdf if suffix == ".pdf" else write_report_xlsx
        self.ws.run(
            lambda _ctx: write(report, target),
            on_success=lambda p: self.footer.setText(f"已导出 {p}"),
            parent=self,
            progress_label="正在导出月报…",
        )
