"""The contract between lists in the GUI and queries in the core: columns, keyset pages of ids,
and row values fetched by id.

A list never loads everything: it asks for the next block of ids after the last sort key it has
seen (keyset pagination, so page 5,000 costs what page 1 costs), and it asks for the values of the
rows it is about to show. Filtering, sorting and totals happen in SQL inside the source.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

Align = Literal["left", "right", "center"]
Kind = Literal["text", "int", "money", "date", "datetime", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of a list: its key, its Chinese title and how its values are shown."""

    key: str
    title: str
    kind: Kind = "text"
    width: int | None = None

    @property
    def align(self) -> Align:
        return "right" if self.kind in ("int", "money") else "left"


@dataclass(frozen=True)
class IdPage:
    """A block of row ids in display order, and the sort key to continue after (None: no more)."""

    ids: list[int]
    next_key: tuple[Any, ...] | None


@dataclass
class Totals:
    """Footer figures for the whole filtered list (not just the loaded part)."""

    count: int
    sums: dict[str, Any] = field(default_factory=dict)


class RowSource(Protocol):
    """What a lazy list needs from the core. Implementations live in services/."""

    columns: Sequence[Column]

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        """The next `limit` ids in display order after sort key `after` (None: from the start)."""
        ...

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        """Values for the given ids, one tuple per id aligned with `columns`."""
        ...

    def totals(self, session: Session) -> Totals:
        """Row count (and sums of money columns) of the whole filtered list."""
        ...


def keyset_page(
    session: Session,
    stmt: Select[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    after: tuple[Any, ...] | None,
    limit: int,
) -> IdPage:
    """The next block of ids of the filtered `stmt`, newest first — keyset paging written once.

    `order` are the sort columns, descending, the row id last (unique, so no row is skipped or
    repeated); `after` is the previous block's `next_key`. The condition is spelt out
    (a < x OR (a = x AND id < y)) so both databases use the index on the sort columns.
    """
    stmt = stmt.with_only_columns(*order, maintain_column_froms=True)
    if after is not None:
        stmt = stmt.where(_before(order, after))
    rows = session.execute(stmt.order_by(*(c.desc() for c in order)).limit(limit)).all()
    ids = [r[-1] for r in rows]
    return IdPage(ids, tuple(rows[-1]) if len(rows) == limit else None)


def _before(
    order: Sequence[InstrumentedAttribute[Any]], key: tuple[Any, ...]
) -> ColumnElement[bool]:
    first, rest = order[0], order[1:]
    if not rest:
        return first < key[0]
    return or_(first < key[0], and_(first == key[0], _before(rest, key[1:])))


def driver_blocks(
    session: Session, stmt: Select[Any], row_id: InstrumentedAttribute[int], batch: int = 5000
) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Every row of `stmt` in ascending `row_id` order (its first column), as blocks of at most
    `batch` rows (keyset on the id, so each block costs what the first does; memory stays flat).
    The rows are the database driver's own tuples: no SQLAlchemy row objects and no type
    conversion (money stays integer 分; a date is ISO text on SQLite and a
    date on PostgreSQL). For the few exports where that costs a third of the time (the county
    asset ledger, 300,000 rows); the statement is compiled once and run per block."""
    paged = stmt.where(row_id > bindparam("fpr_after", type_=Integer)).order_by(row_id)
    compiled = paged.limit(batch).compile(dialect=session.connection().dialect)
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        last = 0
        while True:
            params = compiled.construct_params({"fpr_after": last})
            if compiled.positional:
                cursor.execute(compiled.string, [params[k] for k in compiled.positiontup or ()])
            else:
                cursor.execute(compiled.string, params)
            block = cursor.fetchall()
            if block:
                yield block
            if len(block) < batch:
                return
            last = block[-1][0]
    finally:
        cursor.close()
