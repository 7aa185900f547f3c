"""文件 → 从备份恢复, 帮助 → 用户手册 (F1) and 关于, as an administrator and a clerk sees them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop import __version__
from fpr_desktop.app import backups
from fpr_desktop.app.bootstrap import open_database
from fpr_desktop.base import settings
from fpr_desktop.base.context import SYSTEM, Actor
from fpr_desktop.base.models import Division
from fpr_desktop.db import backup as backup_mod
from fpr_desktop.db.backup import RestoreResult
from fpr_desktop.db.engine import Database
from ui.backup.restore_dialog import RestoreDialog
from ui.common.ops import OpRunner
from ui.common.widgets import Workspace
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)"),
]
ADMIN = Actor(user_id=None, username="root", display_name="管理员", role="admin", source="ui")


@pytest.fixture
def sqlite_ws(tmp_path: Path, op_runner: OpRunner) -> Iterator[Workspace]:
    """An SQLite database (both test runs: restore is an SQLite file operation)."""
    db = open_database(f"sqlite:///{tmp_path / 'live.sqlite3'}").db
    with db.transaction(ADMIN.audit()) as session:
        settings.set_value(session, ADMIN, "backup.folder", str(tmp_path / "备份"), 0)
    yield Workspace(db, ADMIN, op_runner)
    op_runner.wait_idle(5000)
    db.dispose()


def set_note(db: Database, note: str) -> None:
    with db.transaction(SYSTEM.audit()) as session:
        session.scalar(select(Division).where(Division.name == "固关镇")).note = note


def note_of(db: Database) -> str | None:
    with db.read() as session:
        return session.scalar(select(Division.note).where(Division.name == "固关镇"))


def test_restore_shows_what_the_backup_holds_then_restores_it(
    qtbot: QtBot, sqlite_ws: Workspace, tmp_path: Path
) -> None:
    db = sqlite_ws.db
    set_note(db, "备份时的备注")
    made = backups.daily_backup(db)
    assert made.created is not None
    set_note(db, "备份后的修改")
    dialog = RestoreDialog(sqlite_ws)
    qtbot.addWidget(dialog)
    dialog.resize(1366 * 2 // 3, 620)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    assert dialog.files.rowCount() == 1 and dialog.files.item(0, 1).text() == "每日自动"
    assert "文件完好" in dialog.summary_label.text()
    titles = [
        dialog.contents.topLevelItem(i).text(0) for i in range(dialog.contents.topLevelItemCount())
    ]
    assert titles[0] == "基础数据" and "项目库" in titles
    foundation = dialog.contents.topLevelItem(0)
    children = {
        foundation.child(i).text(0): foundation.child(i).text(1)
        for i in range(foundation.childCount())
    }
    assert children["行政区划（division）"] == str(
        backup_mod.table_counts(made.created)["division"]
    )
    assert dialog.restore_button.isEnabled()
    dialog.grab().save(str(tmp_path / "restore.png"))
    with qtbot.waitSignal(dialog.restored, timeout=20_000) as signal:
        dialog.restore(made.created)
    result = signal.args[0]
    assert isinstance(result, RestoreResult) and result.safety_copy.is_file()
    assert note_of(db) == "备份时的备注"
    conn = sqlite3.connect(result.safety_copy)
    kept = conn.execute("SELECT note FROM division WHERE name = '固关镇'").fetchone()[0]
    conn.close()
    assert kept == "备份后的修改"  # the state before the restore is not lost


def test_a_damaged_backup_is_named_and_cannot_be_restored(
    qtbot: QtBot, sqlite_ws: Workspace, tmp_path: Path
) -> None:
    bad = tmp_path / "坏的备份.sqlite3"
    backup_mod.backup(sqlite_ws.db, bad)
    with bad.open("r+b") as fh:  # break the first table page after the schema
        fh.seek(4096 + 8)
        fh.write(b"\xff" * 32)
    dialog = RestoreDialog(sqlite_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.folder is not None)
    dialog.show_backup(bad)
    qtbot.waitUntil(lambda: "已损坏" in dialog.error.text(), timeout=10_000)
    assert "当前数据未作任何改动" in dialog.error.text()
    assert not dialog.restore_button.isEnabled()


def test_menus_for_an_administrator_and_a_clerk(
    qtbot: QtBot,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: Callable[[Actor], MainWindow],
    database: Database,
) -> None:
    window = main_window(admin)
    assert window.backup_action.isEnabled()  # SQLite copy, or pg_dump on a server
    assert window.restore_action.isEnabled() == database.is_sqlite
    if not database.is_sqlite:
        assert "pg_restore" in window.restore_action.statusTip()
    clerk = main_window(user_factory("gg", "town", "固关镇"))
    assert not clerk.backup_action.isEnabled() and not clerk.restore_action.isEnabled()
    assert "只有系统管理员" in clerk.restore_action.statusTip()


def test_f1_opens_the_guide_at_the_current_tab(
    qtbot: QtBot, admin: Actor, main_window: Callable[[Actor], MainWindow], tmp_path: Path
) -> None:
    window = main_window(admin)
    window.show_tab("项目库")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_F1)
    assert window.guide is not None
    qtbot.waitUntil(window.guide.isVisible)
    assert window.guide.current_file() == "04-projects.md"
    assert "项目库" in window.guide.text.toPlainText()
    window.show_tab("首页")
    window.guide_action.trigger()
    assert window.guide.current_file() == "03-roles.md"
    window.open_guide("08-backup.md")
    assert "恢复" in window.guide.text.toPlainText()
    window.guide.grab().save(str(tmp_path / "guide.png"))


def test_about_names_version_database_and_licences(
    qtbot: QtBot, admin: Actor, main_window: Callable[[Actor], MainWindow], database: Database
) -> None:
    window = main_window(admin)
    dialog = window.open_about()
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.toPlainText()
    assert __version__ in text and database.describe() in text
    assert "SIL OPEN FONT LICENSE VERSION 1.1" in text.upper()
    for name in ("PySide6-Essentials", "SQLAlchemy", "reportlab", "LGPL-3.0", "MIT"):
        assert name in text
    dialog.close()
    QApplication.processEvents()
