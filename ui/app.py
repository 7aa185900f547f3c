"""Starting the GUI: application set-up, opening the database, login, main window; and `smoke`."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QProcess,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from fpr_desktop import APP_NAME, APP_TITLE
from fpr_desktop.base import paths
from fpr_desktop.base.errors import UserError
from ui.common.ops import OpHandle, OpRunner, OpState
from ui.common.screen_fit import MAIN_WINDOW_SIZE, fit_to_screen
from ui.login import FirstAdminDialog, LoginDialog

if TYPE_CHECKING:
    # Start-up speed: the login dialog is painted before any of these is imported; the
    # database layer loads on the worker thread (open_for_login), the main window after login.
    from fpr_desktop.app.bootstrap import OpenedDatabase
    from fpr_desktop.app.demo import DemoAccount
    from fpr_desktop.base.context import Actor
    from fpr_desktop.db.engine import Database
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Tried in order; Windows has the first two, Linux usually one of the others.
FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "微软雅黑",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "sans-serif",
]
STYLE_SHEET = "qss/app.qss"


def make_app() -> QApplication:
    """The QApplication with a CJK font, Chinese stock buttons and the house style sheet."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
    else:
        log.warning("未找到 Qt 中文翻译（qtbase_zh_CN.qm），标准按钮将显示英文")
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    app.setFont(font)
    icon = paths.resources_dir() / "icons" / "fpr.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    qss = paths.resources_dir() / STYLE_SHEET
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    return app


@dataclass
class StartInfo:
    """What the login step needs to know about the freshly opened database."""

    opened: OpenedDatabase
    has_users: bool
    demo_accounts: list[DemoAccount] = field(default_factory=list)


def open_for_login(url: str) -> StartInfo:
    """Open (migrate, seed) the database and read what the login dialog needs. Worker thread.

    Only what the login needs is loaded here (SQLAlchemy and the foundation's tables); each
    module's tables, the day's first backup and the tabs follow once the main window is shown.
    """
    from fpr_desktop.app.bootstrap import is_demo, open_database
    from fpr_desktop.base import users as user_service

    opened = open_database(url)
    with opened.db.read() as session:
        has_users = user_service.has_users(session)
    accounts: list[DemoAccount] = []
    if has_users and is_demo(opened.db):
        from fpr_desktop.app.demo import demo_accounts

        accounts = demo_accounts()
    return StartInfo(opened, has_users, accounts)


def after_start(db: Database) -> str | None:
    """Behind the shown main window: every module's tables, then the day's first backup
    (SQLite). Returns the backup's warning, if any. Worker thread."""
    from fpr_desktop.app import backups
    from fpr_desktop.base.registry import load_models

    load_models()
    return backups.daily_backup(db).warning


def preload_main_window() -> None:
    """Import the main window's code while the password is checked (the hash releases the
    GIL), so that logging in does not wait for it afterwards."""
    import ui.main_window  # noqa: F401


#: The database is opened this long after the login dialog was shown if no paint came first
#: (e.g. on a locked screen).
FIRST_PAINT_WAIT_MS = 300


