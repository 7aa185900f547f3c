"""系统管理 → 项目类别: the two-level category tree, with add, rename, reorder and 停用/启用."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.projects import categories as category_service
from fpr_desktop.projects.categories import NAME_MAX, CategoryItem
from ui.common.widgets import (
    FormDialog,
    LazyPage,
    Workspace,
    hint_label,
    tree_widget,
)

COLUMNS = ("名称", "级别", "状态")
ROW_ROLE = Qt.ItemDataRole.UserRole


class CategoryDialog(FormDialog):
    """The name of a new 大类/小类, or a new name for an existing category."""

    def __init__(self, parent: QWidget | None, title: str, *, parent_name: str, name: str = ""):
        super().__init__(title, parent)
        if parent_name:
            self.form.addRow("所属大类：", QLabel(parent_name, self))
        self.name = QLineEdit(name, self)
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText("类别名称")
        self.form.addRow("名称：", self.name)
        self.name.setFocus()

    def check(self) -> str:
        return "" if self.name.text().strip() else "请填写类别名称。"


class CategoriesPage(LazyPage):
    """A 停用 category stays on existing projects; new proposals are offered active ones only."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.items: dict[int, QTreeWidgetItem] = {}
        self.dialog: CategoryDialog | None = None
        self._message = ""  # what the last change did, shown after the tree is rebuilt
        self._select_after: int | None = None

        self.add_top_button = QPushButton("添加大类", self)
        self.add_child_button = QPushButton("添加小类", self)
        self.rename_button = QPushButton("重命名", self)
        self.up_button = QPushButton("上移", self)
        self.down_button = QPushButton("下移", self)
        self.toggle_button = QPushButton("停用", self)
        self.reload_button = QPushButton("刷新", self)
        self.show_inactive = QCheckBox("显示已停用", self)
        self.add_top_button.clicked.connect(self.add_top)
        self.add_child_button.clicked.connect(self.add_child)
        self.rename_button.clicked.connect(self.rename_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reload_button.clicked.connect(self.reload)
        self.show_inactive.toggled.connect(self.reload)
        bar = QHBoxLayout()
        for button in (
            self.add_top_button,
            self.add_child_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.toggle_button,
            self.reload_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.show_inactive)

        self.tree = tree_widget(self, list(COLUMNS), stretch_column=0)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename_selected())
        self.info = hint_label(self)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.info)
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor, inactive = self.ws.actor, self.show_inactive.isChecked()

        def load(session: Session) -> list[CategoryItem]:
            return category_service.list_category_tree(session, actor, include_inactive=inactive)

        self.ws.read(load, on_success=self._show_rows, parent=self)

    def _show_rows(self, rows: list[CategoryItem]) -> None:
        selected = self.selected_row()
        self.tree.clear()
        self.items = {}
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        for row in rows:
            item = QTreeWidgetItem([row.name, row.level_label, "启用" if row.active else "已停用"])
            item.setData(0, ROW_ROLE, row)
            if not row.active:
                for col in range(len(COLUMNS)):
                    item.setForeground(col, dim)
            parent = self.items.get(row.parent_id) if row.parent_id is not None else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self.items[row.id] = item
        self.tree.expandAll()
        tops = sum(1 for r in rows if r.parent_id is None)
        counts = (
            f"共 {tops} 个大类、{len(rows) - tops} 个小类。停用的类别仍保留在已有项目上，"
            "但新申报项目不能再选择。"
        )
        self.info.setText(f"{self._message}　{counts}" if self._message else counts)
        self._message = ""
        wanted = self._select_after or (selected.id if selected is not None else None)
        self._select_after = None
        if wanted is not None and wanted in self.items:
            self.tree.setCurrentItem(self.items[wanted])
            self.tree.scrollToItem(self.items[wanted])
        self._update_buttons()
        self.finish_loading()

    # --- selection -------------------------------------------------------------------------

    def selected_row(self) -> CategoryItem | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        row: CategoryItem = item.data(0, ROW_ROLE)
        return row

    def _top_for(self, row: CategoryItem | None) -> CategoryItem | None:
        """The 大类 a new 小类 goes under: the selected 大类, or the selected 小类's."""
        if row is None:
            return None
        if row.parent_id is None:
            return row
        item = self.items.get(row.parent_id)
        return item.data(0, ROW_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        top = self._top_for(row)
        self.add_child_button.setEnabled(top is not None and top.active)
        for button in (self.rename_button, self.up_button, self.down_button, self.toggle_button):
            button.setEnabled(row is not None)
        self.toggle_button.setText("启用" if row is not None and not row.active else "停用")

    # --- writing ---------------------------------------------------------------------------

    def add_top(self) -> None:
        self._open_add(None, "添加大类")

    def add_child(self) -> None:
        top = self._top_for(self.selected_row())
        if top is not None:
            self._open_add(top, "添加小类")

    def _open_add(self, top: CategoryItem | None, title: str) -> None:
        actor = self.ws.actor
        parent_id = top.id if top is not None else None
        dialog = CategoryDialog(self, title, parent_name=top.name if top else "")

        self.open_form(
            dialog,
            dialog.name.text,
            lambda s, name: category_service.add_category(s, actor, name=name, parent_id=parent_id),
            on_saved=lambda row: self._saved(row, f"已添加{row.level_label}“{row.name}”。"),
        )

    def rename_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        actor = self.ws.actor
        dialog = CategoryDialog(self, f"重命名{row.level_label}：{row.name}", parent_name="")
        dialog.name.setText(row.name)

        self.open_form(
            dialog,
            dialog.name.text,
            lambda s, name: category_service.rename_category(s, actor, row.id, row.version, name),
            on_saved=lambda new: self._saved(new, f"已重命名为“{new.name}”。"),
        )

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        if row is None:
            return
        actor = self.ws.actor
        self._write(
            lambda s: category_service.move_category(s, actor, row.id, row.version, step),
            f"已{'上' if step < 0 else '下'}移“{row.name}”。",
        )

    def toggle_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        actor, activate = self.ws.actor, not row.active
        verb = "启用" if activate else "停用"
        hint = "" if activate else "（勾选“显示已停用”可查看并重新启用）"
        self._write(
            lambda s: category_service.set_category_active(s, actor, row.id, row.version, activate),
            f"已{verb}“{row.name}”{hint}。",
        )

    def _write(self, work: Callable[[Session], CategoryItem], message: str) -> None:
        def failed(exc: BaseException) -> None:
            self.ws.runner.show_error(exc, self)
            self.reload()

        def done(new: CategoryItem) -> Any:
            self._saved(new, message)

        self.ws.write(work, on_success=done, on_error=failed, parent=self)

    def _saved(self, row: CategoryItem, message: str) -> None:
        self._message = message
        self._select_after = row.id
        self.reload()
