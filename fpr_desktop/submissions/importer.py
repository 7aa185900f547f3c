"""Import one workbook of a registered kind: read, validate every row, check it against the
database, then write all-or-nothing in one transaction and record the submission.

Nothing is written when any row has a problem; a dry run and a file already imported (same
SHA-256) write nothing either. Writes are audited with source “import” under one batch id.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from fpr_desktop.base.changes import NOTHING, Changes, changes_of
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import DatabaseBusy
from fpr_desktop.base.limits import amount_limit
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.db.engine import Database
from fpr_desktop.exchange import SpreadsheetError, ValidationResult, read_table, validate_table
from fpr_desktop.exchange.layout import read_meta
from fpr_desktop.submissions import register as register
from fpr_desktop.submissions.bulk import table_of
from fpr_desktop.submissions.kinds import (
    ApplyState,
    ExchangeKind,
    PlanContext,
    RowPlan,
    TownRef,
    division_directory,
    get_kind,
    town_ref,
)
from fpr_desktop.submissions.models import Submission, SubmissionItem, SubmissionTown

Progress = Callable[[int, int | None, str], None]
Entry = tuple[int, str, str | None, int | None]  # (row id, insert/update, old values, version)
BULK_VERSION = 1  # what a row inserted with Core starts at (version_id_col)
MAX_LISTED_PROBLEMS = 20
# SQLite: one write at a time; an import waits its turn behind another (up to ~10 minutes,
# each attempt waiting the 10 s busy timeout) instead of failing after 10 s
BUSY_ATTEMPTS = 60


@dataclass(frozen=True)
class ImportOptions:
    town_id: int | None = None  # rows must belong to this town; the submission is filed under it
    sheet: str | int | None = None
    mapping: Mapping[str, str] | None = None  # manual {column key: header text or letter}
    header_row: int | None = None
    dry_run: bool = False
    year: int | None = None  # for rows without a year (kinds that infer one otherwise say so)
    remember_mapping: bool = True  # keep a manual mapping for this town's next import


@dataclass
class ImportOutcome:
    """What an import did (or, rejected / dry run, would have done)."""

    kind: ExchangeKind
    result: ValidationResult
    plans: list[RowPlan] = field(default_factory=list)
    dry_run: bool = False
    town: TownRef | None = None
    year: int | None = None
    month: int | None = None
    submission_id: int | None = None
    duplicate_of: register.SubmissionRow | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    changes: Changes = NOTHING  # what a committed import wrote
    notes: list[str] = field(default_factory=list)  # what the kind filled in or kept as draft
    towns: list[TownRef] = field(default_factory=list)  # every town the rows belong to

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def committed(self) -> bool:
        return self.submission_id is not None

    def count(self, action: str) -> int:
        """Rows by planned action; nothing counts as written when rejected or a repeat."""
        if not self.ok:
            return 0
        if self.duplicate_of is not None:
            return len(self.plans) if action == "unchanged" else 0
        return sum(1 for p in self.plans if p.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def rejected(self) -> int:
        """Rows with a problem (all rows when the problem is the file's, e.g. a missing column)."""
        if self.ok:
            return 0
        bad = {p.location.row for p in self.result.problems if p.location.row is not None}
        header = self.result.table.header_rows[0]
        bad.discard(header)
        return len(bad) if bad else self.result.rows_read

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def lines(self) -> list[str]:
        """The outcome in Chinese, a few lines (CLI output, the wizard's last page)."""
        t = self.result.table
        head = f"文件“{t.source.name}”（{self.kind.title}，工作表“{t.sheet}”）："
        counts = (
            f"新增 {self.created} 行，更新 {self.updated} 行，"
            f"跳过 {self.unchanged} 行（与库中一致），拒绝 {self.rejected} 行。"
        )
        out = [head + counts]
        if self.result.skipped:
            out.append(f"另有 {len(self.result.skipped)} 处合计/标题/空行/备注不是数据，已略过。")
        if self.ok:
            out += self.notes
        if self.result.warnings:
            out.append(f"提示 {len(self.result.warnings)} 条（已导入，请核对）。")
        if not self.ok:
            out.append("有错误，整个文件未导入，没有写入任何数据。请修改后重新导入：")
            out += [f"  {p.message}" for p in self.result.problems[:MAX_LISTED_PROBLEMS]]
            if len(self.result.problems) > MAX_LISTED_PROBLEMS:
                out.append(f"  …… 共 {len(self.result.problems)} 处错误，详见错误标注文件。")
        elif self.duplicate_of is not None:
            out.append(
                f"该文件已导入过：{self.duplicate_of.describe()}，内容完全相同，本次未重复导入。"
            )
        elif self.dry_run:
            out.append("试运行：以上为预计结果，未写入任何数据。")
        elif self.committed:
            where = (
                self.town.name
                if self.town
                else "、".join(t.name for t in self.towns) + f"（{len(self.towns)} 个乡镇）"
                if len(self.towns) > 1
                else "全县"
            )
            when = register.period_label(self.year, self.month)
            out.append(f"已登记报送：{where} {when}（报送编号 {self.submission_id}）。")
        return out


def run_import(
    db: Database,
    actor: Actor,
    path: str | Path,
    kind_name: str,
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> ImportOutcome:
    """Import `path` as `kind_name`. SpreadsheetError: the file cannot be read at all."""
    options = options or ImportOptions()
    actor = actor.via("import")
    kind = get_kind(kind_name)
    require_role(actor, "import")
    require_role(actor, kind.permission)
    report = progress or (lambda _d, _t, _s: None)
    tick = check or (lambda: None)
    report(0, None, "正在读取文件…")
    meta = read_meta(str(path))
    if meta.get("kind") and meta["kind"] != kind.name:
        other = meta.get("kind_title") or meta["kind"]
        raise SpreadsheetError(
            f"文件“{Path(path).name}”是“{other}”的表格，不能作为“{kind.title}”导入。"
        )
    with db.read() as session:
        town = _town(session, actor, kind, options, meta)
        spec = kind.spec(session)
        directory = division_directory(session)
        limit = amount_limit(session)
        mapping = (
            dict(options.mapping)
            if options.mapping is not None
            else (register.remembered_mapping(session, kind.name, town.id if town else None))
        )
    table = read_table(
        path, spec, sheet=options.sheet, mapping=mapping or None, header_row=options.header_row
    )
    total = table.last_row

    def on_row(n: int) -> None:
        tick()
        report(n, total, f"正在检查第 {n} 行（共 {total} 行）…")

    result = validate_table(
        table, resolver=kind.resolver(directory), on_row=on_row, amount_limit=limit
    )
    table.release()  # the sheet's cells are no longer needed (memory on 100,000-row files)
    version = meta.get("template_version", "")
    if version.isdigit() and int(version) < kind.template_version:
        result.add_problem(
            None,
            None,
            f"文件使用的是旧版模板（第 {version} 版），已按列名对应导入",
            f"第 {kind.template_version} 版模板（可在导入窗口下载）",
            warning=True,
        )
    tick()
    report(total, total, "正在与数据库核对…")
    outcome = ImportOutcome(kind, result, dry_run=options.dry_run, town=town, mapping=mapping)
    for attempt in range(1, BUSY_ATTEMPTS + 1):
        try:
            return _check_and_write(db, actor, kind, outcome, options, town, report, tick)
        except DatabaseBusy:  # raised before anything was planned: safe to start again
            if attempt == BUSY_ATTEMPTS:
                raise
            report(total, total, "数据库正忙（其他电脑正在导入或写入），正在排队等待…")
            tick()
    raise AssertionError("unreachable")


def _check_and_write(
    db: Database,
    actor: Actor,
    kind: ExchangeKind,
    outcome: ImportOutcome,
    options: ImportOptions,
    town: TownRef | None,
    report: Progress,
    tick: Callable[[], None],
) -> ImportOutcome:
    table = outcome.result.table
    opened = db.read() if options.dry_run else db.transaction(actor.audit("import"))
    with opened as session:
        if not options.dry_run:
            session.connection()  # SQLite: BEGIN IMMEDIATE now, before anything is planned
            _serialise(session, kind.name)
        _plan(session, actor, kind, outcome, options.year)
        if not outcome.ok:
            return outcome
        outcome.duplicate_of = register.find_duplicate(session, kind.name, table.source.sha256)
        if outcome.duplicate_of is not None or options.dry_run:
            return outcome
        tick()
        _apply(session, actor, outcome, report, tick)
        if options.mapping is not None and options.remember_mapping:
            # under the file's town, and (when no town was chosen) as the county's default
            towns = {outcome.town.id if outcome.town else None, town.id if town else None}
            for town_id in towns:
                register.remember_mapping(session, actor, kind.name, town_id, dict(options.mapping))
    session.flush()  # the audit hook notes the tables of what is still pending
    outcome.changes = changes_of(session)
    return outcome


def _serialise(session: Session, kind_name: str) -> None:
    """Imports of one kind run one at a time: the second waits, then sees the first's rows
    (and its submission, so the same file is a repeat). SQLite's BEGIN IMMEDIATE already
    serialises every write; PostgreSQL takes a transaction-scoped advisory lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"fpr-import:{kind_name}"}
        )


def _town(
    session: Session, actor: Actor, kind: ExchangeKind, options: ImportOptions, meta: dict[str, str]
) -> TownRef | None:
    town_id = options.town_id
    if town_id is None and meta.get("town_id", "").isdigit():
        town_id = int(meta["town_id"])  # a template made for one town
    if town_id is None:
        town_id = actor.scope_town_id
    town = town_ref(session, town_id)
    if town is not None:
        require(session, actor, kind.permission, town.id)
    return town


def _plan(
    session: Session, actor: Actor, kind: ExchangeKind, outcome: ImportOutcome, year: int | None
) -> None:
    result = outcome.result
    if result.table.missing_required:  # rows cannot be matched without those columns
        return
    ctx = PlanContext(session, actor, result.table.kind, result, outcome.town, year)
    plans = kind.plan(ctx)
    outcome.notes = ctx.notes
    names = {int(t.id): t.name for t in division_directory(session).towns.values()}  # type: ignore[call-overload]
    key = kind.town_key if kind.town_key in result.table.bindings else None
    for p in plans:
        where = names.get(p.town_id or 0, "新增乡镇")
        if actor.scope_town_id is not None and p.town_id != actor.scope_town_id:
            result.add_problem(
                p.row,
                key,
                f"当前用户只能导入{actor.scope_name}的数据，该行属于“{where}”",
                f"{actor.scope_name}的数据",
            )
        elif outcome.town is not None and p.town_id != outcome.town.id:
            result.add_problem(
                p.row,
                key,
                f"本次按“{outcome.town.name}”导入，该行属于“{where}”",
                f"{outcome.town.name}的数据（其他乡镇的数据请分别导入）",
            )
    good = {r.row for r in result.rows}
    outcome.plans = [p for p in plans if p.row in good]
    outcome.year, outcome.month = kind.period_of(outcome.plans)
    if outcome.town is None:
        towns = {p.town_id for p in outcome.plans}
        if len(towns) == 1 and None not in towns:
            outcome.town = TownRef(int(next(iter(towns))), names[int(next(iter(towns)))])  # type: ignore[arg-type]
        else:  # a county-wide file: filed as each town's submission
            ids = dict.fromkeys(p.town_id for p in outcome.plans if p.town_id in names)
            outcome.towns = [TownRef(int(t), names[int(t)]) for t in ids]  # type: ignore[arg-type]


def _apply(
    session: Session,
    actor: Actor,
    outcome: ImportOutcome,
    report: Progress,
    tick: Callable[[], None],
) -> None:
    kind, source = outcome.kind, outcome.result.table.source
    batch = f"import-{uuid.uuid4().hex[:16]}"
    session.info["audit_batch"] = batch
    town_id = outcome.town.id if outcome.town else None
    sub = Submission(
        kind=kind.name,
        town_id=town_id,
        year=outcome.year,
        month=outcome.month,
        sequence=register.next_sequence(session, kind.name, town_id, outcome.year, outcome.month),
        file_name=source.name[:255],
        sheet=outcome.result.table.sheet[:100],
        sha256=source.sha256,
        size=source.size,
        content=source.path.read_bytes(),
        user_id=actor.user_id,
        username=actor.username,
        batch=batch,
        status="imported",
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        warnings=len(outcome.result.warnings),
    )
    session.add(sub)
    session.flush()
    if town_id is None:  # a county-wide file: it is each town's submission
        per_town = Counter(p.town_id for p in outcome.plans if p.town_id is not None)
        for tid, rows in per_town.items():
            session.add(SubmissionTown(submission_id=sub.id, town_id=tid, rows=rows))
    state = ApplyState(batch)
    creates = [p for p in outcome.plans if p.action == "create"]
    updates = [p for p in outcome.plans if p.action == "update"]
    total = len(creates) + len(updates)
    journal: list[Entry] = []
    if kind.bulk_threshold is not None and len(creates) >= kind.bulk_threshold:
        report(0, total, f"正在写入 {len(creates)} 条新记录…")
        ids = kind.bulk_create(session, actor, creates, state)
        journal += [(i, "insert", None, BULK_VERSION) for i in ids]
        tick()
    else:
        for n, p in enumerate(creates, 1):
            journal.append((kind.create(session, actor, p, state), "insert", None, None))
            if n % 50 == 0:
                tick()
                report(n, total, f"正在写入第 {n} 条（共 {total} 条）…")
    for n, p in enumerate(updates, len(creates) + 1):
        assert p.existing_id is not None
        before = json.dumps(kind.snapshot(session, actor, p.existing_id), ensure_ascii=False)
        kind.update(session, actor, p, state)
        journal.append((p.existing_id, "update", before, None))
        if n % 50 == 0:
            tick()
            report(n, total, f"正在写入第 {n} 条（共 {total} 条）…")
    session.flush()
    _journal(session, sub.id, kind, journal)
    outcome.submission_id = sub.id


def _journal(
    session: Session, submission_id: int, kind: ExchangeKind, journal: list[Entry]
) -> None:
    """The undo journal: each row's id, what was done, the old values and the version after.

    Ids created together with a known version (bulk inserts) are kept as runs first…last.
    """
    model: Any = kind.model
    table = model.__tablename__
    unknown = [e[0] for e in journal if e[3] is None]
    versions: dict[int, int] = {}
    for start in range(0, len(unknown), 900):
        ids = unknown[start : start + 900]
        versions.update(
            session.execute(select(model.id, model.version).where(model.id.in_(ids))).all()
        )
    rows: list[dict[str, Any]] = []
    for row_id, action, before, version in journal:
        version = versions.get(row_id) if version is None else version
        last = rows[-1] if rows else None
        if (
            last is not None
            and action == "insert" == last["action"]
            and last["version_after"] == version
            and (last["last_row_id"] or last["row_id"]) + 1 == row_id
        ):
            last["last_row_id"] = row_id
            continue
        rows.append(
            {
                "submission_id": submission_id,
                "table_name": table,
                "row_id": row_id,
                "last_row_id": None,
                "action": action,
                "before": before,
                "version_after": version,
            }
        )
    for start in range(0, len(rows), 5000):
        session.execute(insert(table_of(SubmissionItem)), rows[start : start + 5000])