class _FirstPaint(QObject):
    """Calls `then` once, just after `widget` is first painted (or after FIRST_PAINT_WAIT_MS),
    unless the widget was closed meanwhile."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)  # once the paint is done
        return False

    def _fire(self) -> None:
        then, self.then = self.then, None
        if then is not None and isValid(self.widget) and self.widget.isVisible():
            then()


class Startup(QObject):
    """The start sequence, driven by the event loop: open → (create admin | log in) → window."""

    #: The user quit at the login dialog (0) or the database could not be opened (1).
    abandoned = Signal(int)

    def __init__(self, app: QApplication, runner: OpRunner, url: str) -> None:
        super().__init__(app)
        self.app = app
        self.runner = runner
        self.url = url
        self.info: StartInfo | None = None
        #: the login dialog shown while the database opens (then it becomes `dialog`)
        self.waiting: LoginDialog | None = None
        #: the dialog to log in with, once the database is open (login or first administrator)
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None
        self.boxes: set[QMessageBox] = set()
        self._painted: _FirstPaint | None = None

    def start(self) -> None:
        """Show the login dialog at once, then open the database behind it."""
        # No window may close the program while it moves from one dialog to the next.
        self.app.setQuitOnLastWindowClosed(False)
        self.waiting = LoginDialog(None, self.runner, url=self.url)
        self._connect(self.waiting)
        # The worker's imports would hold the GIL while the dialog paints: open after the paint.
        self._painted = _FirstPaint(self.waiting, self._open)
        self.waiting.show()

    def _open(self) -> None:
        self._painted = None
        self.runner.run(
            lambda _ctx: open_for_login(self.url),
            on_success=self._opened,
            on_error=self._open_failed,
            progress_label=None,  # the login dialog's 登录 button says 正在打开数据库… meanwhile
        )

    def _connect(self, dialog: LoginDialog | FirstAdminDialog) -> None:
        dialog.logged_in.connect(self._logged_in)
        dialog.rejected.connect(lambda: self.abandoned.emit(0))

    def _drop_waiting(self) -> None:
        if self.waiting is not None:
            self.waiting.blockSignals(True)  # closing it is not the user quitting
            self.waiting.close()
            self.waiting.deleteLater()
            self.waiting = None

    def _opened(self, info: StartInfo) -> None:
        self.info = info
        db = info.opened.db
        dialog: QDialog
        if info.has_users and self.waiting is not None:
            dialog, self.waiting = self.waiting, None
            dialog.database_ready(db, info.demo_accounts)
        else:  # a new database: its first administrator is created instead
            first = FirstAdminDialog(db, self.runner)
            self._connect(first)
            first.show()
            self._drop_waiting()
            dialog = first
        self.dialog = dialog
        QTimer.singleShot(0, preload_main_window)  # while the user types or the hash runs
        for warning in info.opened.warnings:
            self._message(QMessageBox.Icon.Warning, "注意", warning, dialog)
        if info.opened.backup is not None:
            text = f"数据库已升级到新版本，升级前的数据已备份到：\n{info.opened.backup}"
            self._message(QMessageBox.Icon.Information, "数据库已升级", text, dialog)

    def _open_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            text = str(exc)
        else:
            log.error("打开数据库失败", exc_info=exc)
            text = f"打开数据库时发生程序内部错误：\n{exc}"
        self._drop_waiting()
        box = self._message(QMessageBox.Icon.Critical, "无法打开数据库", text, None)
        if not isinstance(exc, UserError):
            box.setDetailedText("".join(traceback.format_exception(exc)))
        box.finished.connect(lambda _result: self.abandoned.emit(1))

    def _logged_in(self, actor: Actor) -> None:
        from ui.common.widgets import Workspace
        from ui.main_window import MainWindow

        assert self.info is not None
        self.window = MainWindow(Workspace(self.info.opened.db, actor, self.runner))
        self.window.restart_requested.connect(restart_program)
        fit_to_screen(self.window, MAIN_WINDOW_SIZE.width(), MAIN_WINDOW_SIZE.height())
        self.window.show()
        self.app.setQuitOnLastWindowClosed(True)
        if isinstance(self.dialog, FirstAdminDialog) and self.dialog.import_divisions:
            # the next step of setting up another county: its towns and villages
            from ui.exchange.actions import import_kind

            import_kind(self.window.ws, self.window, "divisions")
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        # Each module's tables and the day's backup, queued behind what 首页 reads.
        db = self.info.opened.db
        self.runner.run(
            lambda _ctx: after_start(db),
            on_success=self._after_started,  # an error is shown as every job's is
            parent=self.window,
            progress_label=None,
        )

    def _after_started(self, warning: str | None) -> None:
        if warning and self.window is not None:
            self._message(QMessageBox.Icon.Warning, "注意", warning, self.window)

    def _message(
        self, icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None
    ) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        # A box without a parent lives only as long as a Python reference to it.
        self.boxes.add(box)
        box.finished.connect(lambda _result: self._forget(box))
        box.open()
        return box

    def _forget(self, box: QMessageBox) -> None:
        self.boxes.discard(box)
        box.deleteLater()


def restart_program() -> None:
    """Start the program again (same executable and arguments) and end this one."""
    args = sys.argv[1:] if paths.is_frozen() else sys.argv
    QProcess.startDetached(sys.executable, args)
    QApplication.exit(0)


def run_gui(url: str) -> int:
    """The desktop program; returns the process exit code."""
    app = make_app()
    runner = OpRunner()
    startup = Startup(app, runner, url)
    startup.abandoned.connect(app.exit)
    startup.start()
    code = app.exec()
    runner.shutdown()
    if startup.info is not None:
        startup.info.opened.db.dispose()
    return int(code)


# --- smoke test: every tab offscreen -------------------------------------------------------


def _wait(app: QApplication, runner: OpRunner) -> None:
    if not runner.wait_idle(30_000):
        raise RuntimeError("后台任务 30 秒内未完成")
    # Results rebuild widgets: let the posted layout requests and deletions run before a grab.
    for _ in range(5):
        app.sendPostedEvents()
        app.processEvents()


def _grab(widget: QWidget, folder: Path | None, name: str) -> None:
    if folder is not None:
        file = folder / f"{name}.png"
        if not widget.grab().save(str(file)):
            raise RuntimeError(f"截图保存失败：{file}")


BENCH_T0_ENV = "FPR_BENCH_T0"


def _report_startup(app: QApplication) -> None:
    """For the start-up benchmark: seconds from the launcher's clock to the first shown window."""
    t0 = os.environ.get(BENCH_T0_ENV)
    if t0:
        app.processEvents()
        print(f"main-window-shown-after {time.time() - float(t0):.3f}")


