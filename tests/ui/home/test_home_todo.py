"""首页 → 待我办理 (issue 11, point 2): for the user's role and towns, the projects awaiting their
step, the publicity still to be registered after a step, windows ending and objections open;
Enter opens the item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from helpers import project_support as ps
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.notices import register as reg
from ui.home.todo import NOTHING, TodoList
from ui.main_window import MainWindow
from ui.notices.detail import NoticeDetailDialog
from ui.projects.detail_dialog import ProjectDialog

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]


def todo_of(qtbot: QtBot, window: MainWindow) -> TodoList:
    todo = window.home.todo
    qtbot.waitUntil(
        lambda: todo.title.text().startswith("待我办理（") and "读取" not in todo.title.text()
    )
    return todo


def rows(todo: TodoList) -> list[tuple[str, str]]:
    return [
        (todo.table.item(r, 0).text(), todo.table.item(r, 1).text())
        for r in range(todo.table.rowCount())
    ]


def press_enter_on(qtbot: QtBot, todo: TodoList, row: int) -> None:
    todo.table.setFocus()
    todo.table.setCurrentCell(row, 0)
    qtbot.keyClick(todo.table, Qt.Key.Key_Return)


def test_a_clerk_is_asked_to_register_the_publicity_after_submitting(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: OpenWindow,
) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    pid = ps.make_project(database, clerk)
    ps.step(database, clerk, pid, "submit")
    todo = todo_of(qtbot, main_window(clerk))
    assert ("待生成并登记村级公示", ps.NAME) in rows(todo)
    press_enter_on(qtbot, todo, 0)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ProjectDialog) and w.isVisible() for w in todo.window().children()
        )
    )
    dialog = next(w for w in todo.window().children() if isinstance(w, ProjectDialog))
    assert dialog.project_id == pid
    qtbot.waitUntil(lambda: dialog.detail is not None)
    dialog.reject()


def test_once_the_window_has_ended_the_next_step_is_listed_and_a_county_user_sees_none(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: OpenWindow,
) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    pid = ps.make_project(database, clerk)
    ps.step(database, clerk, pid, "submit")
    ps.publicize(database, clerk, pid, "village", ps.village_id(database, clerk, pid), ps.LONG_AGO)
    todo = todo_of(qtbot, main_window(clerk))
    assert rows(todo) == [("村级公示已期满，待乡镇受理审核", ps.NAME)]
    # the county's project office takes no town step and registers no village publicity
    county = user_factory("xmb", "project")
    other = todo_of(qtbot, main_window(county))
    assert rows(other) == [] and other.empty.isVisible() and other.empty.text() == NOTHING
    # another town's clerk does not see it either
    hebei = user_factory("hb", "town", "河北镇")
    assert rows(todo_of(qtbot, main_window(hebei))) == []


def test_windows_ending_and_open_objections_are_listed_and_open_the_notice(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    user_factory: Callable[..., Actor],
    main_window: OpenWindow,
) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    pid = ps.make_project(database, clerk)
    ps.step(database, clerk, pid, "submit")
    village = ps.village_id(database, clerk, pid)
    start = date.today() - timedelta(days=5)
    notice_id = ps.publicize(database, clerk, pid, "village", village, start)
    window = main_window(clerk)
    todo = todo_of(qtbot, window)
    ending = [r for r in rows(todo) if r[0].startswith("公示期 ")]
    assert ending == [(ending[0][0], "上岔村项目库公示")] and ending[0][0].endswith("结束")
    # an objection registered anywhere in the program: the list follows the change
    window.ws.write(
        lambda s: reg.add_objection(
            s, clerk, notice_id, received_on=date.today(), content="选址有争议"
        ),
        on_success=lambda _row: None,
    )
    qtbot.waitUntil(lambda: ("异议待处理", "上岔村项目库公示") in rows(todo))
    row = rows(todo).index(("异议待处理", "上岔村项目库公示"))
    press_enter_on(qtbot, todo, row)
    assert isinstance(todo.opened, NoticeDetailDialog) and todo.opened.isVisible()
    todo.opened.reject()
    # the reminder lists beside it open their notice on Enter too
    ending_list = window.home.open_objections
    qtbot.waitUntil(lambda: ending_list.model is not None and ending_list.model.rowCount() == 1)
    ending_list.view.setFocus()
    ending_list.view.setCurrentIndex(ending_list.model.index(0, 0))
    qtbot.keyClick(ending_list.view, Qt.Key.Key_Return)
    assert isinstance(ending_list.detail, NoticeDetailDialog) and ending_list.detail.isVisible()
    ending_list.detail.reject()
    assert not [w for w in QApplication.topLevelWidgets() if "Traceback" in w.windowTitle()]
