"""系统管理 → 用户: the accounts, with add, edit (role, town scope, 启用) and password reset."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base import users as user_service
from fpr_desktop.base.users import UserRow
from fpr_desktop.divisions.services import list_divisions
from ui.admin.dialogs import PasswordDialog, UserDialog
from ui.common.table_model import format_value
from ui.common.widgets import (
    FormDialog,
    LazyPage,
    Workspace,
    hint_label,
    table_widget,
)

COLUMNS = ("用户名", "显示名", "角色", "所属镇", "状态", "最近登录")


@dataclass(frozen=True)
class UsersData:
    users: list[UserRow]
    towns: list[tuple[int, str]]


class UsersPage(LazyPage):
    """A short list (an office has tens of accounts), so it is read whole."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.users: list[UserRow] = []
        self.towns: list[tuple[int, str]] = []
        self.dialog: FormDialog | None = None
        self._message = ""  # what the last save did, shown after the list is read again
        self.add_button = QPushButton("添加用户", self)
        self.edit_button = QPushButton("编辑", self)
        self.password_button = QPushButton("重置密码", self)
        self.reload_button = QPushButton("刷新", self)
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.password_button.clicked.connect(self.reset_password)
        self.reload_button.clicked.connect(self.reload)
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.password_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)

        self.table = table_widget(self, list(COLUMNS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.info = hint_label(self)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        self._update_buttons()

    def reload(self) -> None:
        actor = self.ws.actor

        def load(session: Session) -> UsersData:
            towns = [(d.id, d.name) for d in list_divisions(session, actor) if d.level == "town"]
            return UsersData(user_service.list_users(session, actor), towns)

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: UsersData) -> None:
        selected = self.selected_user()
        self.users, self.towns = data.users, data.towns
        self.table.setRowCount(len(self.users))
        for r, user in enumerate(self.users):
            values = (
                user.username,
                user.display_name,
                user.role_label,
                user.scope_name or "全县",
                "启用" if user.active else "已停用",
                format_value("datetime", user.last_login_at) or "从未登录",
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.id)
                self.table.setItem(r, c, item)
            if selected is not None and user.id == selected.id:
                self.table.selectRow(r)
        active = sum(1 for u in self.users if u.active)
        counts = f"共 {len(self.users)} 个用户，其中启用 {active} 个。"
        self.info.setText(f"{self._message}　{counts}" if self._message else counts)
        self._message = ""
        self._update_buttons()
        self.finish_loading()

    def selected_user(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.users):
            return None
        return self.users[rows[0].row()]

    def select_username(self, username: str) -> None:
        for r, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        has = self.selected_user() is not None
        self.edit_button.setEnabled(has)
        self.password_button.setEnabled(has)

    def _saved(self, message: str) -> None:
        self._message = message
        self.reload()

    def add_user(self) -> None:
        actor = self.ws.actor
        dialog = UserDialog(self, towns=self.towns)

        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: user_service.add_user(
                s,
                actor,
                username=v.username,
                password=v.password,
                role=v.role,
                scope_town_id=v.scope_town_id,
                display_name=v.display_name,
            ),
            on_saved=lambda row: self._saved(f"已添加用户“{row.username}”。"),
        )

    def edit_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        actor = self.ws.actor
        dialog = UserDialog(self, towns=self.towns, row=user)

        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: user_service.update_user(
                s,
                actor,
                user.id,
                user.version,
                display_name=v.display_name,
                role=v.role,
                scope_town_id=v.scope_town_id,
                active=v.active,
            ),
            on_saved=lambda row: self._saved(f"已保存用户“{row.username}”。"),
        )

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        actor = self.ws.actor
        dialog = PasswordDialog(self, username=user.username)

        self.open_form(
            dialog,
            dialog.password.text,
            lambda s, password: user_service.set_password(s, actor, user.id, password),
            on_saved=lambda _none: self._saved(f"已重置用户“{user.username}”的密码。"),
        )
