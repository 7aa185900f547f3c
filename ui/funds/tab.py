"""The 资金台账 tab: 台账明细 (ledger + payments), 资金下达文件 and 月报 as sub-tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.common.widgets import Workspace
from ui.funds.documents_page import DocumentsPage
from ui.funds.ledger_page import LedgerPage
from ui.funds.month_page import MonthPage


class FundsTab(QTabWidget):
    """Each page reads its data the first time it is shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger_page = LedgerPage(ws, self)
        self.documents_page = DocumentsPage(ws, self)
        self.month_page = MonthPage(ws, self)
        self.addTab(self.ledger_page, "台账明细")
        self.addTab(self.documents_page, "资金下达文件")
        self.addTab(self.month_page, "月报与锁定")
        # a saved payment or a lock changes the report and the documents' balances
        self.ledger_page.entry_saved.connect(self.month_page.mark_stale)
        self.ledger_page.entry_saved.connect(self.documents_page.mark_stale)
        self.month_page.month_changed.connect(self.ledger_page.mark_stale)
