"""Forms that let no mistake through (issue 11, point 6): no risky defaults, required fields
marked, every error at once with the cursor in the first (its tab brought forward), and Enter in
a single-line field never saves — in the proposal form and, as the rule, in every FormDialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.projects.models import Project
from ui.common.widgets import PLEASE_CHOOSE, REQUIRED_MARK, FormDialog
from ui.main_window import MainWindow
from ui.projects.detail_dialog import ProjectDialog
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

CLICK = Qt.MouseButton.LeftButton


def new_proposal(qtbot: QtBot, window: MainWindow) -> ProjectDialog:
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    page = tab.list_page
    qtbot.waitUntil(lambda: page.choices is not None and page.new_button.isEnabled())
    qtbot.mouseClick(page.new_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, ProjectDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def has_cursor(widget: QWidget) -> bool:
    """The field holds the window's focus (offscreen windows are not active: ask the window)."""
    return widget.window().focusWidget() is widget


def labels(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def projects(database: Database) -> int:
    with database.read() as s:
        return int(s.scalar(select(func.count(Project.id))) or 0)


def test_nothing_risky_is_preselected_and_required_fields_are_marked(
    qtbot: QtBot, admin: Actor, main_window: Callable[[Actor], MainWindow]
) -> None:
    form = new_proposal(qtbot, main_window(admin)).form
    for box in (form.town, form.category, form.construction_type):
        assert box.currentText() == PLEASE_CHOOSE and box.currentData() is None
    shown = labels(form)
    for name in ("项目名称", "项目类别", "所属镇", "建设性质"):
        assert name + REQUIRED_MARK in shown
    assert any(t.startswith("总投资") and t.endswith(REQUIRED_MARK) for t in shown)
    assert "村民小组" in shown  # optional fields stay unmarked


def test_a_town_clerks_town_is_fixed_not_a_default_to_miss(
    qtbot: QtBot, user_factory: Callable[..., Actor], main_window: Callable[[Actor], MainWindow]
) -> None:
    clerk = user_factory("hb", "town", "河北镇")
    form = new_proposal(qtbot, main_window(clerk)).form
    assert form.town.currentText() == "河北镇" and not form.town.isEnabled()
    assert form.category.currentText() == PLEASE_CHOOSE


def test_every_error_at_once_and_the_first_field_brought_forward(
    qtbot: QtBot, database: Database, admin: Actor, main_window: Callable[[Actor], MainWindow]
) -> None:
    dialog = new_proposal(qtbot, main_window(admin))
    form = dialog.form
    form.setCurrentIndex(2)  # the user is looking at 绩效目标
    form.total_investment.setText("abc")
    qtbot.mouseClick(dialog.save_button, CLICK)
    errors = dialog.error.text().splitlines()
    assert errors[:4] == [
        "请填写项目名称。",
        "请选择项目类别。",
        "请选择建设性质。",
        "请选择所属镇。",
    ]
    assert any(e.startswith("总投资：“abc”") for e in errors)
    assert form.currentIndex() == 0 and has_cursor(form.name)

    # with the first tab right, the money tab is brought forward with the cursor in 总投资
    form.name.setText("上岔村道路硬化项目")
    form.category.setCurrentIndex(2)
    form.construction_type.setCurrentIndex(1)
    form.town.setCurrentIndex(form.town.findText("固关镇"))
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text().startswith("总投资：“abc”")
    assert form.tabText(form.currentIndex()) == "投资与受益"
    assert has_cursor(form.total_investment)
    assert projects(database) == 0


def test_enter_in_a_field_moves_on_and_does_not_save(
    qtbot: QtBot, database: Database, admin: Actor, main_window: Callable[[Actor], MainWindow]
) -> None:
    dialog = new_proposal(qtbot, main_window(admin))
    form = dialog.form
    form.name.setText("上岔村道路硬化项目")
    form.category.setCurrentIndex(2)
    form.construction_type.setCurrentIndex(1)
    form.town.setCurrentIndex(form.town.findText("固关镇"))
    form.total_investment.setText("10")
    form.fiscal_funds.setText("8")
    form.funds.set_amount("中央衔接资金", "8")
    form.setCurrentIndex(0)
    form.name.setFocus()
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert not has_cursor(form.name)  # on to the next field
    qtbot.keyClick(form.year, Qt.Key.Key_Enter)
    assert dialog.isVisible() and dialog.error.text() == ""
    assert dialog.save_button.isEnabled()  # no save was started (it disables the button)
    assert dialog.ws.runner.wait_idle(10_000)
    assert projects(database) == 0 and dialog.isVisible()


class _Sample(FormDialog):
    """A module's form as a new module would write it."""

    def __init__(self) -> None:
        super().__init__("样例")
        tabs = QTabWidget(self)
        first, second = QWidget(tabs), QWidget(tabs)
        tabs.addTab(first, "一")
        tabs.addTab(second, "二")
        self.tabs = tabs
        self.name = QLineEdit(self)
        self.note = QPlainTextEdit(second)
        self.add_required("名称：", self.name)
        self.form.addRow(tabs)
        self.mark_required(self.note, "说明")
        self.saved = 0
        self.save_requested.connect(self._count)

    def _count(self) -> None:
        self.saved += 1


def test_form_dialog_makes_it_the_rule_for_every_module(qtbot: QtBot) -> None:
    dialog = _Sample()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    assert "名称" + REQUIRED_MARK in labels(dialog)
    dialog.name.setFocus()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.saved == 0 and dialog.error.text() == ""  # Enter saved nothing
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text().splitlines() == ["请填写名称。", "请填写说明。"]
    assert has_cursor(dialog.name) and dialog.saved == 0
    dialog.name.setText("有")
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.tabs.currentIndex() == 1 and has_cursor(dialog.note)
    dialog.note.setPlainText("有")
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.saved == 1
    dialog.discard()
