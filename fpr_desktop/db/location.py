"""Which database to open and how to name it — without loading the database layer (fast start).

`fpr` resolves the URL (--db, FPR_DATABASE_URL, the saved connection, the per-user SQLite file)
and the login dialog names it before SQLAlchemy is imported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fpr_desktop.base import paths

ENV_URL = "FPR_DATABASE_URL"
CONNECTION_FILE = "connection.json"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def saved_connection_url() -> str | None:
    """The server connection an administrator saved from the GUI (per user, outside the DB)."""
    file = paths.config_dir() / CONNECTION_FILE
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url")
    return str(url) if url else None


def save_connection_url(url: str | None) -> Path:
    """Remember (or forget, with None) the database the GUI should open next time."""
    file = paths.config_dir() / CONNECTION_FILE
    file.write_text(json.dumps({"url": url}, ensure_ascii=False), encoding="utf-8")
    return file


def resolve_url(cli_url: str | None = None) -> str:
    """--db, then FPR_DATABASE_URL, then the saved connection, then the per-user SQLite file."""
    for candidate in (cli_url, os.environ.get(ENV_URL), saved_connection_url()):
        if candidate:
            return candidate
    return sqlite_url(paths.default_database_path())


def describe_url(url: str) -> str:
    """“SQLite：D:/data/fpr.sqlite3” or “PostgreSQL：user@host:port/db” (never a password)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = unquote(url.split(":///", 1)[1]) if ":///" in url else ""
        path = path.split("?", 1)[0]
        return f"SQLite：{path if path not in ('', ':memory:') else '内存数据库'}"
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{unquote(parts.username)}@" if parts.username else ""
    return f"PostgreSQL：{user}{host}{port}/{parts.path.lstrip('/')}"
