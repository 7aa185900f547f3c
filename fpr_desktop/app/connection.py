"""Choosing the database a PC opens: a local SQLite file, or a shared PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from fpr_desktop.app.bootstrap import check_is_fpr_database
from fpr_desktop.base.errors import UserError, ValidationError
from fpr_desktop.db.engine import Database
from fpr_desktop.db.location import save_connection_url, sqlite_url

CONNECT_TIMEOUT_S = 5


def postgres_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    """The URL of a PostgreSQL database (psycopg 3), checked for the obvious omissions."""
    missing = [
        name
        for name, value in (("服务器地址", host), ("数据库名", database), ("用户名", user))
        if not value.strip()
    ]
    if missing:
        raise ValidationError(f"请填写{'、'.join(missing)}。")
    if not 0 < port < 65536:
        raise ValidationError("端口应为 1–65535 之间的整数（PostgreSQL 默认 5432）。")
    url = URL.create(
        "postgresql+psycopg",
        username=user.strip(),
        password=password or None,
        host=host.strip(),
        port=port,
        database=database.strip(),
    )
    return url.render_as_string(hide_password=False)


def file_url(path: Path) -> str:
    if path.suffix == "" or path.is_dir():
        raise ValidationError("请选择一个数据库文件（例如 fpr.sqlite3）。")
    return sqlite_url(path)


def try_connection(url: str) -> str:
    """Connect once (5 s at most) and check the database is empty or ours; returns a description."""
    db = Database(url, connect_timeout=CONNECT_TIMEOUT_S)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        check_is_fpr_database(db)
        return db.describe()
    except DBAPIError as exc:
        raise UserError(f"无法连接到 {db.describe()}：{exc.orig}") from None
    finally:
        db.dispose()


def remember(url: str | None) -> Path:
    """Open `url` from the next start on this PC (None: back to the local default file)."""
    return save_connection_url(url)
