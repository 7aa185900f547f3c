"""Writes the audit trail from inside every flush, so no write can forget it.

Runs in `after_flush`, when primary keys are known and attribute history is still there; the
audit rows go out through the same connection, i.e. the same transaction as the change itself.
A write in a session without an audit context (who, and through which door) is refused.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from fpr_desktop.base.changes import record
from fpr_desktop.base.models.columns import utcnow

SKIPPED_FIELDS = frozenset({"version"})


def audit_text(value: Any) -> str | None:
    """How a value is written into the audit log (exact: Decimal and dates as text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, int)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _row_id(obj: Any) -> str:
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in identity)


def _fields(obj: Any) -> list[str]:
    excluded = set(getattr(obj, "audit_exclude", ())) | SKIPPED_FIELDS
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in excluded]


def _snapshot(obj: Any) -> str:
    values = {key: audit_text(getattr(obj, key)) for key in _fields(obj)}
    return json.dumps(values, ensure_ascii=False)


def _rows_for(session: Session) -> list[dict[str, Any]]:
    from fpr_desktop.base.models.system import AuditLog

    base: list[tuple[str, Any]] = []
    for obj in session.new:
        base.append(("insert", obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            base.append(("update", obj))
    for obj in session.deleted:
        base.append(("delete", obj))
    base = [(a, o) for a, o in base if not isinstance(o, AuditLog)]
    if not base:
        return []
    record(session, {o.__table__.name for _a, o in base})
    ctx = session.info.get("audit")
    if ctx is None:
        raise RuntimeError("写入数据库必须说明操作人和来源（缺少审计上下文）")
    now = utcnow()
    common = {"at": now, "user_id": ctx.user_id, "username": ctx.username, "source": ctx.source}
    batch = session.info.get("audit_batch")
    rows: list[dict[str, Any]] = []
    for action, obj in base:
        head = {
            **common,
            "table_name": obj.__table__.name,
            "row_id": _row_id(obj),
            "action": action,
            "division_id": getattr(obj, "audit_division_id", None),
            "batch": batch,
        }
        if action == "insert":
            rows.append({**head, "field": None, "old_value": None, "new_value": _snapshot(obj)})
        elif action == "delete":
            rows.append({**head, "field": None, "old_value": _snapshot(obj), "new_value": None})
        else:
            state = inspect(obj)
            for key in _fields(obj):
                hist = state.attrs[key].history
                if not hist.has_changes():
                    continue
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old == new:
                    continue
                rows.append(
                    {
                        **head,
                        "field": key,
                        "old_value": audit_text(old),
                        "new_value": audit_text(new),
                    }
                )
    return rows


def _after_flush(session: Session, _flush_context: Any) -> None:
    rows = _rows_for(session)
    if rows:
        from fpr_desktop.base.models.system import AuditLog

        session.connection().execute(insert(AuditLog), rows)


def install_audit_hook(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_flush", _after_flush)
