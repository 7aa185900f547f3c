"""One Database object per program run: engine, sessions and the rules of SQLite use.

SQLite: WAL, synchronous=NORMAL, foreign keys on, a 10 s busy timeout, and BEGIN IMMEDIATE for
every write transaction — otherwise a transaction that reads then writes fails at once with
"database is locked" when another PC or process is writing (TECH-NOTES). Read-only sessions use a
plain BEGIN so lists never queue behind a writer.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from fpr_desktop.base import paths
from fpr_desktop.base.errors import ConflictError, DatabaseBusy
from fpr_desktop.db import secrets
from fpr_desktop.db.audit_hook import install_audit_hook

ENV_URL = "FPR_DATABASE_URL"
CONNECTION_FILE = "connection.json"
SQLITE_BUSY_TIMEOUT_S = 10


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def saved_connection_url() -> str | None:
    """The server connection an administrator saved from the GUI (per user, outside the DB);
    the password comes back from where `save_connection_url` put it."""
    file = paths.config_dir() / CONNECTION_FILE
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url")
    if not url:
        return None
    where = data.get("password")
    if where:
        secret = secrets.load(str(url), str(where))
        if secret is not None:
            return make_url(str(url)).set(password=secret).render_as_string(hide_password=False)
    return str(url)


def save_connection_url(url: str | None) -> Path:
    """Remember (or forget, with None) the database the GUI should open next time. A password
    is kept out of the file: in the OS keyring, or a file only this user can read."""
    file = paths.config_dir() / CONNECTION_FILE
    data: dict[str, str | None] = {"url": url}
    if url is not None and make_url(url).password:
        parsed = make_url(url)
        bare = URL.create(
            parsed.drivername,
            parsed.username,
            None,
            parsed.host,
            parsed.port,
            parsed.database,
            parsed.query,
        ).render_as_string(hide_password=False)
        data = {"url": bare, "password": secrets.store(bare, str(parsed.password))}
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return file


def saved_password_place() -> str | None:
    """Chinese: where the saved connection's password is, or None when there is none."""
    try:
        data = json.loads((paths.config_dir() / CONNECTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return secrets.describe(str(data["password"])) if data.get("password") else None


def resolve_url(cli_url: str | None = None) -> str:
    """--db, then FPR_DATABASE_URL, then the saved connection, then the per-user SQLite file."""
    for candidate in (cli_url, os.environ.get(ENV_URL), saved_connection_url()):
        if candidate:
            return candidate
    return sqlite_url(paths.default_database_path())


def looks_like_network_path(path: Path) -> bool:
    """SQLite's WAL is unsafe on network shares; shared use must go to PostgreSQL."""
    text = str(path)
    return text.startswith("\\\\") or text.startswith("//")


def _install_sqlite_rules(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("fpr_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


AFTER_SESSION = "fpr_after_session"


def _raise_busy(exc: OperationalError) -> None:
    """SQLite's "database is locked" after the busy timeout → a Chinese message."""
    if "database is locked" in str(exc.orig) or "database table is locked" in str(exc.orig):
        raise DatabaseBusy(SQLITE_BUSY_TIMEOUT_S) from exc


def after_session(session: Session, write: Callable[[Session], None]) -> None:
    """Record something even when the action is refused and rolled back (a failed login, a
    permission refusal): `write(session)` runs in its own transaction once this session ends."""
    session.info.setdefault(AFTER_SESSION, []).append(write)


@dataclass(frozen=True)
class AuditContext:
    """Who acts and through which door; every write session carries one."""

    user_id: int | None
    username: str
    source: str  # ui / import / cli / system


class Database:
    """The opened database: engines, session factories and a human description."""

    def __init__(self, url: str, *, echo: bool = False, connect_timeout: int | None = None) -> None:
        from fpr_desktop.base.registry import load_models

        load_models()  # every module's tables are mapped before the first session
        self.url: URL = make_url(url)
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {
                "check_same_thread": False,
                "timeout": SQLITE_BUSY_TIMEOUT_S,
            }
            if self.sqlite_path is not None:
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["pool_pre_ping"] = True
            if connect_timeout is not None:
                kwargs["connect_args"] = {"connect_timeout": connect_timeout}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _install_sqlite_rules(self.engine)
        self._write_engine = self.engine.execution_options(fpr_write=True)
        self._deferred: list[Callable[[Session], None]] = []
        self._read_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._write_factory = sessionmaker(self._write_engine, expire_on_commit=False)
        install_audit_hook(self._write_factory)
        install_audit_hook(self._read_factory)

    # -- facts ---------------------------------------------------------------------------------
    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or self.url.database in (None, "", ":memory:"):
            return None
        return Path(str(self.url.database))

    def describe(self) -> str:
        """What the status bar shows: the file, or the server and database (never a password)."""
        if self.is_sqlite:
            return f"SQLite：{self.sqlite_path or '内存数据库'}"
        host = self.url.host or "localhost"
        port = f":{self.url.port}" if self.url.port else ""
        user = f"{self.url.username}@" if self.url.username else ""
        return f"PostgreSQL：{user}{host}{port}/{self.url.database}"

    # -- sessions --------------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed (close() rolls back)."""
        session = self._read_factory()
        try:
            yield session
        except OperationalError as exc:
            _raise_busy(exc)
            raise
        finally:
            session.close()
            self._after(session)

    @contextmanager
    def transaction(self, ctx: AuditContext) -> Iterator[Session]:
        """One user action = one transaction: committed whole, or rolled back whole."""
        session = self._write_factory()
        session.info["audit"] = ctx
        try:
            self._catch_up(session)
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError() from exc
        except OperationalError as exc:
            session.rollback()
            _raise_busy(exc)
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            self._after(session)

    def _after(self, session: Session) -> None:
        pending = session.info.pop(AFTER_SESSION, None)
        if not pending:
            return
        ctx = session.info.get("audit") or AuditContext(None, "", "system")
        try:
            with self.transaction(ctx) as again:
                for write in pending:
                    write(again)
        except Exception:  # recording a refusal must never hide the refusal itself
            logging.getLogger(__name__).exception("could not record a refused action")

    def defer(self, write: Callable[[Session], None]) -> None:
        """A write that found the database busy (a login's record): done at the start of the
        next transaction, or when the database is closed."""
        self._deferred.append(write)

    def _catch_up(self, session: Session) -> None:
        while self._deferred:
            self._deferred.pop(0)(session)

    def dispose(self) -> None:
        if self._deferred:
            try:
                with self.transaction(AuditContext(None, "", "system")):
                    pass
            except Exception:  # still busy: the record is lost, say so in the log
                logging.getLogger(__name__).warning("deferred writes dropped (database busy)")
                self._deferred.clear()
        self.engine.dispose()
