"""Shared set-up for GUI tests: Qt runs offscreen so the tests need no display."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

# Must be set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# --- main window and admin pages (tests/ui/test_login.py, test_main_window.py, test_admin_*.py) --
# The `database`, `admin` and `user_factory` fixtures come from tests/conftest.py (SQLite, or
# PostgreSQL when FPR_TEST_DATABASE_URL is set). Qt imports stay inside the fixtures so that the
# QT_QPA_PLATFORM default above is in place before anything loads Qt.

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fpr_desktop.base.context import Actor
    from fpr_desktop.db.engine import Database
    from ui.common.ops import OpRunner
    from ui.main_window import MainWindow


@pytest.fixture
def op_runner(qtbot: QtBot) -> Iterator[OpRunner]:
    """The one op runner of a GUI test; outstanding results land before widgets are closed."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.common.ops import OpRunner

    runner = OpRunner()
    yield runner
    runner.wait_idle(5000)
    assert runner.shutdown(timeout_ms=5000), "worker thread still running after shutdown"
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


@pytest.fixture
def main_window(
    qtbot: QtBot, database: Database, op_runner: OpRunner
) -> Iterator[Callable[[Actor], MainWindow]]:
    """open(actor) -> the main window for that user, shown (offscreen)."""
    from ui.common.widgets import Workspace
    from ui.main_window import MainWindow

    windows: list[MainWindow] = []  # qtbot holds widgets weakly; a test may not keep its own

    def open_window(actor: Actor) -> MainWindow:
        window = MainWindow(Workspace(database, actor, op_runner))
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1200, 800)
        window.show()
        return window

    yield open_window
    op_runner.wait_idle(5000)
    windows.clear()
