"""The submission register (报送登记): which towns submitted which workbook for which period,
late or missing ones, every version of a re-submission, the original file, and undo.

Imports record here (services.exchange_kinds_import); undo reverses one import as a whole and
refuses when any of its rows was changed since.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, undefer

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.events import record_event
from fpr_desktop.base.models import Division
from fpr_desktop.base.models.columns import utcnow
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.submissions.kinds import get_kind
from fpr_desktop.submissions.models import (
    SUBMISSION_STATES,
    ColumnMapping,
    Submission,
    SubmissionItem,
    SubmissionTown,
)

STATUS_LABELS = {
    "on_time": "已报送",
    "late": "逾期报送",
    "overdue": "逾期未报",
    "missing": "未报送",
}


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    kind: str
    kind_title: str
    town_id: int | None
    town_name: str
    year: int | None
    month: int | None
    sequence: int
    file_name: str
    sha256: str
    size: int
    username: str
    submitted_at: datetime
    created: int
    updated: int
    unchanged: int
    warnings: int
    status: str
    undone_at: datetime | None
    undone_by: str

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.month)

    @property
    def status_label(self) -> str:
        return SUBMISSION_STATES.get(self.status, self.status)

    @property
    def version_label(self) -> str:
        return f"第 {self.sequence} 版"

    def describe(self) -> str:
        """“固关镇 2025年 第 2 版（张三 2025-01-02 10:30 导入）”."""
        at = self.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
        where = self.town_name or "全县"
        return f"{where} {self.period_label} {self.version_label}（{self.username} {at} 导入）"


@dataclass(frozen=True)
class TownStatus:
    """One town's line in the register view for a kind and period."""

    town_id: int
    town_name: str
    status: str  # on_time / late / overdue / missing
    due: date | None
    latest: SubmissionRow | None
    versions: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def period_label(year: int | None, month: int | None) -> str:
    if year is None:
        return ""
    return f"{year}年{month}月" if month else f"{year}年"


def _row(s: Submission, town_names: dict[int, str]) -> SubmissionRow:
    return SubmissionRow(
        s.id,
        s.kind,
        get_kind(s.kind).title,
        s.town_id,
        town_names.get(s.town_id or 0, ""),
        s.year,
        s.month,
        s.sequence,
        s.file_name,
        s.sha256,
        s.size,
        s.username,
        s.submitted_at,
        s.created,
        s.updated,
        s.unchanged,
        s.warnings,
        s.status,
        s.undone_at,
        s.undone_by,
    )


def _town_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Division.id, Division.name)).all())


def list_submissions(
    session: Session,
    actor: Actor,
    *,
    kind: str | None = None,
    town_id: int | None = None,
    year: int | None = None,
    month: int | None = None,
) -> list[SubmissionRow]:
    """Submissions newest first (a town user sees only their town's)."""
    require_role(actor, "read")
    stmt = select(Submission)
    if kind is not None:
        stmt = stmt.where(Submission.kind == kind)
    for town in (town_id, actor.scope_town_id):
        if town is not None:  # the town's own files and county-wide files holding its rows
            covering = select(SubmissionTown.submission_id).where(SubmissionTown.town_id == town)
            stmt = stmt.where(or_(Submission.town_id == town, Submission.id.in_(covering)))
    if year is not None:
        stmt = stmt.where(Submission.year == year)
    if month is not None:
        stmt = stmt.where(Submission.month == month)
    names = _town_names(session)
    subs = list(session.scalars(stmt.order_by(Submission.id.desc())))
    covered = covered_towns(session, [s.id for s in subs if s.town_id is None])
    rows = []
    for s in subs:
        row = _row(s, names)
        if s.id in covered:
            row = replace(row, town_name="、".join(names[t] for t in covered[s.id]))
        rows.append(row)
    return rows


def covered_towns(session: Session, ids: list[int]) -> dict[int, list[int]]:
    """Submission id → the towns a county-wide file holds rows of."""
    out: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), 900):
        q = select(SubmissionTown.submission_id, SubmissionTown.town_id).where(
            SubmissionTown.submission_id.in_(ids[start : start + 900])
        )
        for sid, tid in session.execute(q.order_by(SubmissionTown.id)):
            out[sid].append(tid)
    return out


