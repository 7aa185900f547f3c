"""系统管理 → 参数设置: every configurable rule, grouped, with its default and its source."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import ConflictError, UserError
from fpr_desktop.base.settings import SettingRow
from ui.common.money import load_money_format
from ui.common.widgets import ErrorLabel, LazyPage, Workspace

Editor = QLineEdit | QComboBox | QCheckBox


def _default_text(row: SettingRow) -> str:
    if row.type == "bool":
        return "是" if row.default else "否"
    if row.choices:
        return dict(row.choices).get(str(row.default), str(row.default))
    if row.default == "":
        return "（空）"
    return f"{row.default} {row.unit}" if row.type == "int" and row.unit else str(row.default)


class SettingsPage(LazyPage):
    """Edit values in place, then 保存修改 writes every changed value in one transaction."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.rows: dict[str, SettingRow] = {}
        self.editors: dict[str, Editor] = {}
        self.save_button = QPushButton("保存修改", self)
        self.revert_button = QPushButton("放弃修改", self)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        intro = QLabel(
            "这些参数决定各模块的时限、提示和公文内容。修改后立即对所有用户生效，并记入审计日志。",
            self,
        )
        intro.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(intro, 1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.revert_button)
        self.error = ErrorLabel(self)
        self.info = QLabel("", self)
        self.info.setObjectName("hintLabel")

        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.info)

    def reload(self) -> None:
        actor = self.ws.actor
        self.ws.read(
            lambda s: settings_service.list_settings(s, actor), on_success=self._show, parent=self
        )

    def _show(self, rows: list[SettingRow]) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.rows = {r.key: r for r in rows}
        self.editors = {}
        groups: dict[str, list[SettingRow]] = {}
        for row in rows:
            groups.setdefault(row.group, []).append(row)
        # Same column widths in every group, so the editors line up down the whole page.
        metrics = self.fontMetrics()
        label_width = max(metrics.horizontalAdvance(f"{r.label}：") for r in rows)
        field_width = metrics.horizontalAdvance("字") * 22
        for group, members in groups.items():
            box = QGroupBox(group, self.body)
            grid = QGridLayout(box)
            grid.setColumnMinimumWidth(0, label_width)
            grid.setColumnMinimumWidth(1, field_width)
            grid.setColumnStretch(2, 1)
            for i, row in enumerate(members):
                self._add_row(grid, i, row)
            self.body_layout.addWidget(box)
        self.body_layout.addStretch(1)
        self.finish_loading()

    def _add_row(self, grid: QGridLayout, i: int, row: SettingRow) -> None:
        label = QLabel(f"{row.label}：")
        if row.origin:
            label.setToolTip(f"依据：{row.origin}")
        editor = self._editor(row)
        self.editors[row.key] = editor
        field = QWidget()
        field_layout = QHBoxLayout(field)
        field_layout.setContentsMargins(0, 0, 0, 0)
        field_layout.addWidget(editor, 0 if row.type == "int" else 1)
        if row.type == "int" and row.unit:
            field_layout.addWidget(QLabel(row.unit))
        if row.type == "int":
            field_layout.addStretch(1)
        origin = f" · 依据：{row.origin}" if row.origin else ""
        hint = QLabel(f"默认：{_default_text(row)}{origin}")
        hint.setObjectName("hintLabel")
        reset = QPushButton("恢复默认")
        reset.setEnabled(not row.is_default)
        reset.clicked.connect(lambda _checked=False, r=row: self._set_editor(r, r.default))
        grid.addWidget(label, i, 0)
        grid.addWidget(field, i, 1)
        grid.addWidget(hint, i, 2)
        grid.addWidget(reset, i, 3)

    def _editor(self, row: SettingRow) -> Editor:
        editor: Editor
        if row.type == "bool":
            editor = QCheckBox()
        elif row.choices:
            editor = QComboBox()
            for value, text in row.choices:
                editor.addItem(text, value)
        else:
            editor = QLineEdit()
            if row.type == "int":
                editor.setFixedWidth(editor.fontMetrics().horizontalAdvance("0") * 10)
        self._set_editor(row, row.value, editor)
        return editor

    def _set_editor(self, row: SettingRow, value: Any, editor: Editor | None = None) -> None:
        editor = editor or self.editors[row.key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setText(str(value))

    @staticmethod
    def _editor_value(editor: Editor) -> Any:
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        return editor.text().strip()

    def changes(self) -> list[tuple[str, Any, int]]:
        """(key, new value, version it was read at) for each edited parameter."""
        out = []
        for key, editor in self.editors.items():
            row, value = self.rows[key], self._editor_value(editor)
            if str(value) != str(row.value):
                out.append((key, value, row.version))
        return out

    def save(self) -> None:
        changes = self.changes()
        self.error.show_message("")
        if not changes:
            self.info.setText("没有需要保存的修改。")
            return
        actor = self.ws.actor

        def work(session: Session) -> int:
            for key, value, version in changes:
                settings_service.set_value(session, actor, key, value, version)
            return len(changes)

        self.save_button.setEnabled(False)
        self.ws.write(work, on_success=self._saved, on_error=self._failed, parent=self)

    def _saved(self, count: int) -> None:
        self.save_button.setEnabled(True)
        self.ws.read(load_money_format, on_success=lambda _fmt: None, parent=self)
        self.info.setText(f"已保存 {count} 项参数。")
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictError):
            self.ws.runner.show_error(exc, self)
            self.reload()
        elif isinstance(exc, UserError):
            self.error.show_message(f"{exc}（所有修改均未保存）")
        else:
            self.ws.runner.show_error(exc, self)
