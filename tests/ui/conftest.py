"""Shared set-up for GUI tests: Qt runs offscreen on the smallest screen clerks use.

The offscreen screen is a 1366×768 laptop (tests/ui/screens/), and every window a GUI test
shows is checked to fit it with its buttons in sight (`_windows_fit_the_laptop`): a dialog that
grows beyond the screen fails the test that opened it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

SCREENS = Path(__file__).resolve().parent / "screens"
# Must be set before pytest-qt creates the QApplication.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS / 'laptop-1366x768.json'}"


@pytest.fixture(autouse=True)
def _fresh_money_format() -> Iterator[None]:
    """Each test starts with the default money format (a workspace loads the settings' one)."""
    yield
    from ui.common.money import MoneyFormat

    MoneyFormat.use(MoneyFormat())


@pytest.fixture(autouse=True)
def _windows_fit_the_laptop(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a GUI test when a window it shows is larger than the laptop leaves, or hides buttons."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QApplication,
        QMenu,
        QWidget,
    )

    from ui.common.screen_fit import SMALLEST_SCREEN, smallest_usable_size, usable_size

    # The suite's screen is the laptop; a run on the 1920×1080/125% screen (1536×864 logical)
    # checks against what that screen leaves, as the main window sizes itself to it.
    limit = smallest_usable_size()
    request.getfixturevalue("qapp")
    screen = QApplication.primaryScreen()
    if screen is not None and screen.geometry().height() > SMALLEST_SCREEN.height():
        limit = usable_size()
    problems: list[str] = []

    def check(window: QWidget) -> None:
        layout = window.layout()
        if layout is not None:
            layout.activate()
        name = f"{type(window).__name__}“{window.windowTitle()}”"
        if window.width() > limit.width() or window.height() > limit.height():
            problems.append(
                f"{name} is {window.width()}×{window.height()}, the laptop leaves "
                f"{limit.width()}×{limit.height()}"
            )
        for button in window.findChildren(QAbstractButton):
            if not button.isVisibleTo(window) or _in_scroll_area(button, window):
                continue
            top_left = button.mapTo(window, button.rect().topLeft())
            bottom_right = button.mapTo(window, button.rect().bottomRight())
            if not (window.rect().contains(top_left) and window.rect().contains(bottom_right)):
                problems.append(f"{name}: button “{button.text()}” is outside the window")

    def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, QAbstractScrollArea):
                return True
            parent = parent.parentWidget()
        return False

    class ShowWatcher(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if (
                event.type() == QEvent.Type.Show
                and isinstance(obj, QWidget)
                and obj.isWindow()
                and not isinstance(obj, QMenu)
                and obj.windowType()
                in (obj.windowType().Window, obj.windowType().Dialog, obj.windowType().Sheet)
            ):
                check(obj)
            return False

    app = QApplication.instance()
    watcher = ShowWatcher()
    app.installEventFilter(watcher)
    try:
        yield
    finally:
        app.removeEventFilter(watcher)
    assert not problems, "windows that do not fit a 1366×768 laptop:\n" + "\n".join(problems)


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
    from ui.common.screen_fit import fit_to_screen
    from ui.common.widgets import Workspace
    from ui.main_window import MainWindow

    windows: list[MainWindow] = []  # qtbot holds widgets weakly; a test may not keep its own

    def open_window(actor: Actor) -> MainWindow:
        window = MainWindow(Workspace(database, actor, op_runner))
        qtbot.addWidget(window)
        windows.append(window)
        fit_to_screen(window, 1200, 800)
        window.show()
        return window

    yield open_window
    op_runner.wait_idle(5000)
    from ui.common.unsaved import dialogs_with_changes

    for window in windows:  # a test that leaves typing behind: closing it must not ask
        for dialog in dialogs_with_changes(window):
            dialog.guard.discard()  # type: ignore[attr-defined]
    windows.clear()
