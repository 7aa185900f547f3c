"""The 项目库 tab: 项目列表, 年度计划 and the 公告公示 register as sub-tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from fpr_desktop.base.registry import DeadlineItem
from fpr_desktop.projects.views import ProjectChoices, project_choices
from ui.common.widgets import Workspace
from ui.notices.page import NoticesPage
from ui.projects.list_page import ProjectListPage
from ui.projects.plan_page import PlanPage

LIST_TITLE = "项目列表"
PLAN_TITLE = "年度计划"
NOTICES_TITLE = "公告公示登记"


class ProjectsTab(QTabWidget):
    """Each page reads its data the first time it is shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_page = ProjectListPage(ws, self)
        self.plan_page = PlanPage(ws, self)
        self.addTab(self.list_page, LIST_TITLE)
        self.addTab(self.plan_page, PLAN_TITLE)
        self.notices_page = NoticesPage(ws, self)
        self.addTab(self.notices_page, NOTICES_TITLE)
        self.plan_page.project_activated.connect(self.list_page.open_project)

    def show_page(self, title: str) -> QWidget:
        pages = {LIST_TITLE: self.list_page, PLAN_TITLE: self.plan_page}
        page = pages.get(title, self.notices_page)
        self.setCurrentWidget(page)
        return page


def open_item(ws: Workspace, parent: QWidget | None, item: DeadlineItem) -> QWidget | None:
    """A 待我办理 entry: a project opens its dialog, a notice its details (首页, Enter).

    Returns the window when it is open at once (a notice); a project's dialog opens once the
    form's choices are read (None).
    """
    if item.table == "notice":
        from ui.notices.detail import NoticeDetailDialog

        notice = NoticeDetailDialog(ws, item.row_id, parent)
        notice.finished.connect(lambda _r: notice.deleteLater())
        notice.open()
        return notice
    if item.table != "project":
        return None

    def show(choices: ProjectChoices) -> None:
        from ui.projects.detail_dialog import ProjectDialog

        dialog = ProjectDialog(ws, choices, item.row_id, parent)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    actor = ws.actor
    ws.read(lambda s: project_choices(s, actor), on_success=show, parent=parent)
    return None  # the project dialog opens once the form's choices are read
