"""首页 → 待我办理: what the logged-in user should do now, from every module's declared to-dos.

Each module declares providers in its registration (`Module.deadlines`); the list shows their
`DeadlineItem`s for the user's role and towns, overdue first, then by due day. Enter (or a
double-click) opens an item through `ui.<module>.open_item(ws, parent, item)`.
"""

from __future__ import annotations

import importlib
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidgetItem, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.registry import DeadlineItem, deadline_items
from ui.common.widgets import Workspace, note_label, table_widget, text_width

COLUMNS = ("事项", "名称", "地点", "期限")
NOTHING = "目前没有待办事项。"
OVERDUE = QColor("#b00020")


def due_text(item: DeadlineItem, today: date) -> str:
    if item.due is None:
        return "尽快"
    late = "（已逾期）" if item.overdue or item.due < today else ""
    return f"{item.due:%Y-%m-%d}{late}"


class TodoList(QWidget):
    """The to-do table of 首页; refreshed whenever anything is saved."""

    #: The list was read and shown.
    data_loaded = Signal()
    #: An item was opened (the window showing it is `self.opened`).
    item_opened = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.items: list[DeadlineItem] = []
        self.opened: QWidget | None = None
        self.title = QLabel("待我办理（正在读取…）", self)
        self.title.setObjectName("sectionLabel")
        self.table = table_widget(self, list(COLUMNS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, text_width(self.table, "乡镇公示已期满，待报县级论证"))
        self.table.setColumnWidth(2, text_width(self.table, "固关镇上岔村"))
        self.table.setColumnWidth(3, text_width(self.table, "0000-00-00（已逾期）"))
        # the providers' order (overdue first, then by day) until the user sorts by a column
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.empty = note_label(NOTHING, self)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        ws.changes.subscribe(self, (), lambda _changes: self.reload())

    def reload(self) -> None:
        actor = self.ws.actor

        def load(session: Session) -> list[DeadlineItem]:
            return deadline_items(session, actor)

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, items: list[DeadlineItem]) -> None:
        today = date.today()
        self.items = items
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            due = due_text(item, today)
            for col, text in enumerate((item.what, item.title, item.place, due)):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, row)
                if "逾期" in due:
                    cell.setForeground(QBrush(OVERDUE))
                cell.setToolTip(f"{item.what}：{item.title}（回车打开）")
                self.table.setItem(row, col, cell)
        self.table.setSortingEnabled(True)
        self.title.setText(f"待我办理（{len(items)} 项，回车或双击打开）")
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
        if items and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        self.data_loaded.emit()

    def item_at(self, row: int) -> DeadlineItem | None:
        cell = self.table.item(row, 0)
        if cell is None:
            return None
        return self.items[int(cell.data(Qt.ItemDataRole.UserRole))]

    def open_row(self, row: int) -> QWidget | None:
        """Open the record of the row (Enter / double-click) through its module's screens."""
        item = self.item_at(row)
        if item is None:
            return None
        package = importlib.import_module(f"ui.{item.module}")
        opener = getattr(package, "open_item", None)
        if opener is None:
            return None
        self.opened = opener(self.ws, self.window(), item)
        self.item_opened.emit(item)
        return self.opened
