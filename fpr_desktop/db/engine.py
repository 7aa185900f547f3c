"""One Database object per program run: engine, sessions and the rules of SQLite use.

SQLite: WAL, synchronous=NORMAL, foreign keys on, a 10 s busy timeout, and BEGIN IMMEDIATE for
every write transaction — otherwise a transaction that reads then writes fails at once with
"database is locked" when another PC or process is writing (TECH-NOTES). Read-only sessions use a
plain BEGIN so lists never queue behind a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from fpr_desktop.base.context import AuditContext
from fpr_desktop.base.errors import ConflictError
from fpr_desktop.db.audit_hook import install_audit_hook
from fpr_desktop.db.location import describe_url

SQLITE_BUSY_TIMEOUT_S = 10


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
        return describe_url(self.url.render_as_string(hide_password=False))

    # -- sessions --------------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed (close() rolls back)."""
        session = self._read_factory()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def transaction(self, ctx: AuditContext) -> Iterator[Session]:
        """One user action = one transaction: committed whole, or rolled back whole."""
        session = self._write_factory()
        session.info["audit"] = ctx
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError() from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
