"""The 项目库 tab: project list, proposal form, life-cycle steps, records and the annual plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.common.widgets import Workspace


def make_tab(ws: Workspace) -> QWidget:
    """The tab the main window shows for this module (found by module name, see base.registry)."""
    from ui.projects.tab import ProjectsTab

    return ProjectsTab(ws)
