"""Which database to open and how to name it — without loading the database layer (fast start).

`fpr` resolves the URL (--db, FPR_DATABASE_URL, the saved connection, the per-user SQLite file)
and the login dialog names it before SQLAlchemy is imported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from fpr_desktop.base import paths

ENV_URL = "FPR_DATABASE_URL"
CONNECTION_FILE = "connection.json"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _saved() -> dict[str, str]:
    try:
        data = json.loads((paths.config_dir() / CONNECTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _with_password(url: str, password: str | None) -> str:
    """`url` with its password replaced (None: without a password)."""
    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    auth = quote(unquote(user), safe="") if user else ""
    if password is not None and user:
        auth += ":" + quote(password, safe="")
    netloc = f"{auth}@{host}{port}" if auth else f"{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def saved_connection_url() -> str | None:
    """The server connection an administrator saved from the GUI (per user, outside the DB);
    the password comes back from where `save_connection_url` put it."""
    data = _saved()
    url = data.get("url")
    if not url:
        return None
    where = data.get("password")
    if where:
        from fpr_desktop.db import secrets

        secret = secrets.load(str(url), str(where))
        if secret is not None:
            return _with_password(str(url), secret)
    return str(url)


def save_connection_url(url: str | None) -> Path:
    """Remember (or forget, with None) the database the GUI should open next time. A password
    is kept out of the file: in the OS keyring, or a file only this user can read."""
    file = paths.config_dir() / CONNECTION_FILE
    data: dict[str, str | None] = {"url": url}
    password = urlsplit(url).password if url is not None else None
    if url is not None and password:
        from fpr_desktop.db import secrets

        bare = _with_password(url, None)
        data = {"url": bare, "password": secrets.store(bare, unquote(password))}
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return file


def saved_password_place() -> str | None:
    """Chinese: where the saved connection's password is, or None when there is none."""
    where = _saved().get("password")
    if not where:
        return None
    from fpr_desktop.db import secrets

    return secrets.describe(str(where))


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
