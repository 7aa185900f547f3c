"""The next step offered and refusals that come early (issue 11, points 2 and 7): after 提交村级公示
the notice is offered at once and opens preset for the project and its village; the success note
is a message box; a town clerk's notice never defaults to, nor offers, the county level."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers import project_support as ps
from helpers.notice_contacts import fill_complaint_channels
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from ui.main_window import MainWindow
from ui.notices.compose import COUNTY_REFUSED, NoticeComposeDialog
from ui.projects.list_page import ProjectListPage
from ui.projects.step_dialog import StepDialog
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

CLICK = Qt.MouseButton.LeftButton


def open_list(qtbot: QtBot, window: MainWindow) -> ProjectListPage:
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    page = tab.list_page
    qtbot.waitUntil(lambda: page.model is not None and page.footer.text().startswith("共"))
    return page


def select(qtbot: QtBot, page: ProjectListPage, pid: int, status: str) -> None:
    qtbot.waitUntil(lambda: page.select_id(pid))
    qtbot.waitUntil(
        lambda: (
            (ctx := page.project_actions.context) is not None
            and ctx.id == pid
            and ctx.status_label == status
        )
    )


def take(qtbot: QtBot, page: ProjectListPage, label: str) -> None:
    action = page.project_actions.action(label)
    assert action is not None and action.isEnabled()
    action.trigger()
    dialog = page.project_actions.dialog
    assert isinstance(dialog, StepDialog)
    qtbot.mouseClick(dialog.save_button, CLICK)


def note(qtbot: QtBot, page: ProjectListPage) -> QMessageBox:
    qtbot.waitUntil(lambda: page.project_actions.note is not None)
    box = page.project_actions.note
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return box


def levels(dialog: NoticeComposeDialog) -> dict[str, bool]:
    model = dialog.level.model()
    return {
        dialog.level.itemData(i): model.item(i).isEnabled()  # type: ignore[attr-defined]
        for i in range(dialog.level.count())
    }


def test_after_submitting_the_village_publicity_is_offered_and_opens_preset(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: Callable[[Actor], MainWindow],
) -> None:
    fill_complaint_channels(database, admin)  # registering needs the village's channels
    clerk = user_factory("gg", "town", "固关镇")
    pid = ps.make_project(database, clerk)
    page = open_list(qtbot, main_window(clerk))
    select(qtbot, page, pid, "村级申报")
    take(qtbot, page, "提交村级公示")
    box = note(qtbot, page)
    assert "已办理“提交村级公示”，项目现为“村级公示”" in box.text()
    assert "现在生成并登记村级公示吗" in box.text()
    buttons = {b.text(): b for b in box.findChildren(QPushButton)}
    assert set(buttons) == {"生成村级公示…", "稍后"}
    buttons["生成村级公示…"].click()
    qtbot.waitUntil(lambda: page.project_actions.notice_dialog is not None)
    compose = page.project_actions.notice_dialog
    assert isinstance(compose, NoticeComposeDialog)
    assert compose.kind == "project_library_publicity" and compose.project_ids == (pid,)
    qtbot.waitUntil(lambda: compose.composed is not None, timeout=30_000)
    assert compose.level.currentData() == "village" and "上岔村" in compose.level.currentText()
    assert compose.register_button.text() == "登记公示" and compose.register_button.isEnabled()
    # the county level is there but greyed, with the reason
    assert levels(compose) == {"county": False, "town": True, "village": True}
    county = compose.level.model().item(compose.level.findData("county"))  # type: ignore[attr-defined]
    assert county.toolTip() == COUNTY_REFUSED
    compose.close()


def test_a_clerks_notice_never_defaults_to_the_county(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: Callable[[Actor], MainWindow],
) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    pid = ps.make_project(database, clerk)  # a draft: by its status the notice would be county
    page = open_list(qtbot, main_window(clerk))
    select(qtbot, page, pid, "村级申报")
    assert page.notice_button.text() == "生成公告公示…"
    page.notice_menu.actions()[0].trigger()  # 项目库公示
    compose = next(w for w in page.findChildren(NoticeComposeDialog))
    qtbot.waitUntil(lambda: compose.composed is not None, timeout=30_000)
    assert compose.level.currentData() in ("village", "town")
    assert compose.composed.built[0].level == compose.level.currentData()
    assert not levels(compose)["county"]
    compose.close()


def test_a_step_without_publicity_tells_its_result_in_a_message_box(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    main_window: Callable[[Actor], MainWindow],
) -> None:
    pid = ps.make_project(database, admin)
    ps.step(database, admin, pid, "submit")
    ps.publicize(database, admin, pid, "village", ps.village_id(database, admin, pid), ps.LONG_AGO)
    page = open_list(qtbot, main_window(admin))
    select(qtbot, page, pid, "村级公示")
    take(qtbot, page, "乡镇受理审核")
    box = note(qtbot, page)
    assert box.text() == "已办理“乡镇受理审核”，项目现为“乡镇审核”。"
    assert box.icon() == QMessageBox.Icon.Information
    # the page keeps the line too: it does not vanish after a while
    assert page.message.text() == box.text() and not hasattr(page, "_message_timer")
    box.accept()


def test_enter_on_the_selected_row_opens_the_project(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    main_window: Callable[[Actor], MainWindow],
) -> None:
    pid = ps.make_project(database, admin)
    page = open_list(qtbot, main_window(admin))
    select(qtbot, page, pid, "村级申报")
    page.view.setFocus()
    assert page.model is not None
    page.view.setCurrentIndex(page.model.index(page.model.row_of_id(pid) or 0, 1))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.dialog is not None and page.dialog.project_id == pid
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.detail is not None)
    page.dialog.reject()
