"""系统管理 → 行政区划 → 本县设置…: unit names changed in place; another county while there are
no projects (its division import opens next); the county locked once there are projects."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.db.engine import Database
from fpr_desktop.projects.proposals import ProjectInput, create_project
from ui.admin.county_dialog import CountyDialog
from ui.admin.divisions_page import DivisionsPage
from ui.exchange.wizard import ImportWizard
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
CLICK = Qt.MouseButton.LeftButton


def _dialog(qtbot: QtBot, window: MainWindow) -> tuple[DivisionsPage, CountyDialog]:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("行政区划")
    assert isinstance(page, DivisionsPage)
    qtbot.waitUntil(lambda: bool(page.items))
    qtbot.mouseClick(page.county_button, CLICK)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, CountyDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, CountyDialog) and w.isVisible()
    )
    return page, dialog


def test_switch_to_another_county_then_its_division_import(
    qtbot: QtBot, admin: Actor, database: Database, main_window: Callable[[Actor], MainWindow]
) -> None:
    _page, dialog = _dialog(qtbot, main_window(admin))
    box = dialog.box
    assert box.name.text() == "陇县" and box.keep.isChecked()
    box.name.setText("临城县")
    assert not box.keep.isEnabled() and box.later.isChecked()
    assert box.units["finance_unit"].text() == "陇县财政局"  # stored names stay until edited
    box.units["finance_unit"].setText("临城县财政局")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ImportWizard) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    with database.read() as s:
        assert get_value(s, "org.county_name") == "临城县"
        assert get_value(s, "org.finance_unit") == "临城县财政局"
        assert s.scalar(select(func.count()).where(Division.level == "town")) == 0
    for w in QApplication.topLevelWidgets():
        if isinstance(w, ImportWizard):
            w.close()


def test_with_projects_only_code_and_units_may_change(
    qtbot: QtBot, admin: Actor, database: Database, main_window: Callable[[Actor], MainWindow]
) -> None:
    with database.transaction(admin.audit()) as s:
        town = s.scalars(select(Division).where(Division.name == "固关镇")).one()
        inp = ProjectInput("核桃园", 2025, None, "新建", town.id, None, "", Decimal(1), Decimal(1))
        create_project(s, admin, inp)
    _page, dialog = _dialog(qtbot, main_window(admin))
    assert not dialog.box.name.isEnabled() and "已有项目" in dialog.box.name.toolTip()
    assert not dialog.box.later.isEnabled()
    dialog.box.code.setText("610327")
    dialog.box.units["rural_unit"].setText("陇县农业农村局")
    qtbot.mouseClick(dialog.save_button, CLICK)

    def rural_unit() -> str:
        with database.read() as s:
            return str(get_value(s, "org.rural_unit"))

    qtbot.waitUntil(lambda: rural_unit() == "陇县农业农村局")
    with database.read() as s:
        assert s.scalar(select(Division.code).where(Division.level == "county")) == "610327"
        assert s.scalar(select(func.count()).where(Division.level == "town")) == 10