def get_submission(session: Session, actor: Actor, submission_id: int) -> SubmissionRow:
    s = _get(session, actor, submission_id)
    return _row(s, _town_names(session))


def _get(session: Session, actor: Actor, submission_id: int) -> Submission:
    require_role(actor, "read")
    s = session.get(Submission, submission_id)
    if s is None or (actor.scope_town_id is not None and s.town_id != actor.scope_town_id):
        raise NotFound("该报送记录不存在。")
    return s


def submission_file(session: Session, actor: Actor, submission_id: int) -> tuple[str, bytes]:
    """The original file as it was imported: (file name, bytes)."""
    _get(session, actor, submission_id)
    s = session.scalars(
        select(Submission)
        .options(undefer(Submission.content))
        .where(Submission.id == submission_id)
    ).one()
    return s.file_name, s.content


def town_status(
    session: Session,
    actor: Actor,
    kind: str,
    year: int | None = None,
    month: int | None = None,
    *,
    today: date | None = None,
) -> list[TownStatus]:
    """Per town: 已报送 / 逾期报送 / 逾期未报 / 未报送 for one kind and period, with versions."""
    require_role(actor, "read")
    k = get_kind(kind)
    due = k.due_date(session, year, month)
    today = today or date.today()
    towns = session.execute(
        select(Division.id, Division.name)
        .where(Division.level == "town", Division.active.is_(True))
        .order_by(Division.sort_order, Division.id)
    ).all()
    if actor.scope_town_id is not None:
        towns = [t for t in towns if t.id == actor.scope_town_id]
    subs = list_submissions(session, actor, kind=kind, year=year, month=month)
    by_town: dict[int, list[SubmissionRow]] = defaultdict(list)
    covered = covered_towns(session, [s.id for s in subs if s.town_id is None])
    for s in subs:
        if s.status != "imported" or s.month != month:
            continue
        for town in [s.town_id] if s.town_id is not None else covered.get(s.id, []):
            by_town[town].append(s)
    out = []
    for t in towns:
        mine = by_town.get(t.id, [])
        if mine:
            first = min(s.submitted_at for s in mine).astimezone().date()
            status = "late" if due is not None and first > due else "on_time"
        else:
            status = "overdue" if due is not None and today > due else "missing"
        out.append(TownStatus(t.id, t.name, status, due, mine[0] if mine else None, len(mine)))
    return out


# --- recording (called by the import) ------------------------------------------------------


def find_duplicate(session: Session, kind: str, sha256: str) -> SubmissionRow | None:
    """The import this very file (same bytes) already went into, unless that was undone."""
    s = session.scalars(
        select(Submission)
        .where(Submission.kind == kind, Submission.sha256 == sha256)
        .where(Submission.status == "imported")
        .order_by(Submission.id.desc())
        .limit(1)
    ).first()
    return _row(s, _town_names(session)) if s is not None else None


def next_sequence(
    session: Session, kind: str, town_id: int | None, year: int | None, month: int | None
) -> int:
    def same(col: Any, value: Any) -> Any:
        return col.is_(None) if value is None else col == value

    count = session.scalar(
        select(func.count(Submission.id)).where(
            Submission.kind == kind,
            same(Submission.town_id, town_id),
            same(Submission.year, year),
            same(Submission.month, month),
        )
    )
    return int(count or 0) + 1


def remembered_mapping(session: Session, kind: str, town_id: int | None) -> dict[str, str]:
    """The manual column mapping last used for this kind by this town (or the county)."""
    row = _mapping_row(session, kind, town_id)
    return dict(json.loads(row.mapping)) if row is not None else {}


def _mapping_row(session: Session, kind: str, town_id: int | None) -> ColumnMapping | None:
    town = ColumnMapping.town_id.is_(None) if town_id is None else ColumnMapping.town_id == town_id
    return session.scalars(
        select(ColumnMapping).where(ColumnMapping.kind == kind, town).order_by(ColumnMapping.id)
    ).first()


