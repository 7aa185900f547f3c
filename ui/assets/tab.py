"""The 扶贫资产 tab: 三级台账 and 待移交项目 as sub-tabs; a handover refreshes the ledger."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.assets.card_dialog import open_card
from ui.assets.ledger_page import LedgerPage
from ui.assets.pending_page import PendingPage
from ui.common.widgets import Workspace


class AssetsTab(QTabWidget):
    """Each page reads its data the first time it is shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ledger_page = LedgerPage(ws, self)
        self.pending_page = PendingPage(ws, self)
        self.addTab(self.ledger_page, "三级台账")
        self.addTab(self.pending_page, "待移交项目")
        self.ledger_page.card_requested.connect(self._open_card)
        self.pending_page.handed_over.connect(lambda _pid: self.ledger_page.apply())

    def _open_card(self, asset_id: int) -> None:
        open_card(self.ws, asset_id, self, on_saved=self.ledger_page.apply)
