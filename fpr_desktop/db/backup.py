"""Backup and restore of an SQLite database file (online backup API: safe while in use)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from fpr_desktop.base.errors import UserError
from fpr_desktop.db.engine import Database
from fpr_desktop.db.migrate import APPLICATION_MARK, backup_sqlite_file, known_revisions

SQLITE_HEADER = b"SQLite format 3\x00"


def _require_sqlite(db: Database) -> Path:
    if db.sqlite_path is None:
        raise UserError("PostgreSQL 数据库请由服务器管理员使用 pg_dump / pg_restore 备份和恢复。")
    return db.sqlite_path


def backup(db: Database, dest: Path) -> Path:
    """Copy the open database to `dest` (refuses to overwrite an existing file)."""
    src = _require_sqlite(db)
    if dest.exists():
        raise UserError(f"备份文件 {dest} 已存在，请换一个文件名。")
    return backup_sqlite_file(src, dest)


def check_backup_file(file: Path) -> str:
    """The schema revision of an FPR backup file; a clear refusal for anything else."""
    if not file.is_file():
        raise UserError(f"找不到文件 {file}。")
    with file.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise UserError(f"{file.name} 不是本系统的数据库备份（不是 SQLite 数据库文件）。")
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        mark = conn.execute("SELECT value FROM app_meta WHERE key = 'application'").fetchone()
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise UserError(f"{file.name} 不是本系统的数据库备份（缺少系统标识）。") from None
    finally:
        conn.close()
    if not mark or mark[0] != APPLICATION_MARK or not revision:
        raise UserError(f"{file.name} 不是本系统的数据库备份（系统标识不符）。")
    return str(revision[0])


def restore(db: Database, src: Path) -> Path:
    """Replace the open database with `src`; the current content is copied aside first."""
    target = _require_sqlite(db)
    revision = check_backup_file(src)
    if revision not in known_revisions():
        raise UserError(
            f"{src.name} 由更新版本的程序创建（数据库版本 {revision}），请先升级本程序。"
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    safety = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    if target.exists():
        backup_sqlite_file(target, safety)
    db.dispose()
    with sqlite3.connect(src) as source, sqlite3.connect(target) as dest:
        source.backup(dest)
    source.close()
    dest.close()
    return safety
