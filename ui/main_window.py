"""The main window: one tab per module, the 文件/帮助 menus and a status bar naming DB and user."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop import APP_NAME, APP_TITLE, __version__
from fpr_desktop.base.permissions import can
from fpr_desktop.base.registry import modules
from ui.admin import admin_tab_visible
from ui.common.files import ask_save_path
from ui.common.ops import OpContext
from ui.common.unsaved import dialogs_with_changes
from ui.common.widgets import Workspace, actor_text, note_label
from ui.home.tab import HomeTab

if TYPE_CHECKING:
    from ui.admin.tab import AdminTab
    from ui.connection_dialog import ConnectionDialog


def module_tabs() -> list[tuple[str, Callable[[Workspace], QWidget] | None]]:
    """(title, factory) per registered module with a tab, in order; None: not built yet.

    A module's screens are the package `ui/<module name>/`, whose `make_tab(ws)` builds its tab.
    """
    tabs: list[tuple[str, Callable[[Workspace], QWidget] | None]] = []
    for m in modules():
        if not m.tab:
            continue
        try:
            package = importlib.import_module(f"ui.{m.name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"ui.{m.name}":
                raise
            package = None
        tabs.append((m.title, getattr(package, "make_tab", None)))
    return tabs


HOME_TITLE = "首页"
ADMIN_TITLE = "系统管理"


def placeholder_tab(module: str) -> QWidget:
    """An honest empty shell for a module that is not built yet."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(note_label(f"{module}模块正在建设中，敬请期待。", page))
    return page


class MainWindow(QMainWindow):
    """Tabs 首页 / 资金台账 / 项目库 / 扶贫资产 / 驻村干部 / 系统管理 for the logged-in user."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(f"{APP_TITLE} — {ws.actor.display_name}")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.home = HomeTab(ws, self.tabs)  # shown first, so built at once
        self.tabs.addTab(self.home, HOME_TITLE)
        # The other tabs (and the engines their modules load) are built when first shown.
        self._unbuilt: dict[str, Callable[[], QWidget]] = {}
        for title, factory in module_tabs():
            if factory is None:
                self._add_later(title, lambda t=title: placeholder_tab(t))
            else:
                self._add_later(title, lambda f=factory: f(ws))
        self._admin: AdminTab | None = None
        if admin_tab_visible(ws.actor):
            self._add_later(ADMIN_TITLE, self._make_admin)
        self.tabs.currentChanged.connect(lambda index: self._build(self.tabs.tabText(index)))
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self._build_status_bar()

    # --- tabs ------------------------------------------------------------------------------

    def _add_later(self, title: str, build: Callable[[], QWidget]) -> None:
        self.tabs.addTab(QWidget(), title)  # an empty stand-in until the tab is first shown
        self._unbuilt[title] = build

    def _build(self, title: str) -> QWidget:
        """The tab called `title`, built now if it was not yet (the current tab stays)."""
        index = self.tab_titles().index(title)
        build = self._unbuilt.pop(title, None)
        if build is not None:
            current = self.tabs.currentIndex()
            widget = build()
            blocked = self.tabs.blockSignals(True)
            stand_in = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(blocked)
            stand_in.deleteLater()
        return self.tabs.widget(index)

    def _make_admin(self) -> QWidget:
        from ui.admin.tab import AdminTab

        self._admin = AdminTab(self.ws, self.tabs)
        return self._admin

    @property
    def admin(self) -> AdminTab | None:
        """The 系统管理 tab (built on first use); None for users who have none."""
        if ADMIN_TITLE in self._unbuilt:
            self._build(ADMIN_TITLE)
        return self._admin

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_tab(self, title: str) -> QWidget:
        widget = self._build(title)
        self.tabs.setCurrentWidget(widget)
        return widget

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quitting with a dialog that holds unsaved typing asks first."""
        open_changes = dialogs_with_changes(self)
        if open_changes:
            names = "、".join(f"“{d.windowTitle()}”" for d in open_changes)
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "退出程序？",
                f"{names}中有尚未保存的内容，退出后将丢失。",
                parent=self,
            )
            leave = box.addButton("放弃并退出", QMessageBox.ButtonRole.DestructiveRole)
            stay = box.addButton("返回填写", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(stay)
            self.quit_question = box  # tests answer it here
            box.exec()
            if box.clickedButton() is not leave:
                event.ignore()
                open_changes[0].activateWindow()
                return
            for dialog in open_changes:
                dialog.guard.discard()  # type: ignore[attr-defined]
        super().closeEvent(event)

    # --- menus and status bar --------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.backup_action = QAction("备份数据库(&B)…", self)
        may_backup = can(self.ws.actor, "db.admin") and self.ws.db.is_sqlite
        self.backup_action.setEnabled(may_backup)
        if not self.ws.db.is_sqlite:
            self.backup_action.setStatusTip("PostgreSQL 数据库请由服务器管理员用 pg_dump 备份")
        self.backup_action.triggered.connect(self._ask_backup)
        file_menu.addAction(self.backup_action)
        self.connection_action = QAction("数据库连接(&D)…", self)
        self.connection_action.setEnabled(can(self.ws.actor, "db.admin"))
        self.connection_action.triggered.connect(self.open_connection_dialog)
        file_menu.addAction(self.connection_action)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        about_action = QAction("关于(&A)", self)
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self.ws.db.describe(), self)
        self.user_label = QLabel(f"当前用户：{actor_text(self.ws.actor)}", self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "关于",
            f"<b>{APP_TITLE}</b><br>{APP_NAME} {__version__}<br><br>"
            "巩固拓展脱贫攻坚成果同乡村振兴有效衔接：衔接资金、项目库、扶贫资产、驻村干部管理。"
            f"<br><br>数据库：{self.ws.db.describe()}",
        )

    def open_connection_dialog(self) -> ConnectionDialog:
        """Choose the database this PC opens from the next start (administrators)."""
        from ui.connection_dialog import ConnectionDialog

        url = self.ws.db.url.render_as_string(hide_password=False)
        dialog = ConnectionDialog(self.ws.runner, url, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def _ask_backup(self) -> None:
        path = ask_save_path(
            self, "备份数据库", f"巩固衔接数据备份-{datetime.now():%Y%m%d-%H%M}.sqlite3"
        )
        if path is not None:
            self.backup_to(path)

    def backup_to(self, dest: Path) -> None:
        """Copy the open SQLite database to `dest` in the background."""
        db = self.ws.db

        def job(_ctx: OpContext) -> Path:
            # Written beside the target first: the file dialog already asked about replacing
            # an existing file, and that file must survive a failed backup.
            partial = dest.with_name(dest.name + ".part")
            partial.unlink(missing_ok=True)
            from fpr_desktop.db import backup as backup_mod

            backup_mod.backup(db, partial)
            partial.replace(dest)
            return dest

        self.ws.run(
            job,
            on_success=self._backed_up,
            parent=self,
            progress_label="正在备份数据库…",
        )

    def _backed_up(self, dest: Path) -> None:
        self.statusBar().showMessage(f"已备份到 {dest}", 10_000)
        box = QMessageBox(QMessageBox.Icon.Information, "备份完成", f"数据库已备份到：\n{dest}")
        box.setParent(self, Qt.WindowType.Dialog)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
