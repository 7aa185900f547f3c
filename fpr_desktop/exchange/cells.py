"""Writing stored or imported text into a workbook safely: characters Excel cannot hold are
dropped (exports never crash on stored text) and text that looks like a formula (`=`, `+`,
`-`, `@`) is written as text, never as a live formula, so it re-imports as the same text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# what openpyxl refuses (IllegalCharacterError) and Excel cannot store
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@")


def safe_text(value: Any) -> Any:
    """`value` with characters a workbook cannot hold removed (non-text values unchanged)."""
    if isinstance(value, str) and _ILLEGAL.search(value):
        return _ILLEGAL.sub("", value)
    return value


def as_text(cell: Any) -> Any:
    """Make a cell holding formula-like text a plain text cell; returns the cell."""
    if cell.data_type == "f" or (
        isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)
    ):
        cell.data_type = "s"
    return cell


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """ws.cell(row, column, value) for text that came from a user or the database."""
    return as_text(ws.cell(row=row, column=column, value=safe_text(value)))


def append(ws: Any, values: Iterable[Any]) -> None:
    """ws.append(values) with the same care as `put`."""
    ws.append([safe_text(v) for v in values])
    for cell in ws[ws.max_row]:
        as_text(cell)
