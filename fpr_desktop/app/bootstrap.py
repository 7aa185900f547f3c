"""Opening a database: migrate (copying an SQLite file first), check it is ours, seed defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, inspect, literal_column, select, table
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.models import AppMeta, Division
from fpr_desktop.db import migrate
from fpr_desktop.db.engine import Database, looks_like_network_path

#: The library's category table by name: opening a database does not load the library's models
#: (start-up speed; they are loaded when first used, or behind the shown main window).
CATEGORY_TABLE = "project_category"


@dataclass
class OpenedDatabase:
    db: Database
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)


def check_is_fpr_database(db: Database) -> None:
    """Refuse to migrate someone else's database (tables but no FPR mark)."""
    try:
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if not tables:
                return
            if "app_meta" not in tables or "alembic_version" not in tables:
                raise UserError(f"{db.describe()} 不是本系统的数据库（缺少系统标识），已停止打开。")
    except (OperationalError, DatabaseError) as exc:
        raise UserError(f"无法打开数据库 {db.describe()}：{exc.orig}") from exc


def open_database(url: str, *, upgrade: bool = True, seed: bool = True) -> OpenedDatabase:
    """Open (and by default upgrade and seed) the database at `url`."""
    db = Database(url)
    try:
        return _open(db, upgrade=upgrade, seed=seed)
    except BaseException:
        db.dispose()
        raise


def _open(db: Database, *, upgrade: bool, seed: bool) -> OpenedDatabase:
    opened = OpenedDatabase(db)
    path = db.sqlite_path
    if path is not None and looks_like_network_path(path):
        opened.warnings.append(
            "数据库文件位于网络共享文件夹：多台电脑同时使用 SQLite 文件可能损坏数据，"
            "多人共用请改用 PostgreSQL 服务器。"
        )
    check_is_fpr_database(db)
    if upgrade:
        try:
            opened.backup = migrate.upgrade(db)
        except (OperationalError, DatabaseError) as exc:
            raise UserError(f"无法升级数据库 {db.describe()}：{exc.orig}") from exc
    if seed and _needs_seed(db):  # a read first: opening never waits for the write lock
        with db.transaction(SYSTEM.audit()) as session:
            seed_reference_data(session)
    return opened


def _needs_seed(db: Database) -> bool:
    categories = table(CATEGORY_TABLE)
    any_category: Select[Any] = select(literal_column("1")).select_from(categories).limit(1)
    with db.read() as session:
        return (
            session.scalar(select(Division.id).limit(1)) is None
            or session.scalar(any_category) is None
        )


def seed_reference_data(session: Session) -> None:
    """Defaults a new database needs: the default county and the project category tree."""
    from fpr_desktop.divisions.services import seed_default_county
    from fpr_desktop.projects.categories import seed_categories

    seed_default_county(session)
    seed_categories(session)


def is_demo(db: Database) -> bool:
    with db.read() as session:
        return session.scalar(select(AppMeta.value).where(AppMeta.key == "demo")) == "1"
