"""Daily SQLite backups, what a backup holds, and restores that check and lock (SQLite files)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from fpr_desktop.app import backups
from fpr_desktop.app.bootstrap import open_database
from fpr_desktop.app.demo import fill_demo
from fpr_desktop.base import paths, settings
from fpr_desktop.base.context import SYSTEM, Actor
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.models import AuditLog, Division
from fpr_desktop.db import backup as backup_mod
from fpr_desktop.db.engine import Database
from fpr_desktop.db.migrate import backup_sqlite_file

ADMIN = Actor(user_id=None, username="t-admin", display_name="管理员", role="admin", source="cli")


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with demonstration data in every module that has a seeder."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    opened = open_database(f"sqlite:///{path}")
    with opened.db.transaction(SYSTEM.audit()) as session:
        fill_demo(session, scale=1)
    opened.db.dispose()
    return path


@pytest.fixture
def live(_demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "live.sqlite3"
    backup_sqlite_file(_demo_file, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


def rows_of(file: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(file)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def schema_of(file: Path) -> set[tuple[str, str, str]]:
    conn = sqlite3.connect(file)
    try:
        return set(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        conn.close()


def set_setting(db: Database, key: str, value: object) -> None:
    admin = Actor(user_id=None, username="sys", display_name="系统", role="admin", source="system")
    with db.transaction(admin.audit()) as session:
        settings.set_value(session, admin, key, value, 0)


# --- daily backups ---------------------------------------------------------------------------


def test_first_start_of_a_day_backs_up_once_and_old_copies_are_pruned(
    live: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "share" / "backups"
    set_setting(live, "backup.folder", str(folder))
    set_setting(live, "backup.keep_days", 2)
    day1 = datetime(2026, 3, 2, 8, 30)
    first = backups.daily_backup(live, now=day1)
    assert first.created == folder / "fpr-daily-20260302-083000.sqlite3" and first.warning is None
    assert backups.daily_backup(live, now=day1 + timedelta(hours=6)).created is None
    by_hand = folder / "月底前手工备份.sqlite3"
    backup_mod.backup(live, by_hand)
    third = None
    for offset in (1, 2):
        third = backups.daily_backup(live, now=day1 + timedelta(days=offset))
        assert third.created is not None
    # keep 2 days: on 03-04 the copies of 03-03 and 03-04 stay, 03-02's goes
    assert third is not None and [p.name for p in third.pruned] == [first.created.name]
    later = backups.daily_backup(live, now=day1 + timedelta(days=5))
    assert sorted(p.name for p in later.pruned) == [
        "fpr-daily-20260303-083000.sqlite3",
        "fpr-daily-20260304-083000.sqlite3",
    ]
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["fpr-daily-20260307-083000.sqlite3", "月底前手工备份.sqlite3"]
    listed = backups.list_backups(folder)
    assert {b.path.name for b in listed if not b.daily} == {"月底前手工备份.sqlite3"}
    assert rows_of(folder / names[0]) == rows_of(live.sqlite_path)


def test_an_unreachable_backup_folder_warns_and_the_start_goes_on(
    live: Database, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    set_setting(live, "backup.folder", str(blocker / "backups"))
    result = backups.daily_backup(live)
    assert result.created is None
    assert result.warning is not None and "今日自动备份失败" in result.warning
    assert str(blocker / "backups") in result.warning


def test_without_a_chosen_folder_backups_go_to_the_default_one(live: Database) -> None:
    assert backups.backup_folder(live) == paths.default_backups_dir()
    assert backups.daily_backup(live).created.parent == paths.default_backups_dir()


# --- what a backup holds ------------------------------------------------------------------


def test_summary_counts_rows_per_module(live: Database, tmp_path: Path) -> None:
    copy = backup_mod.backup(live, tmp_path / "copy.sqlite3")
    summary = backups.summarize(copy)
    with live.read() as session:
        divisions = len(session.scalars(select(Division.id)).all())
    assert next(iter(summary.modules)) == "基础数据"
    foundation = {t.table: t for t in summary.modules["基础数据"]}
    assert foundation["division"].rows == divisions and foundation["division"].label == "行政区划"
    projects = {t.table: t.rows for t in summary.modules["项目库"]}
    assert projects["project"] > 0
    assert summary.total_rows == sum(rows_of(copy)[t].__len__() for t in rows_of(copy)) - 1


# --- restore ------------------------------------------------------------------------------


def test_restore_into_a_fresh_database_reproduces_every_table(
    live: Database, tmp_path: Path
) -> None:
    copy = backup_mod.backup(live, tmp_path / "copy.sqlite3")
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}").db
    try:
        result = backup_mod.restore(fresh, copy)
        assert fresh.sqlite_path is not None
        assert rows_of(fresh.sqlite_path) == rows_of(copy)
        assert schema_of(fresh.sqlite_path) == schema_of(copy)
        assert backup_mod.integrity_problems(fresh.sqlite_path) == []
        assert result.safety_copy.is_file()
        backups.restore_backup(fresh, ADMIN, copy)  # the program's restore: migrate + audit
        with fresh.read() as session:
            event = session.scalar(select(AuditLog).where(AuditLog.action == "restore"))
        assert event is not None and "copy.sqlite3" in (event.new_value or "")
    finally:
        fresh.dispose()


def corrupt_one_page(file: Path) -> None:
    """Break one leaf page of the division table (the file still opens and reads its mark)."""
    conn = sqlite3.connect(file)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'division' AND pagetype = 'leaf'"
        )
    ]
    conn.close()
    assert pages, "the division table must span leaf pages"
    with file.open("r+b") as fh:  # the cell pointers after the 8-byte leaf header
        fh.seek((pages[len(pages) // 2] - 1) * page_size + 8)
        fh.write(b"\xff" * 16)


def test_a_corrupted_backup_is_refused_before_anything_changes(
    live: Database, tmp_path: Path
) -> None:
    copy = backup_mod.backup(live, tmp_path / "copy.sqlite3")
    corrupt_one_page(copy)
    assert backup_mod.integrity_problems(copy)
    assert live.sqlite_path is not None
    before = rows_of(live.sqlite_path)
    with pytest.raises(
        UserError, match=r"已损坏.*完整性检查未通过：On tree page \d+.*当前数据未作任何改动"
    ):
        backups.restore_backup(live, ADMIN, copy)
    assert rows_of(live.sqlite_path) == before
    assert not list(tmp_path.glob("live.before-restore-*"))
    with pytest.raises(UserError, match="已损坏"):
        backups.summarize(copy)


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
i = 0
while True:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO app_meta (key, value) VALUES (?, 'w')", (f"w{i}",))
    conn.execute("COMMIT")
    print(i, flush=True)
    i += 1
    time.sleep(0.002)
"""


