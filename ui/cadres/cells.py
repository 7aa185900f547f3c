"""Small pieces the cadres pages share: short tables (warning rows in red), choice boxes, the
town filter, and a form's complaints all at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

WARNING_RED = QColor(192, 0, 0)


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[Any]],
    *,
    warn: Sequence[bool] = (),
    sortable: bool = True,
    right: Sequence[int] = (),
) -> None:
    """Replace the table's rows in the service's order (headers sort afterwards if `sortable`);
    numbers (and the `right` columns, e.g. formatted amounts) right-aligned, warned rows red."""
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
            table.setItem(r, c, item)
    table.setSortingEnabled(sortable)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


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
