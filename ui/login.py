"""The login dialog and the first-run “创建系统管理员” dialog (passwords checked off the GUI)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop import APP_TITLE
from fpr_desktop.base.errors import UserError
from fpr_desktop.db.location import describe_url
from ui.common.error_label import ErrorLabel
from ui.common.ops import OpRunner

if TYPE_CHECKING:  # the login dialog paints before the database layer is loaded
    from fpr_desktop.app.demo import DemoAccount
    from fpr_desktop.base.context import Actor
    from fpr_desktop.db.engine import Database
    from ui.connection_dialog import ConnectionDialog

INTERNAL_ERROR = "登录时发生程序内部错误，请联系系统管理员。"
OPENING_TEXT = "正在打开数据库…"
#: `fpr_desktop.base.users.MIN_PASSWORD_LENGTH`, repeated so the dialog needs no database layer
MIN_PASSWORD_LENGTH = 8


def _log_in(db: Database, username: str, password: str) -> Actor:
    from fpr_desktop.base import users as user_service  # loaded after the dialog is painted

    return user_service.login(db, username, password, source="ui")


def _elide_middle(metrics: QFontMetrics, text: str, width: int) -> str:
    """`text` with its middle replaced by “…” so that it fits `width` pixels (what
    QFontMetrics.elidedText does, without the `Qt` namespace: see _AuthDialog)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    low, high = 0, len(text) - 1  # how many characters are kept, around the “…”
    while low < high:
        keep = (low + high + 1) // 2
        if metrics.horizontalAdvance(_cut(text, keep)) <= width:
            low = keep
        else:
            high = keep - 1
    return _cut(text, low)


def _cut(text: str, keep: int) -> str:
    head = (keep + 1) // 2
    return f"{text[:head]}…{text[len(text) - (keep - head) :]}"


