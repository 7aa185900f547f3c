"""First start sets up the county: units follow the name until edited, the bundled divisions are
offered only for 陇县, and another county starts empty with the division import opened next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.db.engine import Database
from ui.app import Startup
from ui.common.ops import OpRunner
from ui.exchange.wizard import ImportWizard
from ui.login import FirstAdminDialog

# the offscreen platform's note when a window's size hints change (harmless there)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def startup(qtbot: QtBot, database: Database, op_runner: OpRunner) -> Iterator[Startup]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    started = Startup(app, op_runner, database.url.render_as_string(hide_password=False))
    started.start()
    qtbot.waitUntil(lambda: started.dialog is not None and started.dialog.isVisible())
    yield started
    op_runner.wait_idle(5000)
    for w in QApplication.topLevelWidgets():
        if isinstance(w, ImportWizard):
            w.close()
    if started.dialog is not None:
        started.dialog.close()
    if started.window is not None:
        started.window.close()
    if started.info is not None:
        started.info.opened.db.dispose()
    app.setQuitOnLastWindowClosed(True)
    started.deleteLater()


def test_units_follow_the_name_and_bundled_divisions_only_for_longxian(
    qtbot: QtBot, startup: Startup
) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, FirstAdminDialog)
    box = dialog.county
    assert box.units["finance_unit"].text() == "陇县财政局" and box.bundled.isChecked()
    box.units["rural_unit"].setText("陇县农业农村局")
    box.units["rural_unit"].textEdited.emit("陇县农业农村局")  # as typed by the user
    box.name.setText("临城县")
    assert box.units["finance_unit"].text() == "临城县财政局"
    assert box.units["rural_unit"].text() == "陇县农业农村局"  # edited: left alone
    assert not box.bundled.isEnabled() and box.later.isChecked()
    assert "其他县请导入本县的区划表" in box.bundled.toolTip()
    box.name.setText("")
    qtbot.keyClicks(dialog.username, "chief")
    qtbot.keyClicks(dialog.password, "long-enough-1")
    qtbot.keyClicks(dialog.password2, "long-enough-1")
    assert dialog.check() == "请填写县名。"  # what 创建并登录 would show, nothing sent


def test_another_county_starts_empty_and_the_division_import_opens(
    qtbot: QtBot, startup: Startup, database: Database
) -> None:
    dialog = startup.dialog
    assert isinstance(dialog, FirstAdminDialog)
    dialog.county.name.setText("临城县")
    dialog.county.code.setText("130522")
    qtbot.keyClicks(dialog.username, "chief")
    qtbot.keyClicks(dialog.password, "long-enough-1")
    qtbot.keyClicks(dialog.password2, "long-enough-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ImportWizard) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard))
    assert wizard.windowTitle() == "导入行政区划"
    with database.read() as s:
        assert get_value(s, "org.county_name") == "临城县"
        assert get_value(s, "org.finance_unit") == "临城县财政局"
        assert s.scalar(select(func.count()).where(Division.level != "county")) == 0
        assert s.scalar(select(Division.code).where(Division.level == "county")) == "130522"
