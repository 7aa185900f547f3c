"""The daily backup policy (SQLite): a copy at the first start of each day, kept N days.

Backups go to the folder an administrator set (`backup.folder`: a USB drive or a network share
is fine for a copy, unlike for the live database) or to `backups/` in the user data folder.
Only files named by this policy (`fpr-daily-YYYYMMDD-HHMMSS.sqlite3`) are ever deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from fpr_desktop.base import paths
from fpr_desktop.base.audit import table_labels
from fpr_desktop.base.context import Actor
from fpr_desktop.base.events import record_event
from fpr_desktop.base.permissions import require
from fpr_desktop.base.registry import load_models, modules
from fpr_desktop.base.settings import get_value
from fpr_desktop.db import backup as backup_mod
from fpr_desktop.db import migrate
from fpr_desktop.db.base import Base
from fpr_desktop.db.engine import Database

DAILY_PREFIX = "fpr-daily-"
DAILY_PATTERN = re.compile(r"^fpr-daily-(\d{8})-(\d{6})\.sqlite3$")
BACKUP_SUFFIXES = (".sqlite3", ".db", ".sqlite")
FOUNDATION_TITLE = "基础数据"


@dataclass
class DailyBackupResult:
    """What the start-up backup did: the new file (None: already done today), what it pruned."""

    created: Path | None = None
    pruned: list[Path] = field(default_factory=list)
    warning: str | None = None  # the start goes on; the user is told


def backup_folder(db: Database) -> Path:
    """The folder an administrator chose (setting `backup.folder`), else the data folder's."""
    with db.read() as session:
        chosen = str(get_value(session, "backup.folder") or "").strip()
    return Path(chosen) if chosen else paths.default_backups_dir()


def keep_days(db: Database) -> int:
    with db.read() as session:
        return int(get_value(session, "backup.keep_days"))


def daily_name(when: datetime) -> str:
    return f"{DAILY_PREFIX}{when:%Y%m%d-%H%M%S}.sqlite3"


def daily_date(file: Path) -> date | None:
    found = DAILY_PATTERN.match(file.name)
    return datetime.strptime(found.group(1), "%Y%m%d").date() if found else None


def daily_backup(db: Database, now: datetime | None = None) -> DailyBackupResult:
    """Back up an SQLite database once a day and prune daily copies older than the setting."""
    result = DailyBackupResult()
    if db.sqlite_path is None or not db.sqlite_path.exists():
        return result  # PostgreSQL: the server's backups (pg_dump), not this PC's
    now = now or datetime.now()
    try:
        folder = backup_folder(db)
        days = keep_days(db)
    except SQLAlchemyError as exc:
        result.warning = f"今日自动备份未进行：读取备份设置失败（{exc}）。"
        return result
    try:
        folder.mkdir(parents=True, exist_ok=True)
        existing = [f for f in folder.iterdir() if daily_date(f) is not None]
        if not any(daily_date(f) == now.date() for f in existing):
            dest = folder / daily_name(now)
            partial = dest.with_name(dest.name + ".part")
            partial.unlink(missing_ok=True)
            backup_mod.backup(db, partial)
            problems = backup_mod.integrity_problems(partial, quick=True)
            if problems:
                partial.unlink(missing_ok=True)
                raise OSError(f"备份文件检查未通过：{problems[0]}")
            partial.replace(dest)
            result.created = dest
        cutoff = now.date() - timedelta(days=days - 1)  # today and the days before
        for file in existing:
            day = daily_date(file)
            if day is not None and day < cutoff:
                file.unlink(missing_ok=True)
                result.pruned.append(file)
    except OSError as exc:
        result.warning = (
            f"今日自动备份失败：{exc}。数据未受影响；请检查备份文件夹 {folder} "
            "（U盘是否插好、网络共享是否可用），或在 系统管理 → 参数设置 中更改。"
        )
    return result


@dataclass(frozen=True)
class BackupFile:
    """One backup in the folder, for the restore dialog's list."""

    path: Path
    taken_at: datetime
    size: int
    daily: bool


def list_backups(folder: Path) -> list[BackupFile]:
    """Backup files in `folder`, newest first (daily copies and copies saved by hand)."""
    if not folder.is_dir():
        return []
    found = []
    for f in folder.iterdir():
        if f.is_file() and f.suffix in BACKUP_SUFFIXES:
            stat = f.stat()
            found.append(
                BackupFile(
                    f, datetime.fromtimestamp(stat.st_mtime), stat.st_size, bool(daily_date(f))
                )
            )
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


@dataclass(frozen=True)
class TableCount:
    table: str
    label: str
    rows: int


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, shown before a restore: date, schema version, rows per module."""

    path: Path
    taken_at: datetime
    revision: str
    modules: dict[str, list[TableCount]]  # module title → its tables

    @property
    def total_rows(self) -> int:
        return sum(t.rows for tables in self.modules.values() for t in tables)


def table_modules() -> dict[str, str]:
    """Table name → the title of the module that owns it (foundation tables: 基础数据)."""
    load_models()
    titles = {m.name: m.title for m in modules()}
    owners: dict[str, str] = {}
    for mapper in Base.registry.mappers:
        parts = mapper.class_.__module__.split(".")
        package = parts[1] if len(parts) > 1 and parts[0] == "fpr_desktop" else ""
        owners[mapper.class_.__table__.name] = titles.get(package, FOUNDATION_TITLE)
    return owners


def summarize(file: Path) -> BackupSummary:
    """Check `file` completely and count its rows per module (refuses a damaged file)."""
    revision = backup_mod.check_backup_file(file)
    counts = backup_mod.table_counts(file)
    owners = table_modules()
    labels = table_labels()
    grouped: dict[str, list[TableCount]] = {}
    for table, rows in counts.items():
        if table == "alembic_version":
            continue
        title = owners.get(table, FOUNDATION_TITLE)
        grouped.setdefault(title, []).append(TableCount(table, labels.get(table, table), rows))
    order = [FOUNDATION_TITLE, *(m.title for m in modules())]
    ordered = {t: grouped[t] for t in order if t in grouped}
    taken = daily_taken_at(file) or datetime.fromtimestamp(file.stat().st_mtime)
    return BackupSummary(file, taken, revision, ordered)


def daily_taken_at(file: Path) -> datetime | None:
    found = DAILY_PATTERN.match(file.name)
    if not found:
        return None
    return datetime.strptime(found.group(1) + found.group(2), "%Y%m%d%H%M%S")


def restore_backup(db: Database, actor: Actor, src: Path) -> backup_mod.RestoreResult:
    """Restore `src` into the open SQLite database (administrators), migrate it, audit it."""
    with db.read() as session:
        require(session, actor, "db.admin")
    result = backup_mod.restore(db, src)
    migrate.upgrade(db, backup=False)  # an older backup is brought to this program's schema
    with db.transaction(actor.audit()) as session:
        record_event(
            session,
            actor,
            table_name="app_meta",
            row_id="database",
            action="restore",
            note=f"从 {src.name} 恢复；恢复前的数据另存为 {result.safety_copy.name}",
        )
    return result
