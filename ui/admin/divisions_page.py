"""系统管理 → 行政区划: the county → town → village tree, with add, edit and 停用/启用."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.divisions import services as division_service
from fpr_desktop.divisions.county import CountyState
from fpr_desktop.divisions.services import DivisionRow
from ui.admin.county_dialog import open_county_dialog
from ui.admin.dialogs import DivisionDialog
from ui.common.widgets import LazyPage, Workspace, hint_label, tree_widget
from ui.exchange.actions import export_kind, guard_import, import_kind, save_template

COLUMNS = ("名称", "级别", "区划代码", "村标识", "备注", "状态")
ROW_ROLE = Qt.ItemDataRole.UserRole


class DivisionsPage(LazyPage):
    """The division tree. A town clerk sees (and edits) only their own town and its villages."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("division")
        self.scoped = ws.actor.scope_town_id is not None
        self.items: dict[int, QTreeWidgetItem] = {}
        self.dialog: DivisionDialog | None = None
        self._message = ""  # what the last save did, shown after the tree is rebuilt
        self._select_after: int | None = None

        self.add_town_button = QPushButton("添加镇", self)
        self.add_village_button = QPushButton("添加村", self)
        self.edit_button = QPushButton("编辑", self)
        self.toggle_button = QPushButton("停用", self)
        self.reload_button = QPushButton("刷新", self)
        self.import_button = QPushButton("导入…", self)
        self.export_button = QPushButton("导出…", self)
        self.template_button = QPushButton("下载模板…", self)
        self.county_button = QPushButton("本县设置…", self)
        self.county_button.setVisible(can(ws.actor, "settings.edit"))
        self.county_button.clicked.connect(self.open_county)
        self.import_button.clicked.connect(lambda: import_kind(self.ws, self, "divisions"))
        guard_import(self.import_button, ws.actor, "divisions")
        self.export_button.clicked.connect(lambda: export_kind(self.ws, self, "divisions"))
        self.template_button.clicked.connect(lambda: save_template(self.ws, self, "divisions"))
        self.show_inactive = QCheckBox("显示已停用", self)
        self.add_town_button.setVisible(not self.scoped)
        self.add_town_button.clicked.connect(self.add_town)
        self.add_village_button.clicked.connect(self.add_village)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reload_button.clicked.connect(self.reload)
        self.show_inactive.toggled.connect(self.reload)
        bar = QHBoxLayout()
        for button in (
            self.add_town_button,
            self.add_village_button,
            self.edit_button,
            self.toggle_button,
            self.reload_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.show_inactive)
        for button in (
            self.import_button,
            self.export_button,
            self.template_button,
            self.county_button,
        ):
            bar.addWidget(button)

        self.tree = tree_widget(self, list(COLUMNS), stretch_column=4)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.info = hint_label(self)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.info)
        self._update_buttons()

    def open_county(self) -> None:
        """本县设置; after switching to another county, its division import comes next."""

        def saved(state: CountyState, import_next: bool) -> None:
            self._message = f"已保存本县设置：{state.setup.name}。"
            self.reload()
            if import_next:
                import_kind(self.ws, self, "divisions")  # the page watches "division"

        open_county_dialog(self.ws, self, saved)

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor, inactive = self.ws.actor, self.show_inactive.isChecked()

        def load(session: Session) -> list[DivisionRow]:
            return division_service.list_divisions(session, actor, include_inactive=inactive)

        self.ws.read(load, on_success=self._show_rows, parent=self)

    def _show_rows(self, rows: list[DivisionRow]) -> None:
        selected = self.selected_row()
        self.tree.clear()
        self.items = {}
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        for row in rows:
            item = QTreeWidgetItem(
                [
                    row.name,
                    row.level_label,
                    row.code,
                    "、".join(row.flags),
                    row.note,
                    "启用" if row.active else "已停用",
                ]
            )
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
        towns = sum(1 for r in rows if r.level == "town")
        villages = sum(1 for r in rows if r.level == "village")
        counts = f"共 {towns} 个镇、{villages} 个村。双击一行可编辑。"
        self.info.setText(f"{self._message}　{counts}" if self._message else counts)
        self._message = ""
        wanted = self._select_after or (selected.id if selected is not None else None)
        self._select_after = None
        if wanted is not None and wanted in self.items:
            self.select_division(wanted)
        self._update_buttons()
        self.finish_loading()

    # --- selection -------------------------------------------------------------------------

    def selected_row(self) -> DivisionRow | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        row: DivisionRow = item.data(0, ROW_ROLE)
        return row

    def select_division(self, division_id: int) -> None:
        item = self.items[division_id]
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)

    def _town_for(self, row: DivisionRow) -> DivisionRow | None:
        """The town a new village goes under: the selected town, or the selected village's."""
        if row.level == "town":
            return row
        if row.level == "village" and row.parent_id in self.items:
            town: DivisionRow = self.items[row.parent_id].data(0, ROW_ROLE)
            return town
        return None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        town = self._town_for(row) if row else None
        self.add_village_button.setEnabled(town is not None and town.active)
        self.edit_button.setEnabled(row is not None and not (self.scoped and row.level == "county"))
        self.toggle_button.setEnabled(row is not None and row.level != "county")
        self.toggle_button.setText("启用" if row is not None and not row.active else "停用")

    # --- writing ---------------------------------------------------------------------------

    def add_town(self) -> None:
        county = next((r for r in self._rows() if r.level == "county"), None)
        if county is not None:
            self._open_add(county, "town")

    def add_village(self) -> None:
        row = self.selected_row()
        town = self._town_for(row) if row else None
        if town is not None:
            self._open_add(town, "village")

    def _rows(self) -> list[DivisionRow]:
        return [item.data(0, ROW_ROLE) for item in self.items.values()]

    def _open_add(self, parent_row: DivisionRow, level: str) -> None:
        actor = self.ws.actor
        dialog = DivisionDialog(self, level=level, parent_name=parent_row.name)

        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: division_service.add_division(
                s,
                actor,
                parent_id=parent_row.id,
                name=v.name,
                code=v.code,
                flags=v.flags,
                note=v.note,
            ),
            on_saved=lambda row: self._saved(row, f"已添加{row.level_label}“{row.name}”。"),
        )

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None or (self.scoped and row.level == "county"):
            return
        actor = self.ws.actor
        parent_name = ""
        if row.parent_id in self.items:
            parent_name = self.items[row.parent_id].text(0)
        dialog = DivisionDialog(self, level=row.level, parent_name=parent_name, row=row)

        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: division_service.update_division(
                s,
                actor,
                row.id,
                row.version,
                name=v.name,
                code=v.code,
                flags=v.flags if row.level == "village" else None,
                note=v.note,
            ),
            on_saved=lambda new: self._saved(new, f"已保存“{new.name}”。"),
        )

    def toggle_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.level == "county":
            return
        actor, activate = self.ws.actor, not row.active
        verb = "启用" if activate else "停用"

        def done(new: DivisionRow) -> None:
            hint = "" if activate else "（勾选“显示已停用”可查看并重新启用）"
            self._saved(new, f"已{verb}“{new.name}”{hint}。")

        def failed(exc: BaseException) -> None:
            self.ws.runner.show_error(exc, self)
            self.reload()

        self.ws.write(
            lambda s: division_service.set_active(s, actor, row.id, row.version, activate),
            on_success=done,
            on_error=failed,
            parent=self,
        )

    def _saved(self, row: DivisionRow, message: str) -> None:
        # Shown, and the saved row selected, once the tree is rebuilt (the change signal already
        # started that read): the user sees the change.
        self._message = message
        self._select_after = row.id
