"""考勤汇总: the month's attendance per cadre (below the minimum in red), the towns' sheet
import, and the monthly notice as Excel or PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.cadres import reports
from fpr_desktop.cadres.listing import CadreChoices, cadre_choices
from ui.cadres.cells import fill_table, fill_towns
from ui.common.files import ask_save_path
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget
from ui.exchange.actions import import_kind

COLUMNS = [
    "镇",
    "所驻村",
    "姓名",
    "驻村职务",
    "派出单位",
    "在村天数",
    "请假天数",
    "缺勤天数",
    "公出天数",
    "备注",
]
KEYS = [
    "town",
    "village",
    "name",
    "role",
    "unit",
    "in_village",
    "leave",
    "absent",
    "duty",
    "remark",
]


class AttendancePage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("cadre_attendance", "cadre_attendance_month")  # e.g. an imported sheet
        self.choices: CadreChoices | None = None
        self.report: reports.AttendanceReport | None = None
        last = QDate.currentDate().addMonths(-1)  # towns count last month's attendance
        self.month = QDateEdit(QDate(last.year(), last.month(), 1), self)
        self.month.setDisplayFormat("yyyy年M月")
        self.month.dateChanged.connect(self.reload_month)
        self.town = QComboBox(self)
        self.town.currentIndexChanged.connect(self.reload_month)
        self.import_button = QPushButton("导入考勤表…", self)
        self.import_button.setToolTip("导入镇上报送的月度签到表（先检查，全部无误才写入）")
        self.import_button.clicked.connect(lambda: import_kind(self.ws, self, "attendance"))
        self.xlsx_button = QPushButton("导出通报（Excel）…", self)
        self.pdf_button = QPushButton("打印通报（PDF）…", self)
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel("月份", self))
        bar.addWidget(self.month)
        bar.addWidget(QLabel("镇", self))
        bar.addWidget(self.town)
        bar.addStretch(1)
        for b in (self.import_button, self.xlsx_button, self.pdf_button):
            bar.addWidget(b)
        self.table = table_widget(self, COLUMNS)
        self.hint = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def reload(self) -> None:
        actor = self.ws.actor
        self.ws.read(lambda s: cadre_choices(s, actor), on_success=self._got_choices, parent=self)

    def _got_choices(self, found: CadreChoices) -> None:
        self.choices = found
        fill_towns(self.town, found.towns, "全县")
        self.import_button.setEnabled(found.may_daily)
        if not found.may_daily:
            self.import_button.setToolTip("当前用户没有“登记驻村考勤、请销假和走访”的权限。")
        self.reload_month()

    def reload_month(self) -> None:
        if self.choices is None:
            return
        actor, town = self.ws.actor, self.town.currentData()
        d = self.month.date()
        self.hint.setText("正在统计…")
        self.ws.read(
            lambda s: reports.attendance_report(s, actor, d.year(), d.month(), town),
            on_success=self._show,
            parent=self,
        )

    def _show(self, report: reports.AttendanceReport) -> None:
        self.report = report
        fill_table(
            self.table,
            [[r[k] for k in KEYS] for r in report.rows],
            warn=[bool(r["remark"]) for r in report.rows],
        )
        self.hint.setText(f"{report.title}：{report.subtitle}（红色）。")
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(bool(report.rows))
        self.finish_loading()

    def export(self, suffix: str) -> None:
        report = self.report
        if report is None:
            return
        path = ask_save_path(self, "保存考勤情况通报", f"{report.title}{suffix}")
        if path is None:
            return

        def write(session: Session) -> Path:
            if suffix == ".pdf":
                path.write_bytes(reports.pdf_bytes(session, report))
            else:
                reports.write_xlsx(report, path)
            return path

        self.ws.read(
            write,
            on_success=lambda p: self.hint.setText(f"已保存：{p}"),
            parent=self,
            progress_label="正在生成…",
        )
