"""The 系统管理 tab: a page list on the left, showing only the pages the user's role may use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from fpr_desktop.base.permissions import can
from ui.admin import PAGE_PERMISSIONS, admin_tab_visible
from ui.admin.audit_page import AuditPage
from ui.admin.calendar_page import CalendarPage
from ui.admin.categories_page import CategoriesPage
from ui.admin.divisions_page import DivisionsPage
from ui.admin.settings_page import SettingsPage
from ui.admin.users_page import UsersPage
from ui.common.widgets import LazyPage, Workspace
from ui.exchange.submissions_page import SubmissionsPage

__all__ = ["PAGES", "AdminTab", "admin_tab_visible"]

PageFactory = Callable[[Workspace, QWidget], LazyPage]

#: (title, permission needed, page), in the order of `PAGE_PERMISSIONS`.
PAGES: tuple[tuple[str, str, PageFactory], ...] = tuple(
    (title, permission, page)
    for (title, permission), page in zip(
        PAGE_PERMISSIONS,
        (
            DivisionsPage,
            UsersPage,
            SettingsPage,
            CategoriesPage,
            AuditPage,
            CalendarPage,
            SubmissionsPage,
        ),
        strict=True,
    )
)


class AdminTab(QWidget):
    """Pages are built at once but read their data only when first shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = QListWidget(self)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, LazyPage] = {}
        for title, permission, factory in PAGES:
            if can(ws.actor, permission):
                page = factory(ws, self.stack)
                self.pages[title] = page
                self.stack.addWidget(page)
                self.nav.addItem(title)
        width = max(self.nav.fontMetrics().horizontalAdvance(t) for t in self.pages or ["系统管理"])
        self.nav.setFixedWidth(width + self.nav.fontMetrics().horizontalAdvance("字") * 4)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)

    def page_titles(self) -> list[str]:
        return list(self.pages)

    def show_page(self, title: str) -> LazyPage:
        self.nav.setCurrentRow(self.page_titles().index(title))
        return self.pages[title]
