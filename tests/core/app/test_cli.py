"""The `fpr` command line: exit codes, first user, demo accounts, backup and restore."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.models import AuditLog, Division, User
from fpr_desktop.cli.main import main
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions.demo import DEMO_VILLAGE_NOTE


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_first_user_must_be_admin_then_admin_adds_users(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FPR_PASSWORD", "first-admin-1")
    assert main(["--db", sqlite_url, "user", "add", "clerk", "--role", "finance"]) == 2
    assert "第一个用户必须是系统管理员" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "user", "add", "boss", "--role", "admin"]) == 0
    # later users need an administrator logged in
    assert (
        main(["--db", sqlite_url, "user", "add", "gg", "--role", "town", "--scope", "固关镇"]) == 2
    )
    monkeypatch.setenv("FPR_NEW_PASSWORD", "town-clerk-1")
    code = main(
        [
            "--db",
            sqlite_url,
            "--user",
            "boss",
            "user",
            "add",
            "gg",
            "--role",
            "town",
            "--scope",
            "固关镇",
        ]
    )
    assert code == 0
    assert "固关镇" in capsys.readouterr().out
    db = Database(sqlite_url)
    with db.read() as s:
        gg = s.scalar(select(User).where(User.username == "gg"))
        town = s.get(Division, gg.scope_division_id)
        logs = s.scalars(select(AuditLog).where(AuditLog.table_name == "app_user"))
        sources = {r.source for r in logs}
    db.dispose()
    assert town.name == "固关镇"
    assert sources == {"cli"}


def test_wrong_password_exits_1_with_chinese_message(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FPR_PASSWORD", "first-admin-1")
    main(["--db", sqlite_url, "user", "add", "boss", "--role", "admin"])
    monkeypatch.setenv("FPR_PASSWORD", "wrong-one-1")
    assert main(["--db", sqlite_url, "--user", "boss", "user", "list"]) == 1
    assert "用户名或密码错误" in capsys.readouterr().err


def test_demo_prints_one_account_per_role_and_refuses_real_db(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "demo"]) == 0
    out = capsys.readouterr().out
    for name in (
        "demo_admin",
        "demo_finance",
        "demo_project",
        "demo_org",
        "demo_town",
        "demo_auditor",
    ):
        assert name in out
    db = Database(sqlite_url)
    with db.read() as s:
        samples = s.execute(
            select(Division.name, Division.parent_id).where(Division.note == DEMO_VILLAGE_NOTE)
        ).all()
    db.dispose()
    # invented villages read like 陇县's, are marked as invented, and are unique in their town
    assert len(samples) >= 10
    assert "杜阳村" in {n for n, _ in samples}
    assert not [n for n, _ in samples if n.startswith("示例村")]
    assert len(set(samples)) == len(samples)
    real = sqlite_url.replace("cli.sqlite3", "real.sqlite3")
    monkeypatch.setenv("FPR_PASSWORD", "first-admin-1")
    main(["--db", real, "user", "add", "boss", "--role", "admin"])
    assert main(["--db", real, "demo"]) == 1
    assert "已有正式用户" in capsys.readouterr().err


def test_backup_and_restore_round_trip(
    tmp_path: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FPR_PASSWORD", "first-admin-1")
    main(["--db", sqlite_url, "user", "add", "boss", "--role", "admin"])
    copy = tmp_path / "backup.sqlite3"
    assert main(["--db", sqlite_url, "--user", "boss", "db", "backup", str(copy)]) == 0
    db = Database(sqlite_url)
    with db.transaction(SYSTEM.audit()) as s:
        s.scalar(select(Division).where(Division.name == "固关镇")).note = "备份后修改"
    db.dispose()
    assert main(["--db", sqlite_url, "--user", "boss", "db", "restore", str(copy)]) == 0
    db = Database(sqlite_url)
    with db.read() as s:
        note = s.scalar(select(Division.note).where(Division.name == "固关镇"))
        restored = s.scalar(select(AuditLog).where(AuditLog.action == "restore"))
    db.dispose()
    assert note != "备份后修改"
    assert restored is not None and restored.source == "cli"
    assert list(tmp_path.glob("cli.before-restore-*.sqlite3"))


def test_restore_refuses_a_file_that_is_not_ours(
    tmp_path: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("这不是数据库", encoding="utf-8")
    monkeypatch.setenv("FPR_PASSWORD", "first-admin-1")
    assert main(["--db", sqlite_url, "--user", "boss", "db", "restore", str(bogus)]) == 1
    assert "不是本系统的数据库备份" in capsys.readouterr().err
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert main(["--db", sqlite_url, "--user", "boss", "db", "restore", str(other)]) == 1
    assert "缺少系统标识" in capsys.readouterr().err
