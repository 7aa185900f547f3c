"""The 项目库 tab: project list, proposal form, life-cycle steps, records and the annual plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from fpr_desktop.base.registry import DeadlineItem
    from ui.common.widgets import Workspace


def make_tab(ws: Workspace) -> QWidget:
    """The tab the main window shows for this module (found by module name, see base.registry)."""
    from ui.projects.tab import ProjectsTab

    return ProjectsTab(ws)


def open_item(ws: Workspace, parent: QWidget | None, item: DeadlineItem) -> QWidget | None:
    """Open a 待我办理 entry of the library (a project or a notice) from 首页."""
    from ui.projects.tab import open_item as open_

    return open_(ws, parent, item)
