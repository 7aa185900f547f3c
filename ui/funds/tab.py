"""The 资金台账 tab: 台账明细 (ledger + payments), 资金下达文件, 月报, 图表, 督查检查 and 绩效."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from fpr_desktop.funds.oversight.charts import Bar
from ui.common.widgets import Workspace
from ui.funds.charts_page import ChartsPage
from ui.funds.documents_page import DocumentsPage
from ui.funds.inspections_page import InspectionsPage
from ui.funds.ledger_page import LedgerPage
from ui.funds.month_page import MonthPage
from ui.funds.performance_page import PerformancePage


class FundsTab(QTabWidget):
    """Each page reads its data the first time it is shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger_page = LedgerPage(ws, self)
        self.documents_page = DocumentsPage(ws, self)
        self.month_page = MonthPage(ws, self)
        self.charts_page = ChartsPage(ws, self)
        self.inspections_page = InspectionsPage(ws, self)
        self.performance_page = PerformancePage(ws, self)
        self.addTab(self.ledger_page, "台账明细")
        self.addTab(self.documents_page, "资金下达文件")
        self.addTab(self.month_page, "月报与锁定")
        self.addTab(self.charts_page, "图表")
        self.addTab(self.inspections_page, "督查检查")
        self.addTab(self.performance_page, "绩效")
        # a saved payment or a lock changes the report and the documents' balances
        self.ledger_page.entry_saved.connect(self.month_page.mark_stale)
        self.ledger_page.entry_saved.connect(self.documents_page.mark_stale)
        self.month_page.month_changed.connect(self.ledger_page.mark_stale)
        self.documents_page.changed.connect(self.ledger_page.mark_stale)
        self.documents_page.changed.connect(self.month_page.mark_stale)
        self.charts_page.bar_clicked.connect(self.open_ledger_for)

    def open_ledger_for(self, bar: Bar) -> None:
        """A chart's bar was clicked: the ledger of that town, source or month's spending."""
        year = self.charts_page.year.value()
        if bar.town_id is not None:
            self.ledger_page.show_filtered(year, label=bar.label, town_id=bar.town_id)
        elif bar.source is not None:
            self.ledger_page.show_filtered(year, label=bar.label, source=bar.source)
        else:
            self.ledger_page.show_filtered(year, label=f"{year}年支出", kind="spend")
        self.setCurrentWidget(self.ledger_page)
