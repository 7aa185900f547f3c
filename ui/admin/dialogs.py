"""The forms of 系统管理: division, user, password reset and calendar-day dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from fpr_desktop.base.models.divisions import LEVEL_LABELS, VILLAGE_FLAGS
from fpr_desktop.base.permissions import ROLES
from fpr_desktop.base.users import MIN_PASSWORD_LENGTH, UserRow
from fpr_desktop.divisions.services import DivisionRow
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog


@dataclass(frozen=True)
class DivisionInput:
    name: str
    code: str
    flags: tuple[str, ...]
    note: str


class DivisionDialog(FormDialog):
    """Add a town or village, or edit one (name, code, village flags, note)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        level: str,
        parent_name: str,
        row: DivisionRow | None = None,
    ) -> None:
        label = LEVEL_LABELS[level]
        super().__init__(f"编辑{label}：{row.name}" if row else f"添加{label}", parent)
        self.level = level
        self.row = row
        if parent_name:
            self.form.addRow("上级：", QLabel(parent_name, self))
        self.name = QLineEdit(row.name if row else "", self)
        self.name.setPlaceholderText(f"{label}名称")
        self.code = QLineEdit(row.code if row else "", self)
        self.code.setPlaceholderText("统计用区划代码，可留空")
        self.form.addRow("名称：", self.name)
        self.form.addRow("区划代码：", self.code)
        self.flag_boxes: dict[str, QCheckBox] = {}
        if level == "village":
            flags_row = QWidget(self)
            flags_layout = QHBoxLayout(flags_row)
            flags_layout.setContentsMargins(0, 0, 0, 0)
            for flag in VILLAGE_FLAGS:
                box = QCheckBox(flag, flags_row)
                box.setChecked(row is not None and flag in row.flags)
                self.flag_boxes[flag] = box
                flags_layout.addWidget(box)
            flags_layout.addStretch(1)
            self.form.addRow("村标识：", flags_row)
        self.note = QLineEdit(row.note if row else "", self)
        self.form.addRow("备注：", self.note)
        self.name.setFocus()

    def check(self) -> str:
        return "" if self.name.text().strip() else "请填写名称。"

    def values(self) -> DivisionInput:
        return DivisionInput(
            self.name.text().strip(),
            self.code.text().strip(),
            tuple(f for f, box in self.flag_boxes.items() if box.isChecked()),
            self.note.text().strip(),
        )


@dataclass(frozen=True)
class UserInput:
    username: str
    display_name: str
    role: str
    scope_town_id: int | None
    password: str
    active: bool


def _password_problem(first: str, second: str) -> str:
    if len(first) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 位。"
    if first != second:
        return "两次输入的密码不一致。"
    return ""


class UserDialog(FormDialog):
    """Add a user (with a first password) or edit role, town scope, display name and 启用."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        towns: Sequence[tuple[int, str]],
        row: UserRow | None = None,
    ) -> None:
        super().__init__(f"编辑用户：{row.username}" if row else "添加用户", parent)
        self.row = row
        self.username = QLineEdit(row.username if row else "", self)
        self.username.setReadOnly(row is not None)
        self.display_name = QLineEdit(row.display_name if row else "", self)
        self.display_name.setPlaceholderText("例如 张三（留空则同用户名）")
        self.role = QComboBox(self)
        for code, role in ROLES.items():
            self.role.addItem(role.label, code)
        self.town = QComboBox(self)
        self.town.addItem("（请选择镇）", None)
        for town_id, name in towns:
            self.town.addItem(name, town_id)
        self.form.addRow("用户名：", self.username)
        self.form.addRow("显示名：", self.display_name)
        self.form.addRow("角色：", self.role)
        self.form.addRow("所属镇：", self.town)
        self.password = QLineEdit(self)
        self.password2 = QLineEdit(self)
        self.active = QCheckBox("启用（停用后不能登录）", self)
        if row is None:
            for edit in (self.password, self.password2):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.password.setPlaceholderText(f"至少 {MIN_PASSWORD_LENGTH} 位")
            self.form.addRow("初始密码：", self.password)
            self.form.addRow("再次输入密码：", self.password2)
            self.active.setChecked(True)  # a new user starts active; not asked
            self.active.hide()
        else:
            self.role.setCurrentIndex(max(0, self.role.findData(row.role)))
            self.town.setCurrentIndex(max(0, self.town.findData(row.scope_town_id)))
            self.active.setChecked(row.active)
            self.form.addRow("状态：", self.active)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        needs = ROLES[self.role.currentData()].needs_scope
        self.town.setEnabled(needs)
        if not needs:
            self.town.setCurrentIndex(0)

    def check(self) -> str:
        if not self.username.text().strip():
            return "请填写用户名。"
        if ROLES[self.role.currentData()].needs_scope and self.town.currentData() is None:
            return f"{self.role.currentText()}必须选择所属镇。"
        if self.row is None:
            return _password_problem(self.password.text(), self.password2.text())
        return ""

    def values(self) -> UserInput:
        return UserInput(
            self.username.text().strip(),
            self.display_name.text().strip(),
            str(self.role.currentData()),
            self.town.currentData(),
            self.password.text(),
            self.active.isChecked(),
        )


class PasswordDialog(FormDialog):
    """An administrator sets a new password for a user (who should change it later)."""

    def __init__(self, parent: QWidget | None, *, username: str) -> None:
        super().__init__(f"重置密码：{username}", parent)
        self.password = QLineEdit(self)
        self.password2 = QLineEdit(self)
        for edit in (self.password, self.password2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"至少 {MIN_PASSWORD_LENGTH} 位")
        self.form.addRow("新密码：", self.password)
        self.form.addRow("再次输入：", self.password2)

    def check(self) -> str:
        return _password_problem(self.password.text(), self.password2.text())


class CalendarDayDialog(FormDialog):
    """Mark one date as a holiday (休息日) or a make-up working day (调休上班)."""

    def __init__(self, parent: QWidget | None, *, workday: bool, year: int) -> None:
        super().__init__("添加调休上班日" if workday else "添加休息日", parent)
        self.workday = workday
        today = date.today()
        start = today if today.year == year else date(year, 1, 1)
        self.day = DateInput(self, day=start)
        self.note = QLineEdit(self)
        self.note.setMaxLength(60)
        self.note.setPlaceholderText("例如 春节调休上班" if workday else "例如 春节")
        self.form.addRow("日期：", self.day)
        self.form.addRow("说明：", self.note)

    def values(self) -> tuple[date, bool, str]:
        picked = self.day.day()
        assert picked is not None  # FormDialog refuses to save with a date problem
        return picked, self.workday, self.note.text().strip()
