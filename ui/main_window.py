"""The main window: one tab per module, the 文件/帮助 menus and a status bar naming DB and user."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop import APP_TITLE
from fpr_desktop.base.permissions import can
from fpr_desktop.base.registry import modules
from ui.admin import admin_tab_visible
from ui.common.ops import OpContext
from ui.common.unsaved import dialogs_with_changes
from ui.common.widgets import Workspace, actor_text, note_label
from ui.home.tab import HomeTab

if TYPE_CHECKING:
    # Start-up speed: what only a menu command needs is imported when the command runs.
    from fpr_desktop.db.backup import RestoreResult
    from ui.about_dialog import AboutDialog
    from ui.admin.tab import AdminTab
    from ui.backup.restore_dialog import RestoreDialog
    from ui.common.help_browser import HelpBrowser
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

    #: A restore replaced the data under every screen: the program starts again.
    restart_requested = Signal()

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

    def quit_by_user(self) -> None:
        """文件 → 退出: like the window's ×, asks first when typing would be lost."""
        self._user_quit = True
        try:
            self.close()
        finally:
            self._user_quit = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quitting with a dialog that holds unsaved typing asks first."""
        by_user = event.spontaneous() or getattr(self, "_user_quit", False)
        open_changes = dialogs_with_changes(self) if by_user else []  # code closing: no question
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
        self.guide: HelpBrowser | None = None
        file_menu = self.menuBar().addMenu("文件(&F)")
        is_admin = can(self.ws.actor, "db.admin")
        admins_only = "只有系统管理员可以备份和恢复数据库"
        self.backup_action = QAction("备份数据库(&B)…", self)
        self.backup_action.setEnabled(is_admin)
        if not is_admin:
            self.backup_action.setStatusTip(admins_only)
        elif not self.ws.db.is_sqlite:
            self.backup_action.setStatusTip(
                "用 pg_dump 备份服务器数据库（需本机装有 PostgreSQL 客户端）"
            )
        self.backup_action.triggered.connect(self._ask_backup)
        file_menu.addAction(self.backup_action)
        self.restore_action = QAction("从备份恢复(&R)…", self)
        self.restore_action.setEnabled(is_admin and self.ws.db.is_sqlite)
        if not is_admin:
            self.restore_action.setStatusTip(admins_only)
        elif not self.ws.db.is_sqlite:
            self.restore_action.setStatusTip(
                "PostgreSQL 数据库请按用户手册“备份与恢复”用 pg_restore 恢复"
            )
        self.restore_action.triggered.connect(self.open_restore_dialog)
        file_menu.addAction(self.restore_action)
        self.backup_folder_action = QAction("打开备份文件夹(&O)", self)
        self.backup_folder_action.setEnabled(self.ws.db.is_sqlite)
        self.backup_folder_action.triggered.connect(self._open_backup_folder)
        file_menu.addAction(self.backup_folder_action)
        file_menu.addSeparator()
        self.connection_action = QAction("数据库连接(&D)…", self)
        self.connection_action.setEnabled(is_admin)
        self.connection_action.triggered.connect(self.open_connection_dialog)
        file_menu.addAction(self.connection_action)
        file_menu.addSeparator()
        self.quit_action = QAction("退出(&X)", self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.quit_by_user)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.guide_action = QAction("用户手册(&U)", self)
        self.guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.guide_action.triggered.connect(lambda: self.open_guide())
        help_menu.addAction(self.guide_action)
        about_action = QAction("关于(&A)", self)
        about_action.triggered.connect(self.open_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self.ws.db.describe(), self)
        self.user_label = QLabel(f"当前用户：{actor_text(self.ws.actor)}", self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

    def open_about(self) -> AboutDialog:
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.ws.db, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def open_guide(self, chapter: str | None = None) -> HelpBrowser:
        """The user guide at `chapter`, or at the chapter of the current tab (F1)."""
        from ui.common.help_browser import HelpBrowser, chapter_for_tab

        if self.guide is None:
            self.guide = HelpBrowser(self)
        current = self.tabs.tabText(self.tabs.currentIndex())
        self.guide.open_chapter(chapter or chapter_for_tab(current))
        self.guide.show()
        self.guide.raise_()
        return self.guide

    def open_connection_dialog(self) -> ConnectionDialog:
        """Choose the database this PC opens from the next start (administrators)."""
        from ui.connection_dialog import ConnectionDialog

        url = self.ws.db.url.render_as_string(hide_password=False)
        dialog = ConnectionDialog(self.ws.runner, url, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def _ask_backup(self) -> None:
        from ui.common.files import ask_save_path

        suffix = ".sqlite3" if self.ws.db.is_sqlite else ".dump"
        path = ask_save_path(
            self, "备份数据库", f"巩固衔接数据备份-{datetime.now():%Y%m%d-%H%M}{suffix}"
        )
        if path is not None:
            self.backup_to(path)

    def backup_to(self, dest: Path) -> None:
        """Copy the open database to `dest` in the background (pg_dump on PostgreSQL)."""
        from fpr_desktop.db import backup as backup_mod

        db = self.ws.db

        def job(_ctx: OpContext) -> Path:
            # Written beside the target first: the file dialog already asked about replacing
            # an existing file, and that file must survive a failed backup.
            partial = dest.with_name(dest.name + ".part")
            partial.unlink(missing_ok=True)
            backup_mod.backup_any(db, partial)
            partial.replace(dest)
            return dest

        self.ws.run(
            job,
            on_success=self._backed_up,
            parent=self,
            progress_label="正在备份数据库…",
        )

    def open_restore_dialog(self) -> RestoreDialog:
        from ui.backup.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.ws, self)
        dialog.restored.connect(self._restored)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def _restored(self, result: RestoreResult) -> None:
        """After a restore every screen shows old data: say where the safety copy is, restart."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "恢复完成",
            f"已从 {result.source.name} 恢复。\n恢复前的数据已另存为：\n{result.safety_copy}\n\n"
            "程序将重新启动以载入恢复后的数据。",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self.restart_requested.emit())
        box.open()

    def _open_backup_folder(self) -> None:
        from fpr_desktop.app import backups

        db = self.ws.db

        def job(_ctx: OpContext) -> Path:
            folder = backups.backup_folder(db)
            folder.mkdir(parents=True, exist_ok=True)
            return folder

        self.ws.run(
            job,
            on_success=lambda folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))),
            parent=self,
        )

    def _backed_up(self, dest: Path) -> None:
        self.statusBar().showMessage(f"已备份到 {dest}", 10_000)
        box = QMessageBox(QMessageBox.Icon.Information, "备份完成", f"数据库已备份到：\n{dest}")
        box.setParent(self, Qt.WindowType.Dialog)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
