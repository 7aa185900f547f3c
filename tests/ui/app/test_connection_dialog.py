"""数据库连接: the form builds the URL, tests it in the background, and remembers it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from fpr_desktop.app.connection import postgres_url
from fpr_desktop.db.location import resolve_url, saved_connection_url
from ui.common.ops import OpRunner
from ui.connection_dialog import ConnectionDialog

pytestmark = [pytest.mark.timeout(60), pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("FPR_DATABASE_URL", raising=False)


def _dialog(qtbot: QtBot, runner: OpRunner, url: str) -> ConnectionDialog:
    dialog = ConnectionDialog(runner, url)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_missing_server_fields_are_named(qtbot: QtBot, op_runner: OpRunner, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, op_runner, f"sqlite:///{tmp_path / 'a.sqlite3'}")
    dialog.use_server.setChecked(True)
    dialog.host.setText("")
    dialog.user.setText("")
    dialog.test()
    assert "请填写服务器地址、用户名" in dialog.error.text()


def test_file_connection_is_tested_and_remembered(
    qtbot: QtBot, op_runner: OpRunner, tmp_path: Path
) -> None:
    target = tmp_path / "共享" / "county.sqlite3"
    dialog = _dialog(qtbot, op_runner, f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert dialog.use_file.isChecked()
    dialog.path.setText(str(target))
    dialog.test()
    qtbot.waitUntil(lambda: dialog.result.text().startswith("连接成功"))
    dialog.save()
    assert saved_connection_url() == f"sqlite:///{target}"
    assert resolve_url(None) == f"sqlite:///{target}"
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            assert "重新启动" in box.text()
            box.close()


def test_a_database_that_is_not_ours_is_refused(
    qtbot: QtBot, op_runner: OpRunner, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    dialog = _dialog(qtbot, op_runner, f"sqlite:///{other}")
    dialog.test()
    qtbot.waitUntil(lambda: "不是本系统的数据库" in dialog.error.text())
    assert saved_connection_url() is None


def test_server_form_round_trips_a_postgres_url(qtbot: QtBot, op_runner: OpRunner) -> None:
    url = postgres_url("10.0.0.5", 5433, "fpr", "clerk", "p@ss:word")
    assert make_url(url).password == "p@ss:word"
    dialog = _dialog(qtbot, op_runner, url)
    assert dialog.use_server.isChecked() and not dialog.file_box.isEnabled()
    assert (dialog.host.text(), dialog.port.value(), dialog.user.text()) == (
        "10.0.0.5",
        5433,
        "clerk",
    )
    assert dialog.chosen_url() == url
