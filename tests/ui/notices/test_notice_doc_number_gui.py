"""The 文号 typed when registering a notice is kept: the details show it, printing the notice
again from the register puts the same 文号 under the title, and the same 文号 for another
notice of the bureau that year is refused — 登记 greyed with the reason before any click."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from tests.ui.notices.test_notices_batch import seed
from ui.common.ops import OpRunner
from ui.common.pdf_preview import PdfPreviewDialog
from ui.common.widgets import Workspace
from ui.notices.actions import open_notice_for_projects, preview_registered
from ui.notices.compose import NoticeComposeDialog
from ui.notices.detail import NoticeDetailDialog

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
YEAR = date.today().year  # the compose dialog's window starts today: the 文号 of this year
NUMBER = f"陇乡振发〔{YEAR}〕12号"


@pytest.fixture
def ws(database: Database, admin: Actor, op_runner: OpRunner) -> Workspace:
    return Workspace(database, admin, op_runner)


def county_notice(qtbot: QtBot, ws: Workspace, ids: list[int]) -> NoticeComposeDialog:
    dialog = open_notice_for_projects(ws, None, "project_library_publicity", ids)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.composed is not None, timeout=30_000)
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.level.setCurrentIndex(dialog.level.findData("county"))
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.doc_number.setText(NUMBER)
    return dialog


def test_number_is_shown_reprinted_and_not_given_twice(qtbot: QtBot, ws, database, admin) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database, admin)
    first = county_notice(qtbot, ws, ids[:2])
    assert first.register_button.isEnabled()
    with qtbot.waitSignal(first.notices_registered, timeout=30_000) as registered:
        first.register_button.click()
    [row] = registered.args[0]
    assert row.doc_number == NUMBER and not first.doc_number.isEnabled()

    detail = NoticeDetailDialog(ws, row.id)
    qtbot.addWidget(detail)
    qtbot.waitUntil(lambda: detail.data is not None, timeout=10_000)
    assert detail.fields["doc_number"].text() == NUMBER

    shown: list[PdfPreviewDialog] = []
    preview_registered(ws, None, row.id, on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown) and shown[0].preview.page_count() >= 1, timeout=30_000)
    first_page = shown[0].preview.document.getAllText(0).text()
    assert NUMBER in first_page.replace(" ", "").replace("\n", "")
    shown[0].close()

    # another notice of the bureau with the same 文号: refused before the click, and why
    second = county_notice(qtbot, ws, ids[2:4])
    assert not second.register_button.isEnabled()
    reason = second.register_button.toolTip()
    assert NUMBER in reason and "文号不能重复" in reason
    assert "文号不能重复" in second.warning.text()
    with qtbot.waitSignal(second.preview_ready, timeout=30_000):
        second.doc_number.setText(f"陇乡振发〔{YEAR}〕13号")
    assert second.register_button.isEnabled()


def test_register_lists_the_number_in_its_column(qtbot: QtBot, ws, database, admin) -> None:  # type: ignore[no-untyped-def]
    from ui.notices.page import NoticesPage

    ids = seed(database, admin)
    dialog = county_notice(qtbot, ws, ids[:2])
    with qtbot.waitSignal(dialog.notices_registered, timeout=30_000):
        dialog.register_button.click()
    page = NoticesPage(ws)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.data_loaded, timeout=10_000):
        page.show()
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 1, timeout=10_000)
    assert page.model is not None
    column = [c.key for c in page.model.columns].index("doc_number")
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "文号"
    assert page.model.row_values(0)[column] == NUMBER
    assert "文号" in page.search.placeholderText()
    ws.runner.wait_idle(5000)
