"""Start-up and login: wrong password told in the dialog, right one opens the main window."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fpr_desktop.app.demo import DEMO_PASSWORD, fill_demo
from fpr_desktop.base.context import SYSTEM, Actor
from fpr_desktop.db.engine import Database
from ui.app import Startup
from ui.common.ops import OpRunner
from ui.login import FirstAdminDialog, LoginDialog

ADMIN_PASSWORD = "admin-pass-1"  # the `admin` fixture's password (tests/conftest.py)

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


@pytest.fixture
def startup(qtbot: QtBot, database: Database, op_runner: OpRunner) -> Iterator[Startup]:
    """The real start sequence (open → login dialog → main window) on the test database."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    started = Startup(app, op_runner, _url(database))
    started.start()
    qtbot.waitUntil(lambda: started.dialog is not None and started.dialog.isVisible())
    yield started
    op_runner.wait_idle(5000)
    if started.dialog is not None:  # still there: nobody logged in
        started.dialog.close()
    if started.window is not None:
        started.window.close()
    if started.info is not None:
        started.info.opened.db.dispose()
    app.setQuitOnLastWindowClosed(True)
    started.deleteLater()


def _log_in(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_wrong_password_is_told_in_the_dialog(qtbot: QtBot, admin: Actor, startup: Startup) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    _log_in(qtbot, dialog, "admin", "not-the-password")

    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "用户名或密码错误。"
    assert dialog.isVisible()
    assert startup.window is None
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "登录"


def test_right_password_opens_the_main_window(qtbot: QtBot, admin: Actor, startup: Startup) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    assert dialog.demo_list is None  # a real database never shows demo accounts
    _log_in(qtbot, dialog, "admin", ADMIN_PASSWORD)

    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    window = startup.window
    assert window is not None
    assert startup.dialog is None  # the login dialog is gone
    assert "管理员" in window.windowTitle()
    assert window.user_label.text() == "当前用户：管理员（系统管理员，全县）"
    assert window.tab_titles()[0] == "首页"


def test_empty_fields_are_refused_without_asking_the_database(
    qtbot: QtBot, admin: Actor, startup: Startup
) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "请输入用户名和密码。"


@pytest.fixture
def demo_database(database: Database) -> Database:
    with database.transaction(SYSTEM.audit()) as session:
        fill_demo(session)
    return database


def test_demo_database_lists_demo_accounts_and_a_click_fills_them_in(
    qtbot: QtBot, demo_database: Database, op_runner: OpRunner
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    started = Startup(app, op_runner, _url(demo_database))
    started.start()
    qtbot.waitUntil(lambda: started.dialog is not None and started.dialog.isVisible())
    dialog = started.dialog
    assert isinstance(dialog, LoginDialog)
    assert dialog.demo_list is not None
    names = [dialog.demo_list.item(i).text() for i in range(dialog.demo_list.count())]
    assert any(n.startswith("demo_admin") and "系统管理员" in n for n in names)
    assert len(names) == 6

    dialog.demo_list.itemClicked.emit(dialog.demo_list.item(0))
    assert dialog.username.text() == "demo_admin"
    assert dialog.password.text() == DEMO_PASSWORD
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: started.window is not None and started.window.isVisible())
    assert started.window is not None
    op_runner.wait_idle(5000)  # 首页 is still reading: no connection may be in use at dispose()
    started.window.close()
    assert started.info is not None
    started.info.opened.db.dispose()
    app.setQuitOnLastWindowClosed(True)


def test_first_run_creates_the_administrator_and_logs_in(qtbot: QtBot, startup: Startup) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, FirstAdminDialog)
    qtbot.keyClicks(dialog.username, "chief")
    dialog.display_name.setText("王主任")  # QTest cannot type Chinese characters
    qtbot.keyClicks(dialog.password, "long-enough-1")
    qtbot.keyClicks(dialog.password2, "long-enough-2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "两次输入的密码不一致。"

    dialog.password2.setText("long-enough-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    assert startup.window is not None
    assert startup.window.user_label.text() == "当前用户：王主任（系统管理员，全县）"
    assert "系统管理" in startup.window.tab_titles()


def test_a_database_that_is_not_ours_is_refused_with_a_message(
    qtbot: QtBot, op_runner: OpRunner, tmp_path: Path
) -> None:
    foreign = tmp_path / "别的系统.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE ledger (id INTEGER)")
    conn.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    started = Startup(app, op_runner, f"sqlite:///{foreign}")
    codes: list[int] = []
    started.abandoned.connect(codes.append)
    started.start()

    qtbot.waitUntil(lambda: bool(started.boxes))
    (box,) = started.boxes
    assert box.isVisible()
    assert box.windowTitle() == "无法打开数据库"
    assert box.text().endswith("不是本系统的数据库（缺少系统标识），已停止打开。")
    assert started.dialog is None
    box.accept()
    assert codes == [1]
    app.setQuitOnLastWindowClosed(True)


def test_the_login_dialog_is_there_before_the_database_is_open(
    qtbot: QtBot, admin: Actor, database: Database, op_runner: OpRunner
) -> None:
    """Faster start: the dialog paints at once; 登录 pressed while opening logs in afterwards."""
    import threading

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    gate = threading.Event()
    op_runner.run(lambda _ctx: gate.wait(20), on_success=lambda _r: None)  # holds the worker
    started = Startup(app, op_runner, _url(database))
    started.start()
    waiting = started.waiting
    assert waiting is not None and waiting.isVisible() and started.dialog is None
    assert "正在打开" in waiting.where.text()
    _log_in(qtbot, waiting, "admin", ADMIN_PASSWORD)
    assert waiting.ok_button.text() == "正在打开数据库…" and not waiting.ok_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: started.window is not None and started.window.isVisible())
    assert started.window is not None
    op_runner.wait_idle(5000)
    started.window.close()
    assert started.info is not None
    started.info.opened.db.dispose()
    app.setQuitOnLastWindowClosed(True)


def test_keyboard_order_enter_logs_in_and_escape_quits(
    qtbot: QtBot, admin: Actor, startup: Startup
) -> None:
    """Tab runs 用户名 → 密码 → 登录 → 退出 → 数据库连接…; Enter in 密码 logs in; Esc quits."""
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    order = [dialog.username]
    for _ in range(4):
        order.append(order[-1].nextInFocusChain())
        while not order[-1].focusPolicy() & Qt.FocusPolicy.TabFocus:
            order[-1] = order[-1].nextInFocusChain()
    assert order == [
        dialog.username,
        dialog.password,
        dialog.ok_button,
        dialog.quit_button,
        dialog.connection_button,
    ]
    assert dialog.ok_button.isDefault() and dialog.quit_button.text() == "退出"
    quits: list[int] = []
    startup.abandoned.connect(quits.append)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert quits == [0] and not dialog.isVisible()


def test_enter_in_the_password_logs_in(qtbot: QtBot, admin: Actor, startup: Startup) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