class _AuthDialog(QDialog):
    """Shared behaviour: an error line, a busy state, and the op that produces an Actor."""

    #: The password was right: the dialog is accepted and this carries who logged in.
    logged_in = Signal(object)

    def __init__(self, db: Database | None, runner: OpRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.actor: Actor | None = None
        self.error = ErrorLabel(self)

    def _make_buttons(self, submit: Callable[[], None]) -> QWidget:
        """确定 (running `submit`) and 退出 at the right, made after the fields (so Tab reaches
        them last).

        Plain buttons in a row as Windows orders them, not a QDialogButtonBox: making one
        builds all of the `Qt` namespace's enums first (~20 ms), and this dialog is the first
        thing painted (the same reason for the title's stretches and _elide_middle)."""
        self.buttons = QWidget(self)
        self.button_row = QHBoxLayout(self.buttons)
        self.button_row.setContentsMargins(0, 0, 0, 0)
        self.button_row.addStretch(1)
        self.ok_button = QPushButton(self.ok_text, self.buttons)
        self.ok_button.setDefault(True)
        self.quit_button = QPushButton("退出", self.buttons)
        self.button_row.addWidget(self.ok_button)
        self.button_row.addWidget(self.quit_button)
        self.ok_button.clicked.connect(submit)
        self.quit_button.clicked.connect(self.reject)
        return self.buttons

    def _start(self, job_text: str, fn: Callable[[], Actor]) -> None:
        self.error.show_message("")
        self.ok_button.setEnabled(False)
        self.ok_button.setText(job_text)
        self.runner.run(
            lambda _ctx: fn(),
            on_success=self._succeeded,
            on_error=self._failed,
            parent=self,
        )

    def _succeeded(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()
        self.logged_in.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        self._reset_button()
        if isinstance(exc, UserError):
            self.error.show_message(str(exc))
        else:
            self.error.show_message(INTERNAL_ERROR)
            self.runner.show_error(exc, self)

    #: The OK button's caption while the dialog waits for input.
    ok_text = "确定"

    def _reset_button(self) -> None:
        self.ok_button.setEnabled(True)
        self.ok_button.setText(self.ok_text)


class LoginDialog(_AuthDialog):
    """用户名 + 密码; on a demo database it also lists the demo accounts (click to fill in)."""

    ok_text = "登录"

    def __init__(
        self,
        db: Database | None,
        runner: OpRunner,
        demo_accounts: Sequence[DemoAccount] = (),
        parent: QWidget | None = None,
        *,
        url: str = "",
    ) -> None:
        """`db` None: the database at `url` is still being opened — the dialog is shown (and
        can be typed into) meanwhile; `database_ready` enables 登录, which a press while waiting
        then carries out."""
        super().__init__(db, runner, parent)
        self.url = url
        self._pending = False
        self.setWindowTitle(f"登录 — {APP_TITLE}")
        title = QLabel(APP_TITLE, self)
        title.setObjectName("titleLabel")
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(title)
        centred.addStretch(1)
        self.where = QLabel(self)
        self.where.setObjectName("hintLabel")
        self._describe(db.describe() if db is not None else f"{describe_url(url)}（正在打开…）")

        self.username = QLineEdit(self)
        self.username.setPlaceholderText("请输入用户名")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("请输入密码")
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        form = QFormLayout()
        form.addRow("用户名：", self.username)
        form.addRow("密码：", self.password)

        self._make_buttons(self._submit)
        self._reset_button()
        self.connection_button = QPushButton("数据库连接…", self.buttons)
        self.connection_button.setAutoDefault(False)
        self.button_row.insertWidget(0, self.connection_button)
        self.connection_button.clicked.connect(self.open_connection_dialog)

        layout = QVBoxLayout(self)
        layout.addLayout(centred)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.demo_list: QListWidget | None = None
        if demo_accounts:
            layout.addWidget(self._demo_box(demo_accounts))
        layout.addWidget(self.buttons)
        self._layout = layout
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 28)
        self.username.setFocus()

    def _describe(self, described: str) -> None:
        # Elided, not wrapped: a wrapping label leaves a dialog's first height too small.
        text = f"数据库：{described}"
        width = self.where.fontMetrics().horizontalAdvance("字") * 26
        self.where.setText(_elide_middle(self.where.fontMetrics(), text, width))
        self.where.setToolTip(text)

    def database_ready(self, db: Database, demo_accounts: Sequence[DemoAccount] = ()) -> None:
        """The database is open: 登录 works now (and runs at once if it was pressed meanwhile)."""
        self.db = db
        self._describe(db.describe())
        if demo_accounts and self.demo_list is None:
            self._layout.insertWidget(
                self._layout.indexOf(self.buttons), self._demo_box(demo_accounts)
            )
        self._reset_button()
        if self._pending:
            self._pending = False
            self._submit()

    def _demo_box(self, accounts: Sequence[DemoAccount]) -> QGroupBox:
        box = QGroupBox("演示账号（仅演示数据库显示）", self)
        note = QLabel(f"演示账号的密码均为 {accounts[0].password}\n单击账号即可填入：", box)
        self.demo_list = QListWidget(box)
        for acc in accounts:
            item = QListWidgetItem(f"{acc.username}　{acc.role_label}")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, (acc.username, acc.password))
            self.demo_list.addItem(item)
        rows = len(accounts)
        frame = 2 * self.demo_list.frameWidth()
        self.demo_list.setFixedHeight(self.demo_list.sizeHintForRow(0) * rows + frame + 4)
        self.demo_list.itemClicked.connect(self._fill_demo)
        inner = QVBoxLayout(box)
        inner.addWidget(note)
        inner.addWidget(self.demo_list)
        return box

    def _fill_demo(self, item: QListWidgetItem) -> None:
        username, password = item.data(QtCore.Qt.ItemDataRole.UserRole)
        self.username.setText(username)
        self.password.setText(password)
        self.password.setFocus()

    def _submit(self) -> None:
        if not self.ok_button.isEnabled():
            return  # already checking
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.show_message("请输入用户名和密码。")
            return
        if self.db is None:  # still opening: logs in as soon as it is open
            self._pending = True
            self.error.show_message("")
            self.ok_button.setEnabled(False)
            self.ok_button.setText(OPENING_TEXT)
            return
        db = self.db
        self._start("正在登录…", lambda: _log_in(db, username, password))

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self.password.selectAll()
        self.password.setFocus()

    def open_connection_dialog(self) -> ConnectionDialog:
        """Point this PC at another database (takes effect at the next start)."""
        from ui.connection_dialog import ConnectionDialog

        url = self.db.url.render_as_string(hide_password=False) if self.db else self.url
        dialog = ConnectionDialog(self.runner, url, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog


class FirstAdminDialog(_AuthDialog):
    """First run: the database has no user yet, so the first system administrator is created."""

    ok_text = "创建并登录"

    def __init__(self, db: Database, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(db, runner, parent)
        self.setWindowTitle(f"创建系统管理员 — {APP_TITLE}")
        intro = QLabel(
            "这是一个新的数据库，还没有任何用户。请创建第一个系统管理员账号，并说明本系统"
            "为哪个县使用；之后可在“系统管理 → 用户”中为其他人添加账号。",
            self,
        )
        intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setPlaceholderText("登录用，不含空格，例如 admin")
        self.display_name = QLineEdit(self)
        self.display_name.setPlaceholderText("例如 张三（留空则为“系统管理员”）")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"至少 {MIN_PASSWORD_LENGTH} 位")
        self.password2 = QLineEdit(self)
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("用户名：", self.username)
        form.addRow("显示名：", self.display_name)
        form.addRow("密码：", self.password)
        form.addRow("再次输入密码：", self.password2)
        from ui.county_box import CountyBox  # the database layer is loaded by now

        self.county = CountyBox(parent=self)
        #: after logging in, the user wants to import the county's division list
        self.import_divisions = False

        self._make_buttons(self._submit)
        self._reset_button()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.county)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 32)

    def check(self) -> str:
        if not self.username.text().strip():
            return "请输入用户名。"
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            return f"密码至少需要 {MIN_PASSWORD_LENGTH} 位。"
        if self.password.text() != self.password2.text():
            return "两次输入的密码不一致。"
        return self.county.check()

    def _submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        problem = self.check()
        if problem:
            self.error.show_message(problem)
            return
        db = self.db
        username, password = self.username.text().strip(), self.password.text()
        display = self.display_name.text().strip()
        setup, divisions = self.county.values()
        self.import_divisions = divisions == "import"

        def create_and_log_in() -> Actor:
            from fpr_desktop.base import users as user_service
            from fpr_desktop.base.context import anonymous
            from fpr_desktop.divisions.county import set_up_county

            with db.transaction(anonymous("ui")) as session:
                user_service.create_first_admin(session, username, password, display)
            actor = _log_in(db, username, password)
            with db.transaction(actor.audit()) as session:
                set_up_county(session, actor, setup, divisions)
            return actor

        self._start("正在创建…", create_and_log_in)
