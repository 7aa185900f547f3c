"""Bulk writes for imports: Core inserts that hand back ids, and a driver-level executemany for
the big simple tables (fundings, targets, audit rows, the undo journal), audited explicitly."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from fpr_desktop.base.changes import record
from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import AuditLog
from fpr_desktop.base.models.columns import utcnow
from fpr_desktop.db.audit_hook import audit_text

BLOCK = 5000


def table_of(model: type) -> Table:
    """The Core table of a mapped class (for bulk inserts that bypass the ORM)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def json_value(value: Any) -> Any:
    """A value as JSON can hold it exactly (Decimal and dates as text)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Core-insert `rows` and return their new ids, in order.

    SQLite runs INSERT … RETURNING with a guaranteed order one row at a time; instead, inside
    our write transaction (BEGIN IMMEDIATE: nobody else inserts) a table with an INTEGER
    PRIMARY KEY hands out max(id)+1, +2, … (documented SQLite behaviour), checked afterwards.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name != "sqlite":
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [r[0] for r in session.execute(stmt, rows)]
    before = session.scalar(select(func.max(table.c.id))) or 0
    session.execute(insert(table), rows)
    after = session.scalar(select(func.max(table.c.id))) or 0
    if after != before + len(rows):
        raise RuntimeError(f"{table.name}: 新增 {len(rows)} 行后编号不连续（{before}→{after}）")
    return list(range(before + 1, after + 1))


def fast_insert(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert plain rows (one value per column, every column given) through the driver's
    executemany; each column's type conversion (Money → 分, dates) is applied here.

    SQLAlchemy's per-row parameter handling costs seconds for 100,000-row imports.
    """
    conn = session.connection()
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    procs = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    convert = [(i, p) for i, p in enumerate(procs) if p is not None]
    order = (
        [list(columns).index(k) for k in compiled.positiontup or ()]
        if compiled.positional
        else None
    )
    sql = str(compiled)
    batch: list[Any] = []
    count = 0
    for row in rows:
        values = list(row)
        for i, proc in convert:
            if values[i] is not None:
                values[i] = proc(values[i])
        batch.append(
            tuple(values[i] for i in order)
            if order is not None
            else dict(zip(columns, values, strict=True))
        )
        if len(batch) == BLOCK:
            conn.exec_driver_sql(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


AUDIT_COLUMNS = (
    "at",
    "user_id",
    "username",
    "source",
    "table_name",
    "row_id",
    "action",
    "field",
    "old_value",
    "new_value",
    "division_id",
    "batch",
)


def audit_core_rows(
    session: Session,
    actor: Actor,
    table_name: str,
    action: str,
    records: Iterable[tuple[int, int | None, dict[str, Any]]],
    batch: str,
) -> int:
    """Audit rows for Core writes (the flush hook never sees them): one per record.

    records: (row id, division id, values) — values become the new (insert) or old (delete) value.
    """
    record(session, (table_name,))
    now = utcnow()
    delete = action == "delete"
    head = (now, actor.user_id, actor.username, actor.source, table_name)

    def rows() -> Iterable[tuple[Any, ...]]:
        for row_id, division_id, values in records:
            text = json.dumps(
                {
                    k: v if v is None or v.__class__ is str else audit_text(v)
                    for k, v in values.items()
                },
                ensure_ascii=False,
            )
            yield (
                *head,
                str(row_id),
                action,
                None,
                text if delete else None,
                None if delete else text,
                division_id,
                batch,
            )

    return fast_insert(session, table_of(AuditLog), AUDIT_COLUMNS, rows())
