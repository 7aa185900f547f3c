"""Short lists of the assets screens (history, income, inspections, plans, breaks) in a table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ui.common.money import RIGHT, MoneyFormat
from ui.common.widgets import table_widget

Cell = str | int | Decimal | date | None


class _Item(QTableWidgetItem):
    """Sorts by the value it shows (amounts and dates as such, not as text)."""

    def __init__(self, value: Cell) -> None:
        if isinstance(value, Decimal):
            text = MoneyFormat.current().text(value)
        else:
            text = "" if value is None else str(value)
        super().__init__(text)
        self.key: tuple[int, object] = (
            (0, value) if isinstance(value, (int, Decimal, date)) else (1, text)
        )
        if isinstance(value, (int, Decimal)):
            self.setTextAlignment(RIGHT)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _Item) and self.key[0] == other.key[0]:
            try:
                return bool(self.key[1] < other.key[1])  # type: ignore[operator]
            except TypeError:
                pass
        return super().__lt__(other)


def short_table(parent: QWidget, columns: Sequence[str], stretch: int = -1) -> QTableWidget:
    table = table_widget(parent, list(columns))
    table.setSortingEnabled(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill(table: QTableWidget, rows: Sequence[Sequence[Cell]], ids: Sequence[int] = ()) -> None:
    """Replace the rows; `ids` (one a row) are kept under Qt.UserRole of the first cell."""
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = _Item(value)
            if c == 0 and ids:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)
    table.setSortingEnabled(True)


def row_id(table: QTableWidget, row: int | None = None) -> int | None:
    """The id kept with a row (the current row when none is given)."""
    r = table.currentRow() if row is None else row
    item = table.item(r, 0) if r >= 0 else None
    if item is None or not table.selectedItems():
        return None
    value = item.data(Qt.ItemDataRole.UserRole)
    return int(value) if value is not None else None


def column_texts(table: QTableWidget, c: int) -> list[str]:
    return [item.text() if (item := table.item(r, c)) else "" for r in range(table.rowCount())]
