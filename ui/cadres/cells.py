"""Small pieces the cadres pages share: short tables (warning rows in red), choice boxes, the
town filter, and a form's complaints all at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

WARNING_RED = QColor(192, 0, 0)
ROW_KEY = Qt.ItemDataRole.UserRole + 1  # which listed record a row shows (sorting moves rows)


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[Any]],
    *,
    warn: Sequence[bool] = (),
    sortable: bool = True,
    right: Sequence[int] = (),
    keys: Sequence[Any] = (),
) -> None:
    """Replace the table's rows in the service's order (headers sort afterwards if `sortable`);
    numbers (and the `right` columns, e.g. formatted amounts) right-aligned, warned rows red;
    `keys[r]` rides on row r (read back with `picked_key`, whatever the sort)."""
    table.setSortingEnabled(False)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        red = r < len(warn) and warn[r]
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, int | float):
                item.setData(Qt.ItemDataRole.DisplayRole, value)
            if isinstance(value, int | float) or c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if red:
                item.setForeground(QBrush(WARNING_RED))
            if c == 0 and r < len(keys):
                item.setData(ROW_KEY, keys[r])
            table.setItem(r, c, item)
    table.setSortingEnabled(sortable)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


def picked_key(table: QTableWidget) -> Any:
    """The key `fill_table` put on the selected row (None when nothing is selected)."""
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return item.data(ROW_KEY) if item is not None else None


def choice_box(parent: QWidget, items: Sequence[str], *, choose: bool = True) -> QComboBox:
    """A combo of fixed choices; with `choose`, nothing is preselected (no risky default)."""
    box = QComboBox(parent)
    box.addItems(list(items))
    if choose:
        box.setCurrentIndex(-1)
        box.setPlaceholderText("请选择")
    return box


def report(problems: Sequence[tuple[str, QWidget]]) -> str:
    """All of a form's complaints at once, focus on the first field named."""
    if problems:
        problems[0][1].setFocus()
    return "\n".join(p for p, _w in problems)


def fill_towns(box: QComboBox, towns: Sequence[tuple[int, str]], all_label: str) -> None:
    """The town filter of a page: every town in scope, with `all_label` first when several."""
    box.blockSignals(True)
    box.clear()
    if len(towns) != 1:
        box.addItem(all_label, None)
    for town_id, name in towns:
        box.addItem(name, town_id)
    box.blockSignals(False)
