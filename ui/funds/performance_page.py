"""绩效: every target of the year's plan projects with its mid-year monitoring value and the
year-end self-evaluation; those behind target are marked (and can be shown alone)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.base.permissions import can
from fpr_desktop.funds.oversight import performance as perf
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog, LazyPage, Workspace, hint_label, table_widget
from ui.funds.reads import latest

COLUMNS = [
    "项目",
    "乡镇",
    "指标类型",
    "指标",
    "目标值",
    "年中监测值",
    "监测日期",
    "年终完成值",
    "自评",
    "提示",
]
NO_EDIT = "当前用户没有“维护资金台账”的权限"
FLAG = QColor("#b03a2e")


class PerformanceDialog(FormDialog):
    """录入绩效监控: mid-year value and day; from November, the year-end value and grade."""

    def __init__(
        self, line: perf.PerformanceLine, year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__("录入绩效监控与自评", parent)
        self.line, self.year = line, year
        unit = line.unit
        self.info = QLabel(
            f"{line.project}　{line.kind}：{line.indicator}　目标值 {line.target}{unit}", self
        )
        self.info.setWordWrap(True)
        self.mid_value = QLineEdit(line.mid_value, self)
        self.mid_on = DateInput(self, day=line.mid_on, optional=True)
        self.final_value = QLineEdit(line.final_value, self)
        self.evaluation = QComboBox(self)
        self.evaluation.addItem("（未自评）", "")
        for g in perf.GRADES:
            self.evaluation.addItem(g, g)
        self.evaluation.setCurrentIndex(max(self.evaluation.findData(line.evaluation), 0))
        self.note = QLineEdit(line.evaluation_note, self)
        self.note.setPlaceholderText("自评为“中”“差”时写明原因和整改措施")
        self.form.addRow(self.info)
        self.form.addRow(f"年中监测值（{unit or '按目标单位'}）", self.mid_value)
        self.form.addRow("监测日期（填监测值时必填）", self.mid_on)
        self.form.addRow(f"年终完成值（{unit or '按目标单位'}）", self.final_value)
        self.form.addRow("年终自评等次", self.evaluation)
        self.form.addRow("自评说明", self.note)
        self.mid_value.setFocus()

    def check(self) -> str:
        problems: list[tuple[QWidget, str]] = []
        numeric = perf.target_number(self.line.target) is not None
        for box, label in ((self.mid_value, "年中监测值"), (self.final_value, "年终完成值")):
            value = box.text().strip()
            if value and numeric and perf.value_number(value) is None:
                problems.append((box, f"{label}“{value}”应为数字（目标值为 {self.line.target}）。"))
        if self.mid_value.text().strip() and self.mid_on.is_empty():
            problems.append((self.mid_on, "填写年中监测值时必须填写监测日期。"))
        if self.evaluation.currentData() and not self.final_value.text().strip():
            problems.append((self.final_value, "年终自评前必须填写年终完成值。"))
        if self.evaluation.currentData() in ("中", "差") and not self.note.text().strip():
            problems.append((self.note, "自评为“中”或“差”时必须写明原因和整改措施。"))
        if problems and not self.field_problems():
            problems[0][0].setFocus()
        return "\n".join(p for _w, p in problems)

    def value(self) -> perf.PerformanceInput:
        return perf.PerformanceInput(
            self.line.project_id,
            self.year,
            self.line.kind,
            self.line.indicator,
            mid_value=self.mid_value.text(),
            mid_on=self.mid_on.day(),
            final_value=self.final_value.text(),
            evaluation=str(self.evaluation.currentData() or ""),
            evaluation_note=self.note.text(),
        )


class PerformancePage(LazyPage):
    """One line per target; 录入… (Enter, double-click) opens the monitoring form."""

    shown = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.dialog = None
        self.lines: list[perf.PerformanceLine] = []
        self.year = QSpinBox(self)
        self.year.setRange(2015, 2100)
        self.year.setValue(date.today().year)
        self.only_behind = QCheckBox("只看落后于目标的", self)
        self.edit_button = QPushButton("录入监控/自评…", self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度计划", self))
        bar.addWidget(self.year)
        bar.addWidget(self.only_behind)
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        self.table = table_widget(self, COLUMNS)
        self.table.setSortingEnabled(True)
        self.message = QLabel(self)
        self.message.setObjectName("hintLabel")
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer)
        self.year.valueChanged.connect(self.reload)
        self.only_behind.toggled.connect(lambda _on: self._fill())
        self.edit_button.clicked.connect(self.edit)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.edit).setContext(
                Qt.ShortcutContext.WidgetShortcut
            )
        self.watch("fund_performance", "project_target", "plan_item")
        self._update_buttons()

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.value()
        self.ws.read(
            lambda s: perf.performance_lines(s, actor, year),
            on_success=latest(self, self._show),
            parent=self,
        )

    def _show(self, lines: list[perf.PerformanceLine]) -> None:
        self.lines = lines
        self._fill()
        self.finish_loading()
        self.shown.emit()

    def visible_lines(self) -> list[perf.PerformanceLine]:
        if self.only_behind.isChecked():
            return [x for x in self.lines if x.behind]
        return self.lines

    def _fill(self) -> None:
        lines = self.visible_lines()
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(lines))
        for r, x in enumerate(lines):
            unit = x.unit
            cells = [
                x.project,
                x.town,
                x.kind,
                x.indicator,
                f"{x.target}{unit}",
                x.mid_value and f"{x.mid_value}{unit}",
                x.mid_on.isoformat() if x.mid_on else "",
                x.final_value and f"{x.final_value}{unit}",
                x.evaluation,
                x.behind,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, r)
                if x.behind:
                    item.setForeground(QBrush(FLAG))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 260))
        projects = len({x.project_id for x in self.lines})
        behind = [x for x in self.lines if x.behind]
        self.footer.setText(
            f"{self.year.value()}年度计划 {projects} 个项目、{len(self.lines)} 项绩效目标，"
            f"落后于目标 {len(behind)} 项（涉及 {len({x.project_id for x in behind})} 个项目）"
            "；年中监测值低于目标一半、年终未达目标或未按时监控的列为落后"
        )
        self._update_buttons()

    def current(self) -> perf.PerformanceLine | None:
        r = self.table.currentRow()
        item = self.table.item(r, 0) if r >= 0 else None
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        return self.visible_lines()[int(item.data(Qt.ItemDataRole.UserRole))]

    def _update_buttons(self) -> None:
        may = can(self.ws.actor, "funds.edit")
        why = NO_EDIT if not may else ("请先选择一项绩效目标" if self.current() is None else "")
        self.edit_button.setEnabled(not why)
        self.edit_button.setToolTip(why or "录入年中监测值、年终完成值和自评（回车）")

    def edit(self) -> None:
        line = self.current()
        if line is None or not self.edit_button.isEnabled():
            return
        dialog = PerformanceDialog(line, self.year.value(), self)
        actor, version = self.ws.actor, line.version

        def saved(_id: int) -> None:
            self.message.setText("绩效监控已保存。")
            self.reload()

        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: perf.record_performance(s, actor, inp, version),
            on_saved=saved,
        )
