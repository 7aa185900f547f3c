"""Test databases: SQLite by default, a real PostgreSQL server when FPR_TEST_DATABASE_URL is set.

Every test gets a migrated, seeded (陇县) and otherwise empty database. SQLite: a template file
is built once and copied per test. PostgreSQL: the schema is migrated once per run, and each test
starts from truncated tables re-seeded with the default county.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fpr_desktop.app.bootstrap import open_database, seed_reference_data
from fpr_desktop.base import paths
from fpr_desktop.base import users as user_service
from fpr_desktop.base.context import SYSTEM, Actor, anonymous
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions.services import town_by_name

PG_ENV = "FPR_TEST_DATABASE_URL"
ADMIN_PASSWORD = "admin-pass-1"
PASSWORD = "clerk-pass-1"


@pytest.fixture(autouse=True)
def _backups_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The daily backup at a GUI start writes into the test's folder, not the user's."""
    monkeypatch.setattr(paths, "default_backups_dir", lambda: tmp_path / "daily-backups")


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def backend() -> str:
    return "postgresql" if pg_url() else "sqlite"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    opened = open_database(f"sqlite:///{path}")
    opened.db.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_migrated() -> Iterator[str]:
    url = pg_url()
    assert url is not None
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    opened = open_database(url, seed=False)
    opened.db.dispose()
    yield url


def _reset_pg(db: Database) -> None:
    with db.engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename NOT IN ('alembic_version', 'app_meta')"
                )
            )
        ]
        if tables:
            # the audit log refuses TRUNCATE (a trigger); the test superuser skips triggers
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        conn.execute(text("DELETE FROM app_meta WHERE key <> 'application'"))
    with db.transaction(SYSTEM.audit()) as session:
        seed_reference_data(session)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated database with the default county and no users."""
    if pg_url():
        url = request.getfixturevalue("_pg_migrated")
        db = Database(url)
        _reset_pg(db)
    else:
        template = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "fpr.sqlite3"
        shutil.copyfile(template, path)
        db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def admin(database: Database) -> Actor:
    """The first administrator, logged in."""
    with database.transaction(anonymous("ui")) as session:
        user_service.create_first_admin(session, "admin", ADMIN_PASSWORD, "管理员")
    with database.transaction(anonymous("ui")) as session:
        return user_service.authenticate(session, "admin", ADMIN_PASSWORD)


def make_user(
    database: Database, admin: Actor, username: str, role: str, town: str | None = None
) -> Actor:
    """Add a user through the service and return them logged in."""
    with database.transaction(admin.audit()) as session:
        scope = town_by_name(session, town).id if town else None
        user_service.add_user(
            session, admin, username=username, password=PASSWORD, role=role, scope_town_id=scope
        )
    with database.transaction(anonymous("ui")) as session:
        return user_service.authenticate(session, username, PASSWORD)


@pytest.fixture
def user_factory(database: Database, admin: Actor):  # type: ignore[no-untyped-def]
    """make(username, role, town=None) -> a logged-in Actor created by the administrator."""

    def make(username: str, role: str, town: str | None = None) -> Actor:
        return make_user(database, admin, username, role, town)

    return make


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A URL of a brand-new, empty database on the backend under test (dropped afterwards)."""
    url = pg_url()
    if url is None:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    base = make_url(url)
    name = f"fpr_test_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
