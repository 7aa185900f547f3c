"""Schema migrations: alembic upgrade on open, with a copy of an SQLite file taken first."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from fpr_desktop.base import paths
from fpr_desktop.db.engine import Database

APPLICATION_MARK = "fpr-desktop"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def backup_sqlite_file(src: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite file (online backup API, safe with WAL).

    The copy is one self-contained file: the live file's WAL mode is not carried over, so
    reading a backup later leaves no -wal/-shm files beside it (on a USB drive or a share).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    source.close()
    target.close()
    return dest


def upgrade(db: Database, revision: str = "head", *, backup: bool = True) -> Path | None:
    """Bring the schema to `revision`. Returns the pre-migration copy of an SQLite file, if any."""
    copy: Path | None = None
    current = current_revision(db)
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    path = db.sqlite_path
    if backup and path is not None and path.exists() and has_tables(db):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = path.with_name(f"{path.stem}.before-{target[:8]}-{stamp}{path.suffix}")
        backup_sqlite_file(path, copy)
    _run(db, "upgrade", revision)
    return copy


def downgrade(db: Database, revision: str) -> None:
    _run(db, "downgrade", revision)


def _run(db: Database, verb: str, revision: str) -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, verb)(cfg, revision)
