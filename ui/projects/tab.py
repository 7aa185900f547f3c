"""The 项目库 tab: 项目列表 and 年度计划 as sub-tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.common.widgets import Workspace
from ui.projects.list_page import ProjectListPage
from ui.projects.plan_page import PlanPage

LIST_TITLE = "项目列表"
PLAN_TITLE = "年度计划"


class ProjectsTab(QTabWidget):
    """Both pages read their data the first time they are shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_page = ProjectListPage(ws, self)
        self.plan_page = PlanPage(ws, self)
        self.addTab(self.list_page, LIST_TITLE)
        self.addTab(self.plan_page, PLAN_TITLE)
        self.plan_page.project_activated.connect(self.list_page.open_project)

    def show_page(self, title: str) -> QWidget:
        page = self.list_page if title == LIST_TITLE else self.plan_page
        self.setCurrentWidget(page)
        return page
