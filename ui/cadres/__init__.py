"""The 驻村干部 tab: key villages, roster, leave, monthly attendance and assessment rounds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.common.widgets import Workspace


def make_tab(ws: Workspace) -> QWidget:
    """The tab the main window shows for this module (found by module name, see base.registry)."""
    from ui.cadres.tab import CadresTab

    return CadresTab(ws)
