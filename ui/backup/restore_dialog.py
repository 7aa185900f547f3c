"""文件 → 从备份恢复: choose a backup, see what it holds, restore it after a safety copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.app import backups
from fpr_desktop.base.permissions import can
from fpr_desktop.db.backup import RestoreResult
from ui.common.ops import OpContext
from ui.common.widgets import (
    ErrorLabel,
    Workspace,
    hint_label,
    note_label,
    table_widget,
    tree_widget,
)

FILE_FILTER = "数据库备份 (*.sqlite3 *.db *.sqlite);;所有文件 (*)"


class RestoreDialog(QDialog):
    """Backups of the folder newest first; the chosen one is checked and counted first."""

    restored = Signal(object)  # RestoreResult

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.summary: backups.BackupSummary | None = None
        self.folder: Path | None = None
        self.setWindowTitle("从备份恢复数据库")
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                "选择一个备份，先查看其中的数据；恢复时会先把当前数据另存一份安全副本，"
                "并检查备份文件是否完好。恢复后程序会重新启动。",
                self,
            )
        )
        self.folder_label = hint_label(self)
        layout.addWidget(self.folder_label)
        self.files = table_widget(self, ["备份时间", "类型", "大小", "文件名"])
        self.files.itemSelectionChanged.connect(self._file_chosen)
        layout.addWidget(self.files, 2)
        self.summary_label = QLabel("", self)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.contents = tree_widget(self, ["模块 / 数据表", "行数"], 0)
        layout.addWidget(self.contents, 3)
        buttons = QHBoxLayout()
        self.other_button = QPushButton("选择其他备份文件(&O)…", self)
        self.other_button.clicked.connect(self._ask_file)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        self.restore_button = QPushButton("恢复到此备份(&R)…", self)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._confirm)
        buttons.addWidget(self.restore_button)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.may_restore = can(ws.actor, "db.admin") and ws.db.is_sqlite
        if not self.may_restore:
            self.restore_button.setToolTip("只有系统管理员可以恢复 SQLite 数据库")
        self._load_folder()

    # --- the folder's backups ------------------------------------------------------------

    def _load_folder(self) -> None:
        db = self.ws.db

        def job(_ctx: OpContext) -> tuple[Path, list[backups.BackupFile]]:
            folder = backups.backup_folder(db)
            return folder, backups.list_backups(folder)

        self.ws.run(job, on_success=self._show_folder, parent=self)

    def _show_folder(self, found: tuple[Path, list[backups.BackupFile]]) -> None:
        self.folder, items = found
        self.folder_label.setText(f"备份文件夹：{self.folder}（共 {len(items)} 个备份）")
        self.files.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = [
                f"{item.taken_at:%Y-%m-%d %H:%M}",
                "每日自动" if item.daily else "手动",
                f"{item.size / 2**20:.1f} MB",
                item.path.name,
            ]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, str(item.path))
                self.files.setItem(row, col, cell)
        self.files.resizeColumnsToContents()
        if items:
            self.files.selectRow(0)
        else:
            self.summary_label.setText("此文件夹中还没有备份。可点“选择其他备份文件”。")

    def _file_chosen(self) -> None:
        rows = self.files.selectionModel().selectedRows()
        if rows:
            item = self.files.item(rows[0].row(), 0)
            self.show_backup(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _ask_file(self) -> None:
        start = str(self.folder) if self.folder else ""
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", start, FILE_FILTER)
        if name:
            self.files.clearSelection()
            self.show_backup(Path(name))

    # --- what the chosen backup holds ------------------------------------------------------

    def show_backup(self, file: Path) -> None:
        """Check `file` and count its rows in the background, then show them."""
        self.summary = None
        self.restore_button.setEnabled(False)
        self.error.show_message("")
        self.contents.clear()
        self.summary_label.setText(f"正在检查 {file.name} …")
        self.ws.run(
            lambda _ctx: backups.summarize(file),
            on_success=self._show_summary,
            on_error=self._summary_failed,
            parent=self,
            progress_label="正在检查备份文件…",
        )

    def _summary_failed(self, exc: BaseException) -> None:
        self.summary_label.setText("")
        self.error.show_message(str(exc))

    def _show_summary(self, summary: backups.BackupSummary) -> None:
        self.summary = summary
        self.summary_label.setText(
            f"<b>{summary.path.name}</b>：备份时间 {summary.taken_at:%Y-%m-%d %H:%M}，"
            f"数据库版本 {summary.revision}，共 {summary.total_rows:,} 行，文件完好。"
        )
        self.contents.clear()
        for title, tables in summary.modules.items():
            top = QTreeWidgetItem([title, f"{sum(t.rows for t in tables):,}"])
            for t in tables:
                top.addChild(QTreeWidgetItem([f"{t.label}（{t.table}）", f"{t.rows:,}"]))
            top.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.contents.addTopLevelItem(top)
        self.contents.expandAll()
        self.restore_button.setEnabled(self.may_restore)

    # --- restore ---------------------------------------------------------------------------

    def _confirm(self) -> None:
        summary = self.summary
        if summary is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "确认恢复",
            f"将用 {summary.path.name}（{summary.taken_at:%Y-%m-%d %H:%M}）"
            "中的数据替换当前数据库。\n\n"
            "当前数据会先另存为安全副本；其他电脑正在写入时会等待或提示稍后再试。"
            "恢复后程序将重新启动。\n\n确定要恢复吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = QMessageBox.StandardButton.Yes
        box.buttonClicked.connect(
            lambda button: box.standardButton(button) == yes and self.restore(summary.path)
        )
        self.confirm_box = box
        box.open()

    def restore(self, file: Path) -> None:
        """Restore `file` in the background; `restored` is emitted with the safety copy."""
        db, actor = self.ws.db, self.ws.actor
        self.restore_button.setEnabled(False)
        self.ws.run(
            lambda _ctx: backups.restore_backup(db, actor, file),
            on_success=self._restored,
            on_error=self._restore_failed,
            parent=self,
            progress_label="正在恢复数据库（请勿关闭程序）…",
        )

    def _restore_failed(self, exc: BaseException) -> None:
        self.error.show_message(f"恢复未进行：{exc}")
        self.restore_button.setEnabled(self.summary is not None and self.may_restore)

    def _restored(self, result: RestoreResult) -> None:
        self.restored.emit(result)
        self.accept()
