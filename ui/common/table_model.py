"""The one lazy table model: every list view shows a `RowSource` through it (house rule 8).

Modelled on Anki's qt/aqt/browser/table/model.py: the model holds only the row ids, in display
order, in a compact `array('q')` (8 bytes a row: 8 MB for 1,000,000 rows), and keeps row values in
an LRU cache of blocks bounded by `cache_rows`, so memory stays flat however far the user scrolls.
Filtering and sorting live in the source (SQL); to change them, build a new source and `reset()`.

What runs on the GUI thread, and why:
- `fetchMore()` (called by the view when the user scrolls near the end) and `reset()`: ONE keyset
  query for the next `id_block` (500) ids — an index range scan that costs the same at row
  900,000 as at row 0 (about a millisecond on SQLite).
- `data()` for a row not in the cache: ONE primary-key `IN (...)` query for that row's block of
  `row_block` (100) rows, i.e. about a screenful.
Qt asks for row counts and cell values synchronously, so these cannot be deferred; they are small,
bounded reads, and reads never wait for a writer (SQLite in WAL mode, PostgreSQL MVCC). They are
the only database work allowed on the GUI thread.

NOT on the GUI thread: `totals()` (COUNT/SUM over the whole filtered list, which can take hundreds
of milliseconds over a million rows). It touches no Qt state, so run it through the op runner:
`runner.run(lambda ctx: model.totals(), on_success=show_footer)`.

Read failures are logged and reported once through `load_failed`, never raised into Qt's paint.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.paging import Column, Kind, RowSource, Totals
from ui.common.money import MoneyFormat

log = logging.getLogger(__name__)

SessionFactory = Callable[[], AbstractContextManager[Session]]
AnyIndex = QModelIndex | QPersistentModelIndex

_ROOT = QModelIndex()  # the invisible root: a flat table has no other parent

#: data(index, RAW_VALUE_ROLE) gives the unformatted value (Decimal, date, …) of a cell.
RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole

_ALIGNMENT = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
}


def format_value(kind: Kind, value: Any) -> str:
    """A cell value as text for people: money 1,234.50; date 2021-07-22; datetime in local time."""
    if value is None:
        return ""
    if kind == "money":
        return MoneyFormat.current().text(value)
    if kind == "bool":
        return "是" if value else "否"
    if kind == "datetime" and isinstance(value, datetime):
        # Timestamps are stored in UTC; a naive one (e.g. from SQLite) is UTC too.
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone().strftime("%Y-%m-%d %H:%M")
    if kind == "date" and isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


class LazyTableModel(QAbstractTableModel):
    """Rows of a RowSource, fetched by keyset blocks of ids and cached row blocks."""

    #: A read failed (the exception); the list shows what it has. Emitted once per failed block.
    load_failed = Signal(object)

    def __init__(
        self,
        session_factory: SessionFactory,
        source: RowSource,
        *,
        id_block: int = 500,
        row_block: int = 100,
        cache_rows: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        if id_block < 1 or row_block < 1 or cache_rows < row_block:
            raise ValueError("need id_block ≥ 1, row_block ≥ 1 and cache_rows ≥ row_block")
        super().__init__(parent)
        self._session_factory = session_factory
        self._source = source
        self._id_block = id_block
        self._row_block = row_block
        self._cache_rows = cache_rows
        self._ids = array("q")
        self._next_key: tuple[Any, ...] | None = None
        self._exhausted = False
        self._blocks: OrderedDict[int, list[tuple[Any, ...] | None]] = OrderedDict()
        self._cached = 0
        self.reset()

    # --- public API ------------------------------------------------------------------------

    @property
    def source(self) -> RowSource:
        return self._source

    @property
    def columns(self) -> Sequence[Column]:
        return self._source.columns

    @property
    def all_loaded(self) -> bool:
        """True once every id of the list is loaded (rowCount() is then the full count)."""
        return self._exhausted

    @property
    def cache_size(self) -> int:
        """Number of row tuples currently cached (never more than `cache_capacity`)."""
        return self._cached

    @property
    def cache_capacity(self) -> int:
        return self._cache_rows

    def reset(self, source: RowSource | None = None) -> None:
        """Replace the source (filter/sort changed; None: same source) and reload from the top."""
        self.beginResetModel()
        if source is not None:
            self._source = source
        self._ids = array("q")
        self._next_key = None
        self._exhausted = False
        self._drop_cache()
        self.endResetModel()
        self.fetchMore()

    def refresh_rows(self) -> None:
        """Forget cached values (rows were edited) so visible rows are read again; ids stay."""
        self._drop_cache()
        if self._ids:
            last = self.index(len(self._ids) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row_id(self, row: int) -> int:
        """The id of the row shown at `row` (IndexError if not loaded)."""
        return self._ids[row]

    def row_of_id(self, row_id: int) -> int | None:
        """Where the row with this id is shown among the loaded rows, if it is loaded."""
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """The raw values of a loaded row (None if the row vanished meanwhile)."""
        if not 0 <= row < len(self._ids):
            raise IndexError(row)
        return self._row_values(row)

    def totals(self) -> Totals:
        """Count and sums of the whole filtered list. Slow on big lists: call it in an op."""
        source = self._source  # captured: reset() may swap it while this runs in the worker
        with self._session_factory() as session:
            return source.totals(session)

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: AnyIndex = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = _ROOT) -> None:
        if parent.isValid() or self._exhausted:
            return
        try:
            with self._session_factory() as session:
                page = self._source.fetch_ids(session, self._next_key, self._id_block)
        except Exception as exc:
            log.exception("读取列表失败")
            self._exhausted = True  # no retry storm from the view; reset() tries again
            self.load_failed.emit(exc)
            return
        self._next_key = page.next_key
        self._exhausted = page.next_key is None or not page.ids
        if not page.ids:
            return
        first = len(self._ids)
        if first % self._row_block:
            # The last cached block was short; it grows now, so read it again when needed.
            self._forget_block(first // self._row_block)
        self.beginInsertRows(QModelIndex(), first, first + len(page.ids) - 1)
        self._ids.extend(page.ids)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = self._row_values(index.row())
            return "" if values is None else format_value(column.kind, values[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[column.align]
        if role == RAW_VALUE_ROLE:
            values = self._row_values(index.row())
            return None if values is None else values[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                if column.kind == "money" and "（" not in column.title:
                    return MoneyFormat.current().title(column.title)  # 总投资（万元）
                return column.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _ALIGNMENT[column.align]
            return None
        return super().headerData(section, orientation, role)

    # --- row cache -------------------------------------------------------------------------

    def _row_values(self, row: int) -> tuple[Any, ...] | None:
        block_no, offset = divmod(row, self._row_block)
        block = self._blocks.get(block_no)
        if block is None:
            block = self._load_block(block_no)
        else:
            self._blocks.move_to_end(block_no)
        return block[offset]

    def _load_block(self, block_no: int) -> list[tuple[Any, ...] | None]:
        start = block_no * self._row_block
        ids = self._ids[start : start + self._row_block].tolist()
        try:
            with self._session_factory() as session:
                rows = self._source.fetch_rows(session, ids)
        except Exception as exc:
            log.exception("读取列表数据失败")
            self.load_failed.emit(exc)
            rows = {}  # cached as empty rows so a repaint does not retry (and fail) in a loop
        block = [rows.get(row_id) for row_id in ids]
        self._blocks[block_no] = block
        self._cached += len(block)
        while self._cached > self._cache_rows:
            _, evicted = self._blocks.popitem(last=False)
            self._cached -= len(evicted)
        return block

    def _forget_block(self, block_no: int) -> None:
        if (block := self._blocks.pop(block_no, None)) is not None:
            self._cached -= len(block)

    def _drop_cache(self) -> None:
        self._blocks.clear()
        self._cached = 0
