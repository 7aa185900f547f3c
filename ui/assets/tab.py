"""The 扶贫资产 tab: ledgers, reconciliation, income distribution, upkeep, pending handovers."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.assets.card_steps import open_card
from ui.assets.income_page import IncomePage
from ui.assets.ledger_page import LedgerPage
from ui.assets.pending_page import PendingPage
from ui.assets.reconcile_page import ReconcilePage
from ui.assets.upkeep_page import UpkeepPage
from ui.common.widgets import Workspace


class AssetsTab(QTabWidget):
    """Each page reads its data the first time it is shown; every list opens the asset card."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ledger_page = LedgerPage(ws, self)
        self.reconcile_page = ReconcilePage(ws, self)
        self.income_page = IncomePage(ws, self)
        self.upkeep_page = UpkeepPage(ws, self)
        self.pending_page = PendingPage(ws, self)
        self.addTab(self.ledger_page, "三级台账")
        self.addTab(self.reconcile_page, "三级对账")
        self.addTab(self.income_page, "收益分配")
        self.addTab(self.upkeep_page, "管护巡查")
        self.addTab(self.pending_page, "待移交项目")
        for page in (self.ledger_page, self.reconcile_page, self.upkeep_page):
            page.card_requested.connect(self._open_card)
        self.ledger_page.reconcile_requested.connect(self.show_reconciliation)
        self.pending_page.handed_over.connect(lambda _pid: self.ledger_page.apply())

    def show_reconciliation(self) -> None:
        """三级对账 from the ledger: the page, read again if it was shown before."""
        page = self.reconcile_page
        loaded = page._loaded_once
        self.setCurrentWidget(page)
        if loaded:
            page.reload()

    def _open_card(self, asset_id: int) -> None:
        open_card(self.ws, asset_id, self, on_saved=self.ledger_page.apply)
