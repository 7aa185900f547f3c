"""Migrations: empty database → head, down and up again, models match the revisions."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from fpr_desktop.app.bootstrap import open_database
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.models.orm import Base
from fpr_desktop.base.registry import load_models
from fpr_desktop.db import migrate
from fpr_desktop.db.engine import Database

load_models()  # every table on Base.metadata

TABLES = {"app_meta", "app_user", "audit_log", "calendar_day", "division", "setting"}


def test_empty_database_upgrades_to_head(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        assert migrate.current_revision(db) is None
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= TABLES
    finally:
        db.dispose()


def test_downgrade_and_upgrade_round_trip(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        migrate.upgrade(db)
        migrate.downgrade(db, "base")
        with db.engine.connect() as conn:
            assert not (TABLES & set(inspect(conn).get_table_names()))
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()


def test_models_match_migrations(database: Database) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_audit_log_is_append_only(database: Database, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'x'"))
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_sqlite_file_is_copied_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    migrate.downgrade(db, "base")  # an older schema with its alembic_version table left
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE keep_me (x INTEGER)"))
    copy = migrate.upgrade(db)
    db.dispose()
    assert copy is not None and copy.exists() and "before-" in copy.name
    assert migrate.current_revision(Database(f"sqlite:///{copy}")) is None  # the old state


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id INTEGER)"))
    db.dispose()
    with pytest.raises(UserError, match="不是本系统的数据库"):
        open_database(f"sqlite:///{path}")


@pytest.mark.parametrize("start", sorted(migrate.known_revisions()))
def test_database_built_at_every_revision_upgrades_to_head(
    empty_database_url: str, start: str
) -> None:
    db = Database(empty_database_url)
    try:
        migrate.upgrade(db, start)
        assert migrate.current_revision(db) == start
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
    finally:
        db.dispose()
