"""SQLite held by another writer: opening, logging in and reading still work (no write lock
needed); a write waits for the busy timeout and then says “数据库正忙…” (exit 1), never a
traceback; the login is recorded once the database is free."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fpr_desktop.base.models import AuditLog
from fpr_desktop.cli.main import main
from fpr_desktop.db import engine as engine_module
from fpr_desktop.db.engine import Database

PASSWORD = "admin-pass-1"


def test_reads_work_and_writes_say_busy_while_another_program_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_S", 1)
    monkeypatch.setenv("FPR_PASSWORD", PASSWORD)
    path = tmp_path / "fpr.sqlite3"
    url = f"sqlite:///{path}"
    assert main(["--db", url, "user", "add", "admin", "--role", "admin"]) == 0
    tpl = tmp_path / "区划模板.xlsx"
    assert main(["--db", url, "--user", "admin", "export", "divisions", str(tpl)]) == 0
    capsys.readouterr()

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another PC in the middle of a long import
    try:
        out = tmp_path / "导出.xlsx"
        assert main(["--db", url, "--user", "admin", "export", "divisions", str(out)]) == 0
        assert out.exists()
        code = main(["--db", url, "--user", "admin", "import", "divisions", str(tpl)])
        err = capsys.readouterr().err
        assert code == 1 and "数据库正忙" in err and "Traceback" not in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db = Database(url)
    try:
        assert main(["--db", url, "--user", "admin", "export", "divisions", str(out)]) == 0
        with db.read() as s:
            logins = s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "login"))
        assert logins >= 2  # the busy-time logins could not all be recorded; later ones are
    finally:
        db.dispose()
