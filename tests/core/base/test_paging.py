"""Keyset blocks for exports: every row once, in id order, whatever the block size."""

from __future__ import annotations

from sqlalchemy import select

from fpr_desktop.base.models import Division
from fpr_desktop.base.paging import driver_blocks


def test_driver_blocks_give_every_row_once_in_order(database) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        villages = list(
            s.scalars(select(Division.id).where(Division.level == "village").order_by(Division.id))
        )
        assert len(villages) >= 10
        stmt = select(Division.id, Division.name).where(Division.level == "village")
        for batch in (1, 5, len(villages), len(villages) + 1, len(villages) // 2):
            blocks = list(driver_blocks(s, stmt, Division.id, batch))
            assert all(0 < len(b) <= batch for b in blocks)
            assert [r[0] for b in blocks for r in b] == villages
        assert list(driver_blocks(s, stmt.where(Division.id < 0), Division.id, 5)) == []
