"""项目库 → 年度计划: the projects of one year's plan with their funds and a 合计 row."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.money import format_amount
from fpr_desktop.services.project_views import (
    PlanView,
    latest_plan_year,
    plan_view,
    plan_years,
)
from ui.common.widgets import LazyPage, Workspace, compact_rows

COLUMNS = ("序号", "项目名称", "镇", "村", "类别", "状态", "资金来源", "计划资金（元）")
AMOUNT_COLUMN = len(COLUMNS) - 1
ID_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class PlanData:
    years: list[int]
    view: PlanView


class PlanPage(LazyPage):
    """A plan holds hundreds of projects at most, so it is read whole; read again when shown."""

    #: The user double-clicked a project of the plan (its id).
    project_activated = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.plan: PlanView | None = None
        self.year = QComboBox(self)
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year.currentIndexChanged.connect(self.reload)
        self.reload_button = QPushButton("刷新", self)
        self.reload_button.clicked.connect(self.reload)
        self.title = QLabel("", self)
        self.title.setObjectName("sectionLabel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("计划年度", self))
        bar.addWidget(self.year)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.reload_button)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(self._activated)
        self.info = QLabel("", self)
        self.info.setObjectName("hintLabel")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)

    def showEvent(self, event: QShowEvent) -> None:
        again = self._loaded_once
        super().showEvent(event)
        if again:
            self.reload()  # projects may have been put into a plan meanwhile

    def reload(self) -> None:
        actor, wanted = self.ws.actor, self.year.currentData()

        def load(session: Session) -> PlanData:
            years = plan_years(session)
            year = wanted if wanted in years else latest_plan_year(session) or years[0]
            return PlanData(years, plan_view(session, actor, year))

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: PlanData) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in data.years:
            self.year.addItem(f"{year}年", year)
        self.year.setCurrentIndex(max(0, self.year.findData(data.view.year)))
        self.year.blockSignals(False)
        self.plan = plan = data.view
        self.title.setText(plan.title)
        rows = plan.rows
        self.table.clearSpans()
        self.table.setRowCount(len(rows) + 1)
        for r, row in enumerate(rows):
            funds = "；".join(f"{src} {format_amount(amount)}" for src, amount in row.funds.items())
            values = (
                str(r + 1),
                row.name,
                row.town,
                row.village,
                row.category,
                row.status_label,
                funds,
                format_amount(row.amount),
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.project_id)
                if c == AMOUNT_COLUMN:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        self._total_row(len(rows), plan)
        total = format_amount(plan.total)
        self.info.setText(
            f"{plan.year}年度计划共 {len(rows)} 个项目，计划资金合计 {total} 元。"
            if rows
            else f"{plan.year}年尚无列入年度计划的项目。在项目列表中选择已入库的项目，"
            "点“办理 → 列入年度计划”。"
        )
        self.finish_loading()

    def _total_row(self, r: int, plan: PlanView) -> None:
        bold = QFont(self.table.font())
        bold.setBold(True)
        label = QTableWidgetItem("合计")
        amount = QTableWidgetItem(format_amount(plan.total))
        amount.setTextAlignment(RIGHT)
        for c in range(len(COLUMNS)):
            item = label if c == 0 else amount if c == AMOUNT_COLUMN else QTableWidgetItem("")
            item.setFont(bold)
            self.table.setItem(r, c, item)
        self.table.setSpan(r, 0, 1, AMOUNT_COLUMN)

    def total_text(self) -> str:
        """What the 合计 row shows (for tests)."""
        item = self.table.item(self.table.rowCount() - 1, AMOUNT_COLUMN)
        return item.text() if item else ""

    def _activated(self, item: QTableWidgetItem) -> None:
        project_id = item.data(ID_ROLE)
        if project_id is not None:
            self.project_activated.emit(int(project_id))
