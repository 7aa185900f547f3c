"""系统管理 → 用户: add with role and town, edit role/active, reset a password, refusals shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor, anonymous
from fpr_desktop.base.errors import PermissionDenied
from fpr_desktop.base.users import authenticate
from fpr_desktop.db.engine import Database
from ui.admin.dialogs import PasswordDialog, UserDialog
from ui.admin.users_page import UsersPage
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton


def open_page(qtbot: QtBot, window: MainWindow) -> UsersPage:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("用户")
    assert isinstance(page, UsersPage)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0)
    return page


def row_texts(page: UsersPage, username: str) -> list[str] | None:
    for r in range(page.table.rowCount()):
        if page.table.item(r, 0).text() == username:
            return [page.table.item(r, c).text() for c in range(page.table.columnCount())]
    return None


def log_in(database: Database, username: str, password: str) -> Actor:
    with database.transaction(anonymous("ui")) as session:
        return authenticate(session, username, password)


def add_clerk(qtbot: QtBot, page: UsersPage) -> UserDialog:
    qtbot.mouseClick(page.add_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    qtbot.keyClicks(dialog.username, "zhang")
    dialog.display_name.setText("张三")
    dialog.role.setCurrentIndex(dialog.role.findData("town"))
    qtbot.keyClicks(dialog.password, "zhang-pass-1")
    qtbot.keyClicks(dialog.password2, "zhang-pass-1")
    return dialog


def test_added_town_clerk_is_listed_with_their_town_and_can_log_in(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    dialog = add_clerk(qtbot, page)
    assert dialog.town.isEnabled()
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text() == "镇级填报员必须选择所属镇。"

    dialog.town.setCurrentIndex(dialog.town.findText("固关镇"))
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: row_texts(page, "zhang") is not None)
    texts = row_texts(page, "zhang")
    assert texts is not None
    assert texts[:5] == ["zhang", "张三", "镇级填报员", "固关镇", "启用"]
    assert page.dialog is None
    clerk = log_in(database, "zhang", "zhang-pass-1")
    assert (clerk.role, clerk.scope_name) == ("town", "固关镇")


def test_a_duplicate_username_is_refused_inside_the_dialog(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    qtbot.mouseClick(page.add_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    assert not dialog.town.isEnabled()  # 系统管理员 is county-wide
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "whatever-1")
    qtbot.keyClicks(dialog.password2, "whatever-1")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "用户名“admin”已存在。"
    assert dialog.isVisible()


def test_edit_role_and_deactivate_then_reset_password(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: OpenWindow,
) -> None:
    user_factory("li", "town", "固关镇")
    page = open_page(qtbot, main_window(admin))
    qtbot.waitUntil(lambda: row_texts(page, "li") is not None)
    page.select_username("li")
    qtbot.mouseClick(page.edit_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.username.isReadOnly()
    assert dialog.town.currentText() == "固关镇"
    dialog.role.setCurrentIndex(dialog.role.findData("finance"))
    assert not dialog.town.isEnabled()
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: (row_texts(page, "li") or [""])[2] == "财政局（资金）")
    assert (row_texts(page, "li") or [])[3] == "全县"

    page.select_username("li")
    qtbot.mouseClick(page.edit_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    dialog.active.setChecked(False)
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: (row_texts(page, "li") or [""])[4] == "已停用")
    with pytest.raises(PermissionDenied, match="该用户已停用"):
        log_in(database, "li", "clerk-pass-1")

    page.select_username("li")
    qtbot.mouseClick(page.password_button, CLICK)
    reset = page.dialog
    assert isinstance(reset, PasswordDialog)
    qtbot.keyClicks(reset.password, "short")
    qtbot.keyClicks(reset.password2, "short")
    qtbot.mouseClick(reset.save_button, CLICK)
    assert reset.error.text() == "密码至少需要 8 位。"
    reset.password.setText("new-pass-123")
    reset.password2.setText("new-pass-123")
    qtbot.mouseClick(reset.save_button, CLICK)
    qtbot.waitUntil(lambda: "已重置用户“li”的密码。" in page.info.text())


def test_the_logged_in_administrator_cannot_deactivate_themselves(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    page.select_username("admin")
    qtbot.mouseClick(page.edit_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    dialog.active.setChecked(False)
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "不能停用当前登录的用户。"
