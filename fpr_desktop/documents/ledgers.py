"""Ledgers (台账) as documents: a title, an optional subtitle line and one long table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.documents.model import Column, Document, Orientation, Table


def make_ledger(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Any],
    *,
    subtitle: str = "",
    unit: MoneyUnit = MoneyUnit.WAN,
    decimals: int = 2,
    orientation: Orientation = Orientation.LANDSCAPE,
    issuers: Sequence[str] = (),
    made_on: date | None = None,
    note: str = "",
) -> Document:
    """A ledger export in the official layout: header on every page, 合计 row, page numbers."""
    caption = f"单位：{unit.value}" if any(c.total for c in columns) else ""
    return Document(
        title=title,
        subtitle=subtitle,
        orientation=orientation,
        preamble=[Table(columns, rows, unit=unit, decimals=decimals, caption=caption, note=note)],
        issuers=list(issuers),
        date=made_on,
        seal_space=False,
    )
