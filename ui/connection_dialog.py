"""数据库连接: choose this PC's database — a local file, or the shared PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from fpr_desktop.app import connection
from fpr_desktop.base import paths
from fpr_desktop.base.errors import UserError
from fpr_desktop.db.location import saved_password_place
from ui.common.ops import OpRunner
from ui.common.widgets import ErrorLabel

PG_HINT = (
    "多台电脑共用数据时请使用 PostgreSQL 服务器；SQLite 文件不要放在网络共享文件夹中。"
    "密码不写入配置文件：保存在操作系统的凭据管理器中；没有凭据管理器时，"
    "保存在只有当前用户可以读取的文件中（保存后会说明是哪一种）。"
)


class ConnectionDialog(QDialog):
    """Test, then save, the database this PC opens from the next start."""

    #: The choice was saved (the URL, or None for the default local file).
    connection_saved = Signal(object)

    def __init__(self, runner: OpRunner, current_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle("数据库连接")
        self.use_file = QRadioButton("本机数据库文件（SQLite，单机使用）", self)
        self.use_server = QRadioButton("共享数据库服务器（PostgreSQL，多台电脑共用）", self)
        self.path = QLineEdit(str(paths.default_database_path()), self)
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.file_box = QGroupBox("数据库文件", self)
        QVBoxLayout(self.file_box).addLayout(file_row)

        self.host = QLineEdit(self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("fpr", self)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_box = QGroupBox("服务器", self)
        form = QFormLayout(self.server_box)
        form.addRow("服务器地址：", self.host)
        form.addRow("端口：", self.port)
        form.addRow("数据库名：", self.database)
        form.addRow("用户名：", self.user)
        form.addRow("密码：", self.password)

        hint = QLabel(PG_HINT, self)
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.test_button = self.buttons.addButton(
            "测试连接", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (self.use_file, self.file_box, self.use_server, self.server_box, hint):
            layout.addWidget(widget)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self.use_file.toggled.connect(self._sync)
        self._load(current_url)
        self.resize(520, self.sizeHint().height())

    def _load(self, url_text: str) -> None:
        url = make_url(url_text)
        if url.get_backend_name() == "postgresql":
            self.use_server.setChecked(True)
            self.host.setText(url.host or "")
            self.port.setValue(url.port or 5432)
            self.database.setText(url.database or "")
            self.user.setText(url.username or "")
            self.password.setText(url.password or "")
        else:
            self.use_file.setChecked(True)
            if url.database:
                self.path.setText(url.database)
        self._sync()

    def _sync(self) -> None:
        self.file_box.setEnabled(self.use_file.isChecked())
        self.server_box.setEnabled(not self.use_file.isChecked())

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "选择数据库文件",
            self.path.text(),
            "数据库文件 (*.sqlite3);;所有文件 (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.path.setText(name)

    def chosen_url(self) -> str:
        """The URL the form describes; a Chinese ValidationError when something is missing."""
        if self.use_file.isChecked():
            return connection.file_url(Path(self.path.text().strip()))
        return connection.postgres_url(
            self.host.text(),
            self.port.value(),
            self.database.text(),
            self.user.text(),
            self.password.text(),
        )

    def test(self) -> None:
        self.error.show_message("")
        self.result.setText("")
        try:
            url = self.chosen_url()
        except UserError as exc:
            self.error.show_message(str(exc))
            return
        self.test_button.setEnabled(False)
        self.result.setText("正在连接…")

        def shown(described: str) -> None:
            self.test_button.setEnabled(True)
            self.result.setText(f"连接成功：{described}")

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.result.setText("")
            if isinstance(exc, UserError):
                self.error.show_message(str(exc))
            else:
                self.runner.show_error(exc, self)

        self.runner.run(
            lambda _ctx: connection.try_connection(url),
            on_success=shown,
            on_error=failed,
            parent=self,
        )

    def save(self) -> None:
        try:
            url = self.chosen_url()
        except UserError as exc:
            self.error.show_message(str(exc))
            return
        default = url == connection.file_url(paths.default_database_path())
        connection.remember(None if default else url)
        self.connection_saved.emit(None if default else url)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "数据库连接",
            "\n".join(
                ["已保存。重新启动程序后将打开所选数据库。", saved_password_place() or ""]
            ).strip(),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.finished.connect(lambda _r: self.accept())
        box.open()
