"""The audit trail: events that are not row changes, and the filtered, paged audit list."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.labels import HIDDEN_IN_SNAPSHOTS, field_label
from fpr_desktop.base.models import AuditLog, Division
from fpr_desktop.base.models.orm import Base
from fpr_desktop.base.paging import Column, IdPage, Totals, keyset_page
from fpr_desktop.base.permissions import require
from fpr_desktop.base.registry import load_models

ACTION_LABELS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "login": "登录",
    "login_fail": "登录失败",
    "refused": "拒绝越权操作",
    "password": "修改密码",
    "restore": "恢复数据库",
    "undo": "撤销",
}
SOURCE_LABELS = {"ui": "界面", "import": "导入", "cli": "命令行", "system": "系统"}


def readable(value: str | None, field: str | None) -> str:
    """An audit value as a clerk reads it: snapshots (field None) as 名称：值；… in Chinese."""
    if value is None:
        return ""
    if field is not None or not value.startswith("{"):
        return value
    try:
        data = json.loads(value)
    except ValueError:
        return value
    parts = [
        f"{field_label(k)}：{v}"
        for k, v in data.items()
        if k not in HIDDEN_IN_SNAPSHOTS and v not in (None, "")
    ]
    return "；".join(parts)


def table_labels() -> dict[str, str]:
    """Chinese names of every table, declared once on each model (`label_zh`)."""
    load_models()  # every module's tables, not only those imported so far
    labels: dict[str, str] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        labels[cls.__table__.name] = getattr(cls, "label_zh", cls.__table__.name)
    return labels


@dataclass(frozen=True)
class AuditFilter:
    """What the audit viewer is filtered by; dates are local calendar days, inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    user_id: int | None = None
    table_name: str | None = None
    division_id: int | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        if self.date_from is not None:
            stmt = stmt.where(AuditLog.at >= _local_midnight_utc(self.date_from))
        if self.date_to is not None:
            stmt = stmt.where(AuditLog.at < _local_midnight_utc(self.date_to + timedelta(days=1)))
        if self.user_id is not None:
            stmt = stmt.where(AuditLog.user_id == self.user_id)
        if self.table_name:
            stmt = stmt.where(AuditLog.table_name == self.table_name)
        if self.division_id is not None:
            stmt = stmt.where(AuditLog.division_id == self.division_id)
        return stmt


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


AUDIT_COLUMNS: tuple[Column, ...] = (
    Column("at", "时间", "datetime", 140),
    Column("username", "用户", width=90),
    Column("source", "来源", width=60),
    Column("table", "数据表", width=90),
    Column("row_id", "记录号", width=70),
    Column("action", "操作", width=60),
    Column("field", "字段", width=100),
    Column("old_value", "原值", width=200),
    Column("new_value", "新值", width=260),
    Column("division", "区划", width=90),
)


class AuditSource:
    """The audit log as a lazy list, newest first (keyset on id; the log only grows)."""

    columns: Sequence[Column] = AUDIT_COLUMNS

    def __init__(self, session: Session, actor: Actor, flt: AuditFilter | None = None) -> None:
        require(session, actor, "audit.read")
        self.filter = flt or AuditFilter()
        self._tables = table_labels()

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        stmt = self.filter.apply(select(AuditLog.id))
        return keyset_page(session, stmt, (AuditLog.id,), after, limit)

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        stmt = (
            select(AuditLog, Division.name)
            .outerjoin(Division, Division.id == AuditLog.division_id)
            .where(AuditLog.id.in_(list(ids)))
        )
        out: dict[int, tuple[Any, ...]] = {}
        for log, division_name in session.execute(stmt):
            out[log.id] = (
                log.at,
                log.username,
                SOURCE_LABELS.get(log.source, log.source),
                self._tables.get(log.table_name, log.table_name),
                log.row_id,
                ACTION_LABELS.get(log.action, log.action),
                field_label(log.field) if log.field else "",
                readable(log.old_value, log.field),
                readable(log.new_value, log.field),
                division_name or "",
            )
        return out

    def totals(self, session: Session) -> Totals:
        count = session.scalar(self.filter.apply(select(func.count(AuditLog.id))))
        return Totals(int(count or 0))


def audit_users(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """(user id, name) pairs that appear in the log, for the viewer's user filter."""
    require(session, actor, "audit.read")
    from fpr_desktop.base.models import User

    return [(u.id, u.display_name or u.username) for u in session.scalars(select(User))]


EXPORT_BLOCK = 5_000


def export_audit(
    session: Session,
    actor: Actor,
    flt: AuditFilter,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the filtered audit log to an .xlsx file (streamed); returns the rows written."""
    from openpyxl import Workbook  # imported where used: keeps program start fast

    source = AuditSource(session, actor, flt)
    total = source.totals(session).count
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("审计日志")
    ws.append(["审计日志"])
    ws.append([f"导出人：{actor.display_name}", f"导出时间：{datetime.now():%Y-%m-%d %H:%M}"])
    ws.append([c.title for c in source.columns])
    written, after = 0, None
    while True:
        page = source.fetch_ids(session, after, EXPORT_BLOCK)
        rows = source.fetch_rows(session, page.ids)
        for row_id in page.ids:
            values = list(rows[row_id])
            values[0] = values[0].astimezone().strftime("%Y-%m-%d %H:%M:%S")
            ws.append(values)
        written += len(page.ids)
        if progress is not None:
            progress(written, total)
        if page.next_key is None:
            break
        after = page.next_key
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return written
