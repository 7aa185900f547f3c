"""Backup and restore of an SQLite database file, and pg_dump for PostgreSQL.

Backups use SQLite's online backup API (consistent while the program is in use). A restore
checks the chosen file completely (`PRAGMA integrity_check`, FPR mark, known schema revision)
before touching anything, then takes the database's write lock and keeps it from the safety
copy of the current data to the end of the swap: every write another client committed is
either in the safety copy (before) or in the restored database (after), never lost. The swap
is one transaction, so a failure half-way leaves the current database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpr_desktop.base.errors import UserError
from fpr_desktop.db.engine import SQLITE_BUSY_TIMEOUT_S, Database
from fpr_desktop.db.migrate import APPLICATION_MARK, backup_sqlite_file, known_revisions

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_PROBLEMS_SHOWN = 3
PG_DUMP_TIMEOUT_S = 3600


def _require_sqlite(db: Database) -> Path:
    if db.sqlite_path is None:
        raise UserError(
            "PostgreSQL 数据库请使用 pg_dump 备份（文件 → 备份数据库，或 fpr db backup）。"
        )
    return db.sqlite_path


def _read_only(file: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)


def backup(db: Database, dest: Path) -> Path:
    """Copy the open database to `dest` (refuses to overwrite an existing file)."""
    src = _require_sqlite(db)
    if dest.exists():
        raise UserError(f"备份文件 {dest} 已存在，请换一个文件名。")
    return backup_sqlite_file(src, dest)


def integrity_problems(file: Path, *, quick: bool = False) -> list[str]:
    """What SQLite's integrity check finds wrong with `file` (empty: the file is sound)."""
    pragma = "quick_check" if quick else "integrity_check"
    conn = _read_only(file)
    try:
        rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS_SHOWN})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    lines = [line for r in rows for line in str(r[0]).splitlines()]
    if lines == ["ok"]:
        return []
    return [line for line in lines if not line.startswith("***")] or lines


def check_backup_file(file: Path) -> str:
    """The schema revision of a sound FPR backup file; a clear refusal for anything else."""
    if not file.is_file():
        raise UserError(f"找不到文件 {file}。")
    with file.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise UserError(f"{file.name} 不是本系统的数据库备份（不是 SQLite 数据库文件）。")
    problems = integrity_problems(file)
    if problems:
        raise UserError(
            f"{file.name} 已损坏，不能用于恢复（完整性检查未通过：{problems[0][:120]}）。"
            "当前数据未作任何改动，请选择另一个备份。"
        )
    conn = _read_only(file)
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


def table_counts(file: Path) -> dict[str, int]:
    """Rows per table of an SQLite file (read-only)."""
    conn = _read_only(file)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@dataclass(frozen=True)
class RestoreResult:
    """Where the data before the restore was kept, and which file was restored."""

    source: Path
    safety_copy: Path


