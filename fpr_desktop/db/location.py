"""Where a database URL points, in words, without loading the database layer (fast start-up)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


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
