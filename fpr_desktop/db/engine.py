"""One Database object per program run: engine, sessions and the rules of SQLite use.

SQLite: WAL, synchronous=NORMAL, foreign keys on, a 10 s busy timeout, and BEGIN IMMEDIATE for
every write transaction — otherwise a transaction that reads then writes fails at once with
"database is locked" when another PC or process is writing (TECH-NOTES). Read-only sessions use a
plain BEGIN so lists never queue behind a writer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from fpr_desktop.base.context import AFTER_SESSION, AuditContext
from fpr_desktop.base.errors import ConflictError, DatabaseBusy
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


def _raise_busy(exc: OperationalError) -> None:
    """SQLite's "database is locked" after the busy timeout → a Chinese message."""
    if "database is locked" in str(exc.orig) or "database table is locked" in str(exc.orig):
        raise DatabaseBusy(SQLITE_BUSY_TIMEOUT_S) from exc


class Database:
    """The opened database: engines, session factories and a human description."""

    def __init__(self, url: str, *, echo: bool = False, connect_timeout: int | None = None) -> None:
        from fpr_desktop.base.registry import load_foundation_models

        # The foundation's tables are mapped before the first session; a module's tables when
        # the module is first imported (start-up speed), all of them by `load_models()`.
        load_foundation_models()
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
        return describe_url(self.url.render_as_string(hide_password=False))

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
