"""The audit log cannot be rewritten: REPLACE INTO on SQLite, TRUNCATE on PostgreSQL; and on
PostgreSQL the clerks' role (set up by `fpr db roles`) cannot touch the audit log, disable its
triggers or alter tables, while the program works normally with it."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from fpr_desktop.app.bootstrap import open_database
from fpr_desktop.base import users as user_service
from fpr_desktop.base.context import anonymous
from fpr_desktop.base.models import AuditLog
from fpr_desktop.cli.main import main
from fpr_desktop.db.engine import Database


def pg_url() -> str | None:
    """The PostgreSQL test server (tests/conftest.py reads the same variable)."""
    return os.environ.get("FPR_TEST_DATABASE_URL") or None


def _first_id(database: Database) -> int:
    with database.read() as s:
        return int(s.scalar(select(func.min(AuditLog.id))) or 0)


def test_replace_and_truncate_cannot_rewrite_the_audit_log(database: Database, admin) -> None:  # type: ignore[no-untyped-def]
    first = _first_id(database)
    with database.read() as s:
        who = s.get_one(AuditLog, first).username
    columns = "id, at, username, source, table_name, row_id, action"
    values = f"{first}, CURRENT_TIMESTAMP, 'x', 'cli', 'app_user', '1', 'login'"
    if database.is_sqlite:
        for verb in ("REPLACE INTO", "INSERT OR REPLACE INTO"):
            with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as c:
                c.execute(text(f"{verb} audit_log ({columns}) VALUES ({values})"))
    else:
        with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as c:
            c.execute(text("TRUNCATE audit_log"))
        with pytest.raises(DBAPIError), database.engine.begin() as c:
            c.execute(
                text(
                    f"INSERT INTO audit_log ({columns}) VALUES ({values}) "
                    "ON CONFLICT (id) DO UPDATE SET username = 'x'"
                )
            )
    with database.read() as s:
        row = s.get(AuditLog, first)
        assert row is not None and row.username == who
    with database.transaction(anonymous("cli")) as s:  # ordinary appends still work
        user_service.authenticate(s, "admin", "admin-pass-1")


def test_clerk_role_cannot_rewrite_history(
    monkeypatch: pytest.MonkeyPatch, capsys, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    url = pg_url()
    if url is None:  # SQLite has no roles: the command says so
        lite = f"sqlite:///{tmp_path / 'x.sqlite3'}"
        assert main(["--db", lite, "db", "roles", "fpr_h_owner", "fpr_h_app"]) == 1
        assert "SQLite 数据库不需要设置角色" in capsys.readouterr().err
        return
    base = make_url(url)
    name = f"{base.database}_roles"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    super_url = base.set(database=name).render_as_string(hide_password=False)
    app_url = base.set(database=name, username="fpr_h_app").render_as_string(hide_password=False)
    try:
        open_database(super_url).db.dispose()
        monkeypatch.setenv("FPR_PASSWORD", "admin-pass-1")
        assert main(["--db", super_url, "user", "add", "admin", "--role", "admin"]) == 0
        assert main(["--db", super_url, "db", "roles", "fpr_h_owner", "fpr_h_app"]) == 0
        assert "客户端角色 fpr_h_app" in capsys.readouterr().out
        app = Database(app_url)
        try:
            actor = user_service.login(app, "admin", "admin-pass-1")  # the program works
            assert actor.username == "admin"
            for statement in (
                "UPDATE audit_log SET username = 'x'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "DROP TABLE audit_log",
                "CREATE TABLE intruder (id int)",
            ):
                with (
                    pytest.raises(DBAPIError, match=r"permission denied|must be owner"),
                    app.engine.begin() as c,
                ):
                    c.execute(text(statement))
        finally:
            app.dispose()
    finally:
        with server.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for role in ("fpr_h_app", "fpr_h_owner"):
                c.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        server.dispose()
