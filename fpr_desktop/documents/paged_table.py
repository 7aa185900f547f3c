"""A long table that is cut page by page from row heights measured once.

reportlab's Table/LongTable re-measures (and re-computes spans of) the whole remaining table at
every page break, which is quadratic: a 5,000-row ledger took ~25 s. PagedTable measures each
row once and hands the frame one small Table (header + the rows that fit) per page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus import Table as RLTable

Cmd = tuple[Any, ...]
_EPS = 0.5  # points of slack so that rounding never makes a page's chunk too tall


class PagedTable(Flowable):
    """Header row(s) repeated on every page; `row_cmds[i]` style body row i (row index -> i)."""

    def __init__(
        self,
        header: Sequence[Sequence[Any]],
        rows: Sequence[Sequence[Any]],
        col_widths: Sequence[float],
        cmds: Sequence[Cmd],
        *,
        pads: tuple[float, float, float, float],
        leading: float,
        row_cmds: dict[int, list[Cmd]] | None = None,
        spans: dict[int, int] | None = None,
        heights: Sequence[float] | None = None,
        header_heights: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        self.header = [list(r) for r in header]
        self.rows = rows
        self.col_widths = list(col_widths)
        self.cmds = list(cmds)
        self.pads = pads  # left, right, top, bottom
        self.leading = leading
        self.row_cmds = row_cmds or {}
        self.spans = spans or {}
        self.hAlign = "CENTER"
        self.width = sum(self.col_widths)
        self.header_heights = list(header_heights or [self._measure(r, None) for r in self.header])
        self.heights = list(
            heights
            if heights is not None
            else [self._measure(r, self.spans.get(i)) for i, r in enumerate(rows)]
        )

    def _measure(self, row: Sequence[Any], span: int | None) -> float:
        left, right, top, bottom = self.pads
        tallest = 0.0
        for c, cell in enumerate(row):
            width = self.col_widths[c]
            if c == 0 and span:
                width = sum(self.col_widths[:span])
            if hasattr(cell, "wrap"):
                h = cell.wrap(width - left - right, 1e6)[1]
            else:
                h = (str(cell).count("\n") + 1) * self.leading if cell not in (None, "") else 0
            tallest = max(tallest, h)
        return tallest + top + bottom

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = sum(self.header_heights) + sum(self.heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - sum(self.header_heights) - _EPS
        used = 0.0
        count = 0
        for h in self.heights:
            if used + h > room:
                break
            used += h
            count += 1
        if count == 0:
            return []  # not even one row fits: the frame moves on to the next page
        if count == len(self.rows):
            return [self.chunk(0, count)]
        if len(self.rows) - count == 1 and count > 1:
            count -= 1  # the last row (often 合计) never stands alone under a repeated header
        return [self.chunk(0, count), self._rest(count)]

    def _rest(self, start: int) -> PagedTable:
        return PagedTable(
            self.header,
            self.rows[start:],
            self.col_widths,
            self.cmds,
            pads=self.pads,
            leading=self.leading,
            row_cmds={i - start: c for i, c in self.row_cmds.items() if i >= start},
            spans={i - start: s for i, s in self.spans.items() if i >= start},
            heights=self.heights[start:],
            header_heights=self.header_heights,
        )

    def chunk(self, start: int, end: int) -> RLTable:
        """An ordinary Table of the header plus body rows start..end-1."""
        offset = len(self.header) - start
        cmds = list(self.cmds)
        for i in range(start, end):
            for cmd in self.row_cmds.get(i, ()):
                cmds.append(_at_row(cmd, i + offset))
        table = RLTable(
            [*self.header, *(list(r) for r in self.rows[start:end])],
            colWidths=self.col_widths,
            rowHeights=[*self.header_heights, *self.heights[start:end]],
            repeatRows=len(self.header),
            hAlign="CENTER",
        )
        table.setStyle(cmds)
        return table

    def draw(self) -> None:
        table = self.chunk(0, len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


def _at_row(cmd: Cmd, row: int) -> Cmd:
    """A style command written for "this row" (row index -1 placeholder) moved to `row`."""
    name, (c0, _), (c1, _), *rest = cmd
    return (name, (c0, row), (c1, row), *rest)
