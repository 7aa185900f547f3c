"""系统管理 → 工作日历: a year's holidays and make-up working days (调休) — list, add, remove."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base import calendar as calendar_service
from fpr_desktop.base.calendar import CalendarOverride
from ui.admin.dialogs import CalendarDayDialog
from ui.common.widgets import (
    LazyPage,
    Workspace,
    hint_label,
    table_widget,
    text_width,
)

COLUMNS = ("日期", "星期", "类型", "说明")
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class CalendarData:
    year: int
    overrides: list[CalendarOverride]
    known_text: str


class CalendarPage(LazyPage):
    """What the bundled holiday data says is kept; this page lists only the database's changes."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.overrides: list[CalendarOverride] = []
        self.dialog: CalendarDayDialog | None = None
        self.known = QLabel("", self)
        self.known.setWordWrap(True)
        explain = QLabel(
            "国务院每年公布次年节假日安排后，如程序内置数据尚未包含该年，请在此录入放假日期"
            "（休息日）和调休上班日期（工作日）。所有“工作日”时限都按此计算。",
            self,
        )
        explain.setWordWrap(True)
        explain.setObjectName("hintLabel")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.reload)
        self.add_holiday_button = QPushButton("添加休息日…", self)
        self.add_workday_button = QPushButton("添加调休上班日…", self)
        self.remove_button = QPushButton("删除所选", self)
        self.add_holiday_button.clicked.connect(lambda: self.add_day(workday=False))
        self.add_workday_button.clicked.connect(lambda: self.add_day(workday=True))
        self.remove_button.clicked.connect(self.remove_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年份：", self))
        bar.addWidget(self.year)
        bar.addWidget(self.add_holiday_button)
        bar.addWidget(self.add_workday_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)

        self.table = table_widget(self, list(COLUMNS), multi=True)  # remove several days
        for column, sample in enumerate(("0000-00-00", "星期三", "调休上班（工作日）")):
            self.table.setColumnWidth(column, text_width(self.table, sample))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.info = hint_label(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.known)
        layout.addWidget(explain)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        self._update_buttons()

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.value()

        def load(session: Session) -> CalendarData:
            return CalendarData(
                year,
                calendar_service.list_overrides(session, actor, year),
                calendar_service.known_years_text(session),
            )

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: CalendarData) -> None:
        if data.year != self.year.value():
            return  # the user moved on to another year meanwhile
        self.known.setText(data.known_text + "。")
        self.overrides = data.overrides
        self.table.setRowCount(len(self.overrides))
        for r, o in enumerate(self.overrides):
            values = (
                o.day.isoformat(),
                f"星期{WEEKDAYS[o.day.weekday()]}",
                "调休上班（工作日）" if o.is_workday else "放假（休息日）",
                o.note,
            )
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.overrides:
            self.info.setText(f"{data.year} 年共有 {len(self.overrides)} 条自定义安排。")
        else:
            self.info.setText(f"{data.year} 年没有自定义安排，按内置数据或周一至周五计算。")
        self._update_buttons()
        self.finish_loading()

    def selected_days(self) -> list[date]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.overrides[r].day for r in rows if r < len(self.overrides)]

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_days()))

    def add_day(self, *, workday: bool) -> None:
        actor = self.ws.actor
        dialog = CalendarDayDialog(self, workday=workday, year=self.year.value())

        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: calendar_service.set_override(s, actor, *v),
            on_saved=self._saved,
        )

    def _saved(self, override: CalendarOverride) -> None:
        if override.day.year != self.year.value():
            self.year.setValue(override.day.year)  # reloads
        else:
            self.reload()

    def remove_selected(self) -> None:
        days = self.selected_days()
        if not days:
            return
        actor = self.ws.actor

        def work(session: Session) -> int:
            for day in days:
                calendar_service.remove_override(session, actor, day)
            return len(days)

        def failed(exc: BaseException) -> None:
            self.ws.runner.show_error(exc, self)
            self.reload()

        self.ws.write(work, on_success=lambda _n: self.reload(), on_error=failed, parent=self)
