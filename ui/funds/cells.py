"""Table cells of the funds pages: amounts that sort by value, not by their text."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from ui.common.money import MoneyFormat

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class SortItem(QTableWidgetItem):
    """A cell whose header sort uses `key` (an amount, a number) instead of its text."""

    def __init__(self, text: str, key: float | str | None = None) -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, text if key is None else key)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None or type(mine) is not type(theirs):
            return super().__lt__(other)
        return bool(mine < theirs)


def money_item(amount: Decimal | None) -> SortItem:
    """An amount in the screen's unit, right-aligned, sorting by its value."""
    item = SortItem(MoneyFormat.current().text(amount), float(amount or 0))
    item.setTextAlignment(RIGHT)
    return item