def _safety_path(target: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")


def restore(
    db: Database, src: Path, *, lock_timeout_s: float = SQLITE_BUSY_TIMEOUT_S
) -> RestoreResult:
    """Replace the open database's content with `src`, keeping the current data aside first."""
    target = _require_sqlite(db)
    revision = check_backup_file(src)
    if revision not in known_revisions():
        raise UserError(
            f"{src.name} 由更新版本的程序创建（数据库版本 {revision}），请先升级本程序。"
        )
    if src.resolve() == target.resolve():
        raise UserError("不能用正在使用的数据库文件恢复它自己，请选择一个备份文件。")
    db.dispose()
    conn = sqlite3.connect(target.resolve().as_uri(), uri=True, timeout=lock_timeout_s)
    conn.isolation_level = None  # transactions are issued explicitly below
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # tables are dropped and refilled in any order
        conn.execute("ATTACH DATABASE ? AS src", (f"{src.resolve().as_uri()}?mode=ro",))
        try:
            conn.execute("BEGIN IMMEDIATE")  # the write lock, kept until COMMIT
        except sqlite3.OperationalError:
            raise UserError(
                "数据库正忙：其他用户正在写入数据，暂时不能恢复。请稍后再试，"
                "或请其他电脑先退出本程序。"
            ) from None
        try:
            safety = _safety_path(target)
            _copy_committed(target, safety)
            _replace_content(conn)
            problems = [r[0] for r in conn.execute("PRAGMA main.quick_check")]
            if problems != ["ok"]:
                raise UserError(f"恢复后的数据库检查未通过（{problems[0]}），已撤销恢复。")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return RestoreResult(src, safety)


def _copy_committed(target: Path, dest: Path) -> None:
    """The safety copy, read by a second connection while the first holds the write lock."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    reader = sqlite3.connect(target.resolve().as_uri(), uri=True)
    out = sqlite3.connect(dest)
    try:
        reader.backup(out)
    finally:
        out.close()
        reader.close()


def _replace_content(conn: sqlite3.Connection) -> None:
    """Inside the open transaction: main's schema and rows become those of the attached src."""
    live = conn.execute(
        "SELECT type, name FROM main.sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "AND type IN ('view', 'trigger', 'table')"
    ).fetchall()
    order = {"view": 0, "trigger": 1, "table": 2}
    for kind, name in sorted(live, key=lambda r: order[r[0]]):
        conn.execute(f'DROP {kind.upper()} IF EXISTS main."{name}"')
    src_objects = conn.execute(
        "SELECT type, name, sql FROM src.sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    for kind, name, sql in src_objects:
        if kind == "table":
            conn.execute(sql)
            conn.execute(f'INSERT INTO main."{name}" SELECT * FROM src."{name}"')
    has_seq = conn.execute(
        "SELECT 1 FROM src.sqlite_master WHERE name = 'sqlite_sequence'"
    ).fetchone()
    if has_seq:
        conn.execute("DELETE FROM main.sqlite_sequence")
        conn.execute("INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence")
    for kind, _name, sql in src_objects:
        if kind in ("index", "trigger", "view"):
            conn.execute(sql)
    version = conn.execute("PRAGMA src.user_version").fetchone()[0]
    conn.execute(f"PRAGMA main.user_version = {int(version)}")


# --- PostgreSQL ------------------------------------------------------------------------------


def pg_dump_path() -> str | None:
    """The pg_dump program on this PC, if any (PostgreSQL's client tools)."""
    return shutil.which("pg_dump")


def pg_dump(db: Database, dest: Path) -> Path:
    """A custom-format dump of the server database (restore with pg_restore, see the guide)."""
    if db.is_sqlite:
        raise UserError("SQLite 数据库请使用“备份数据库”。")
    exe = pg_dump_path()
    if exe is None:
        raise UserError(
            "本机没有找到 pg_dump（PostgreSQL 客户端工具）。请安装与服务器版本相同的 PostgreSQL "
            "客户端，或由服务器管理员在服务器上备份。"
        )
    if dest.exists():
        raise UserError(f"备份文件 {dest} 已存在，请换一个文件名。")
    url = db.url
    cmd = [exe, "--format=custom", "--no-owner", f"--file={dest}"]
    cmd += ["--host", url.host or "localhost", "--dbname", str(url.database)]
    if url.port:
        cmd += ["--port", str(url.port)]
    if url.username:
        cmd += ["--username", url.username]
    env = None
    if url.password:
        env = {**os.environ, "PGPASSWORD": str(url.password)}
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, env=env, timeout=PG_DUMP_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        dest.unlink(missing_ok=True)
        raise UserError("pg_dump 超过一小时仍未完成，已停止。") from None
    if out.returncode != 0:
        dest.unlink(missing_ok=True)
        raise UserError(f"pg_dump 备份失败：{out.stderr.strip()[-500:]}")
    return dest


def backup_any(db: Database, dest: Path) -> Path:
    """The backup the menu and `fpr db backup` make: an SQLite copy, or pg_dump on a server."""
    return backup(db, dest) if db.is_sqlite else pg_dump(db, dest)
