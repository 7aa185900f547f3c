"""系统管理 → 审计日志: filters narrow the rows shown, the count follows, Excel export works."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fpr_desktop.base.audit import AUDIT_COLUMNS, AuditFilter, AuditSource
from fpr_desktop.base.context import Actor
from fpr_desktop.base.settings import set_value
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions.services import add_division, town_by_name
from ui.admin.audit_page import AuditPage
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
TABLE_COLUMN = 3


@pytest.fixture
def history(database: Database, admin: Actor, user_factory: Callable[..., Actor]) -> Actor:
    """Some audited work: users added and logged in, a village added, a parameter changed."""
    clerk = user_factory("clerk", "town", "固关镇")
    with database.transaction(admin.audit()) as session:
        town = town_by_name(session, "固关镇")
        add_division(session, admin, parent_id=town.id, name="审计测试村")
        set_value(session, admin, "publicity.window_days", 12, 0)
    return clerk


def expected_count(database: Database, admin: Actor, flt: AuditFilter) -> int:
    with database.read() as session:
        return AuditSource(session, admin, flt).totals(session).count


def open_page(qtbot: QtBot, window: MainWindow) -> AuditPage:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("审计日志")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.model is not None and page.count is not None)
    return page


def shown_tables(page: AuditPage) -> set[str]:
    model = page.model
    assert model is not None
    return {model.index(r, TABLE_COLUMN).data() for r in range(model.rowCount())}


def test_filter_by_table_narrows_the_rows_shown(
    qtbot: QtBot, database: Database, admin: Actor, history: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    everything = expected_count(database, admin, AuditFilter())
    assert page.count == everything
    assert page.count_label.text() == f"共 {everything:,} 条记录（最新的在前）"
    assert {"用户", "行政区划", "参数设置"} <= shown_tables(page)

    page.select_table("division")
    assert page.table_name.currentText() == "行政区划"
    divisions = expected_count(database, admin, AuditFilter(table_name="division"))
    assert 0 < divisions < everything
    qtbot.waitUntil(lambda: page.count == divisions)
    assert page.model is not None and page.model.rowCount() == divisions
    assert shown_tables(page) == {"行政区划"}
    assert page.count_label.text() == f"共 {divisions:,} 条记录（最新的在前）"

    page.clear_filter()
    qtbot.waitUntil(lambda: page.count == everything)
    assert len(shown_tables(page)) >= 3


def test_filter_by_user_and_by_date(
    qtbot: QtBot, admin: Actor, history: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    page.user.setCurrentIndex(page.user.findData(history.user_id))
    qtbot.waitUntil(lambda: page.count == 1)  # the clerk only logged in
    model = page.model
    assert model is not None
    assert [model.index(0, c).data() for c in (1, 3, 5)] == ["clerk", "用户", "登录"]

    page.clear_filter()
    tomorrow = date.today() + timedelta(days=1)
    qtbot.keyClicks(page.date_from.edit, tomorrow.strftime("%Y%m%d"))
    qtbot.keyClick(page.date_from.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.count == 0)
    assert model.rowCount() == 0
    assert not page.export_button.isEnabled()


def test_new_entries_appear_when_the_page_is_shown_again(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    window = main_window(admin)
    page = open_page(qtbot, window)
    before = page.count
    assert before is not None
    with database.transaction(admin.audit()) as session:
        set_value(session, admin, "publicity.hotline", "12345", 0)
    window.show_tab("首页")
    window.show_tab("系统管理")
    qtbot.waitUntil(lambda: page.count == before + 1)
    model = page.model
    assert model is not None
    assert [model.index(0, c).data() for c in (3, 5)] == ["参数设置", "新增"]
    assert "12345" in model.index(0, 8).data()


def test_export_writes_the_filtered_rows_to_excel(
    qtbot: QtBot,
    database: Database,
    admin: Actor,
    history: Actor,
    main_window: OpenWindow,
    tmp_path: Path,
) -> None:
    page = open_page(qtbot, main_window(admin))
    page.select_table("division")
    divisions = expected_count(database, admin, AuditFilter(table_name="division"))
    qtbot.waitUntil(lambda: page.count == divisions)

    target = tmp_path / "审计日志.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: "已导出" in page.count_label.text(), timeout=15_000)
    assert page.count_label.text() == f"已导出 {divisions:,} 条记录到 {target}"
    workbook = load_workbook(target, read_only=True)
    rows = list(workbook["审计日志"].iter_rows(values_only=True))
    workbook.close()  # read-only mode keeps the file open until closed
    assert list(rows[2]) == [c.title for c in AUDIT_COLUMNS]
    body = rows[3:]
    assert len(body) == divisions
    assert {r[TABLE_COLUMN] for r in body} == {"行政区划"}
    assert any("审计测试村" in str(r[8]) for r in body)
