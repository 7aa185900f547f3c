"""Schema migrations: alembic upgrade on open, with a copy of an SQLite file taken first.

Alembic is imported only when the schema really has to change: the revisions on disk and the one
the database carries are read without it (every start of an up-to-date database skips it).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from fpr_desktop.base import paths
from fpr_desktop.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

APPLICATION_MARK = "fpr-desktop"
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


@cache
def _revisions() -> dict[str, str | None]:
    """revision → down_revision, read from migrations/versions/*.py as text (no alembic)."""
    out: dict[str, str | None] = {}
    for file in sorted((paths.migrations_dir() / "versions").glob("*.py")):
        found = dict(_REVISION.findall(file.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        down = found.get("down_revision", "None").strip().strip("\"'")
        out[found["revision"].strip().strip("\"'")] = None if down == "None" else down
    return out


def head_revision() -> str:
    revisions = _revisions()
    heads = set(revisions) - {d for d in revisions.values() if d is not None}
    if len(heads) != 1:
        raise RuntimeError(f"migrations/versions has {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revisions())


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None  # an empty database
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, verb)(cfg, revision)
