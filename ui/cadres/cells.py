"""Filling the cadres pages' short tables: values as text, warning rows in red."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

WARNING_RED = QColor(192, 0, 0)


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[Any]],
    *,
    warn: Sequence[bool] = (),
    sortable: bool = True,
) -> None:
    """Replace the table's rows in the service's order (headers sort afterwards if `sortable`);
    numbers right-aligned, warned rows red."""
    table.setSortingEnabled(False)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        red = r < len(warn) and warn[r]
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, int | float):
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if red:
                item.setForeground(QBrush(WARNING_RED))
            table.setItem(r, c, item)
    table.setSortingEnabled(sortable)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