def run_smoke(url: str, screenshots_dir: Path | None) -> int:
    """Open the database, show every tab and admin page offscreen, exit 0 if nothing failed.

    Logs in as a transient administrator without a password and only reads: it is the
    installer's and CI's check that the program starts, not a user session.
    """
    app = make_app()
    runner = OpRunner()
    failures: list[str] = []

    def note_job(handle: OpHandle[object]) -> None:
        if handle.state is OpState.FAILED and handle.error is not None:
            failures.append("".join(traceback.format_exception(handle.error)))

    runner.job_finished.connect(note_job)
    try:
        if screenshots_dir is not None:
            screenshots_dir.mkdir(parents=True, exist_ok=True)
        from fpr_desktop.app.bootstrap import is_demo
        from fpr_desktop.app.demo import demo_accounts
        from fpr_desktop.base.context import Actor
        from ui.common.widgets import Workspace
        from ui.main_window import MainWindow

        smoke_actor = Actor(
            user_id=None, username="smoke", display_name="启动自检", role="admin", source="system"
        )
        opened = open_for_login(url).opened
        db = opened.db
        login = LoginDialog(db, runner, demo_accounts() if is_demo(db) else [])
        login.show()
        _wait(app, runner)
        _grab(login, screenshots_dir, "00_登录")
        login.close()
        first = FirstAdminDialog(db, runner)
        first.show()
        _wait(app, runner)
        _grab(first, screenshots_dir, "00_创建系统管理员")
        first.close()

        window = MainWindow(Workspace(db, smoke_actor, runner))
        fit_to_screen(window, MAIN_WINDOW_SIZE.width(), MAIN_WINDOW_SIZE.height())
        window.show()
        _report_startup(app)
        number = 0
        for title in window.tab_titles():
            window.show_tab(title)
            _wait(app, runner)
            number += 1
            _grab(window, screenshots_dir, f"{number:02d}_{title}")
            if title == "系统管理" and window.admin is not None:
                for page in window.admin.page_titles():
                    window.admin.show_page(page)
                    _wait(app, runner)
                    number += 1
                    _grab(window, screenshots_dir, f"{number:02d}_系统管理_{page}")
        window.close()
        _wait(app, runner)
        db.dispose()
    except Exception:  # smoke reports every failure as a non-zero exit
        failures.append(traceback.format_exc())
    finally:
        runner.shutdown()
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print(f"自检失败：{len(failures)} 个错误", file=sys.stderr)
        return 1
    print(f"自检通过：{APP_TITLE} 界面各标签页均可打开。")
    return 0
