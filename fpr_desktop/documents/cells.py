"""What a table cell shows and what a column sums to (no reportlab: notices use it too)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fpr_desktop.base.money import MoneyUnit, format_amount, to_decimal
from fpr_desktop.documents.model import Column, ColumnKind, Table
from fpr_desktop.documents.textfmt import field_value, plain_text


def cell_text(column: Column, value: Any, unit: MoneyUnit, decimals: int) -> str:
    """What a cell shows: amounts via money.format_amount, the rest as plain text."""
    if column.kind == ColumnKind.AMOUNT:
        return "" if value is None else format_amount(to_decimal(value), unit, decimals)
    return plain_text(value)


def column_title(column: Column, unit: MoneyUnit) -> str:
    return column.title.format(unit=unit.value)


def column_totals(table: Table) -> dict[int, Decimal]:
    """Exact sums (Decimal) of the columns marked `total`, by column index."""
    totals: dict[int, Decimal] = {}
    for i, col in enumerate(table.columns):
        if not col.total:
            continue
        s = Decimal(0)
        for row in table.rows:
            value = field_value(row, col.key)
            if value is not None and value != "":
                s += to_decimal(value)
        totals[i] = s
    return totals
