"""The 资金台账 tab: allocation documents, the ledger with payments, and the monthly report."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.common.widgets import Workspace


def make_tab(ws: Workspace) -> QWidget:
    """The tab the main window shows for this module (found by module name, see base.registry)."""
    from ui.funds.tab import FundsTab

    return FundsTab(ws)