def test_restore_while_another_process_writes_loses_no_committed_write(
    live: Database, tmp_path: Path
) -> None:
    copy = backup_mod.backup(live, tmp_path / "copy.sqlite3")
    assert live.sqlite_path is not None
    with live.transaction(SYSTEM.audit()) as session:
        session.scalar(select(Division).where(Division.name == "固关镇")).note = "备份后修改"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(live.sqlite_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        while int(writer.stdout.readline()) < 50:
            pass
        result = backup_mod.restore(live, copy)
        deadline = time.monotonic() + 30
        after_restore = 0
        while after_restore < 50 and time.monotonic() < deadline:
            writer.stdout.readline()
            after_restore += 1
    finally:
        writer.terminate()
        out, _ = writer.communicate(timeout=30)
    committed = {f"w{n}" for n in range(int(out.split()[-1]) + 1 if out.split() else 0)}
    committed |= {f"w{n}" for n in range(50)}

    def keys(file: Path) -> set[str]:
        conn = sqlite3.connect(file)
        try:
            return {r[0] for r in conn.execute("SELECT key FROM app_meta WHERE key LIKE 'w%'")}
        finally:
            conn.close()

    in_safety, in_live = keys(result.safety_copy), keys(live.sqlite_path)
    assert committed - (in_safety | in_live) == set()  # no committed write in neither file
    assert in_safety and in_live  # the writer wrote before the lock and after the swap
    with live.read() as session:
        note = session.scalar(select(Division.note).where(Division.name == "固关镇"))
    assert note != "备份后修改"  # the live file holds the backup's data
    assert backup_mod.integrity_problems(live.sqlite_path) == []


def test_restore_refuses_while_another_client_holds_the_write_lock(
    live: Database, tmp_path: Path
) -> None:
    copy = backup_mod.backup(live, tmp_path / "copy.sqlite3")
    assert live.sqlite_path is not None
    before = rows_of(live.sqlite_path)
    other = sqlite3.connect(live.sqlite_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError, match="数据库正忙"):
            backup_mod.restore(live, copy, lock_timeout_s=0.3)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert rows_of(live.sqlite_path) == before


def test_fpr_db_backup_copies_sqlite_and_runs_pg_dump_on_a_server(
    database: Database, admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fpr_desktop.cli.main import main

    dest = tmp_path / "backup.out"
    url = database.url.render_as_string(hide_password=False)
    monkeypatch.setenv("FPR_PASSWORD", "admin-pass-1")
    assert main(["--db", url, "--user", admin.username, "db", "backup", str(dest)]) == 0
    if database.is_sqlite:
        assert backup_mod.check_backup_file(dest)
        assert rows_of(dest)["division"]
    else:
        listing = subprocess.run(
            ["pg_restore", "--list", str(dest)], capture_output=True, text=True, check=True
        ).stdout
        assert "TABLE DATA public division" in listing
        assert "TABLE DATA public audit_log" in listing
    assert main(["--db", url, "--user", admin.username, "db", "backup", str(dest)]) == 1


def test_fpr_db_backups_takes_todays_backup_and_lists_the_folder(
    live: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fpr_desktop.app.demo import DEMO_PASSWORD
    from fpr_desktop.cli.main import main

    monkeypatch.setenv("FPR_PASSWORD", DEMO_PASSWORD)
    url = f"sqlite:///{live.sqlite_path}"
    assert main(["--db", url, "--user", "demo_admin", "db", "backups"]) == 0
    out = capsys.readouterr().out
    assert f"备份文件夹：{paths.default_backups_dir()}" in out
    assert "自动" in out and "fpr-daily-" in out
    assert len(list(paths.default_backups_dir().glob("fpr-daily-*.sqlite3"))) == 1
    assert main(["--db", url, "--user", "demo_admin", "db", "backups"]) == 0  # once a day
    assert len(list(paths.default_backups_dir().glob("fpr-daily-*.sqlite3"))) == 1