def remember_mapping(
    session: Session, actor: Actor, kind: str, town_id: int | None, mapping: dict[str, str]
) -> None:
    """Keep a manual mapping for next time (an empty one forgets it)."""
    row = _mapping_row(session, kind, town_id)
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    if row is None:
        if mapping:
            session.add(
                ColumnMapping(kind=kind, town_id=town_id, mapping=text, username=actor.username)
            )
    elif row.mapping != text:
        row.mapping, row.username, row.updated_at = text, actor.username, utcnow()
    session.flush()


# --- undo ----------------------------------------------------------------------------------------


def undo_submission(session: Session, actor: Actor, submission_id: int) -> SubmissionRow:
    """Reverse one import as a whole: created rows deleted, updated rows restored (audited).

    Refused, with the rows named, when any of them was changed after the import.
    """
    s = _get(session, actor, submission_id)
    kind = get_kind(s.kind)
    require_role(actor, kind.permission)
    if s.town_id is None and actor.scope_town_id is not None:
        raise PermissionDenied("全县范围的报送只能由县级用户撤销。")
    require(session, actor, "import", s.town_id)
    if s.status != "imported":
        raise ValidationError(f"该报送（{s.file_name}）已于此前撤销。")
    items = list(
        session.scalars(
            select(SubmissionItem)
            .where(SubmissionItem.submission_id == s.id)
            .order_by(SubmissionItem.id.desc())
        )
    )
    _refuse_if_changed(session, s, kind.model, items)
    batch = f"undo-{s.batch}"[:40]
    session.info["audit_batch"] = batch
    for item in items:
        if item.action == "update" and item.before is not None:
            kind.restore(session, actor, item.row_id, json.loads(item.before))
    created = [i for item in items if item.action == "insert" for i in reversed(_ids(item))]
    if created:
        kind.delete_created(session, actor, created, batch)
    s.status, s.undone_at, s.undone_by = "undone", utcnow(), actor.username
    session.flush()
    record_event(
        session,
        actor,
        table_name="submission",
        row_id=str(s.id),
        action="undo",
        note=f"撤销导入“{s.file_name}”：删除新增 {len(created)} 条，恢复修改 "
        f"{len(items) - len(created)} 条",
        division_id=s.town_id,
    )
    return _row(s, _town_names(session))


def _ids(item: SubmissionItem) -> list[int]:
    return list(range(item.row_id, (item.last_row_id or item.row_id) + 1))


def _refuse_if_changed(
    session: Session, s: Submission, model: Any, items: list[SubmissionItem]
) -> None:
    current: dict[int, int] = {}
    for item in items:
        if item.last_row_id is not None:
            stmt = select(model.id, model.version).where(
                model.id.between(item.row_id, item.last_row_id)
            )
            current.update(session.execute(stmt).all())
    singles = [i.row_id for i in items if i.last_row_id is None]
    for start in range(0, len(singles), 900):
        block = singles[start : start + 900]
        current.update(
            session.execute(select(model.id, model.version).where(model.id.in_(block))).all()
        )
    changed = [
        (row_id, item)
        for item in items
        for row_id in _ids(item)
        if current.get(row_id) != item.version_after
    ]
    if not changed:
        return
    changed_ids = [row_id for row_id, _item in changed]
    later = session.scalars(
        select(Submission.sequence)
        .join(SubmissionItem, SubmissionItem.submission_id == Submission.id)
        .where(Submission.id > s.id, Submission.status == "imported", Submission.kind == s.kind)
        .where(SubmissionItem.row_id.in_(changed_ids[:900]))
        .distinct()
    ).all()
    names = _names(session, model, changed_ids[:5])
    versions = "、".join(f"第 {n} 版" for n in sorted(later))
    hint = (
        f"它们又被之后的报送（{versions}）修改，请先撤销之后的报送。"
        if later
        else "撤销会覆盖这些修改，请先核对。"
    )
    raise ValidationError(
        f"无法撤销“{s.file_name}”：本次导入的 {len(changed)} 条记录此后已被修改或删除"
        f"（如{'、'.join(names)}）。{hint}"
    )


def _names(session: Session, model: Any, ids: list[int]) -> list[str]:
    stmt = select(model.id, model.name).where(model.id.in_(ids))
    found: dict[int, str] = {row[0]: row[1] for row in session.execute(stmt)}
    return [f"“{found[i]}”" if i in found else f"第 {i} 号（已删除）" for i in ids]
