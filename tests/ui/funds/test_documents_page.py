"""资金下达文件 page: register a document (文号 normalised, all errors at once), assign its money
to a plan project, the next step offered, and the actions a locked month or a role forbids."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core" / "funds"))
from funds_support import make_project
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.funds import months
from fpr_desktop.funds.models import FundAssignment, FundDocument
from ui.exchange import prompts
from ui.funds.tab import FundsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def open_page(qtbot: QtBot, window):  # type: ignore[no-untyped-def]
    funds = window.show_tab("资金台账")
    assert isinstance(funds, FundsTab)
    page = funds.documents_page
    funds.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.footer.text().startswith("共"), timeout=10000)
    return page


def wait_dialog(qtbot: QtBot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=10000)
    return page.dialog


def test_register_a_document_then_assign_it_to_a_plan_project(
    qtbot: QtBot, database, admin, main_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村", fiscal=Decimal("300000"))
    page = open_page(qtbot, main_window(admin))
    assert not page.edit_button.isEnabled() and page.edit_button.toolTip() == "请先选择文件"
    page.new_document()
    dialog = wait_dialog(qtbot, page)
    dialog.issuer.setText("")
    dialog.issued_on.edit.setText("2021-02-30")
    dialog.save_button.click()
    text = dialog.error.text()  # every problem at once
    assert "下达日期“2021-02-30”不是有效日期" in text
    assert "文号不能为空" in text and "下达单位不能为空" in text and "下达金额" in text
    dialog.doc_no.setText("陕财办农 [2021] 12 号")
    dialog.doc_no.editingFinished.emit()
    assert dialog.doc_no.text() == "陕财办农〔2021〕12号"
    dialog.year.setValue(2021)
    dialog.issued_on.set_day(date(2021, 3, 1))
    dialog.issuer.setText("陕西省财政厅")
    dialog.amount.setText("50")
    with qtbot.waitSignal(page.assignments_shown, timeout=10000):
        dialog.save_button.click()
    assert "下一步" in page.message.text() and "分配到项目" in page.message.text()
    assert page.current() is not None and page.current().doc_no == "陕财办农〔2021〕12号"
    assert page.assign_button.isEnabled()
    page.assign()
    dialog = wait_dialog(qtbot, page)
    assert "上岔村核桃园" in dialog.project.currentText()
    assert dialog.amount.text() == "30.00"  # the project's open planned amount
    dialog.amount.setText("60")
    dialog.save_button.click()
    assert "超过文件可分配的 50.00 万元" in dialog.error.text()
    dialog.amount.setText("30")
    dialog.day.set_day(date(2021, 3, 5))
    with qtbot.waitSignal(page.assignments_shown, timeout=10000):
        dialog.save_button.click()
    assert "下一步" in page.message.text() and "登记拨付" in page.message.text()
    assert page.assigned.rowCount() == 1 and page.assigned.item(0, 3).text() == "30.00"
    assert "未分配 20.00 万元" in page.assigned_title.text()
    with database.read() as s:
        a = s.scalars(select(FundAssignment)).one()
        assert a.amount == Decimal("300000.00") and a.assigned_on == date(2021, 3, 5)
    page.assigned.selectRow(0)
    assert page.unassign_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or False)
    page.delete_assignment()  # 否: nothing is deleted
    assert "上岔村核桃园" in asked[0] and page.assigned.rowCount() == 1
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    with qtbot.waitSignal(page.assignments_shown, timeout=10000):
        page.delete_assignment()
    assert page.assigned.rowCount() == 0


def test_locked_month_and_missing_role_disable_actions_with_reasons(
    qtbot: QtBot, database, admin, user_factory, main_window
) -> None:  # type: ignore[no-untyped-def]
    from funds_support import add_document

    add_document(database, admin)  # issued 2021-03-01
    with database.transaction(admin.audit()) as s:
        months.lock_month(s, admin, 202103, reviewed_by="李科长")
    page = open_page(qtbot, main_window(admin))
    page.table.selectRow(0)
    assert not page.edit_button.isEnabled()
    assert page.edit_button.toolTip() == "2021年3月的月报已报送，该月已锁定"
    assert not page.delete_button.isEnabled()
    assert page.assign_button.isEnabled()  # assigning is dated today, an open month
    auditor = open_page(qtbot, main_window(user_factory("sj", "auditor")))
    auditor.table.selectRow(0)
    for b in (auditor.new_button, auditor.edit_button, auditor.assign_button):
        assert not b.isEnabled() and "没有“维护资金台账”的权限" in b.toolTip()
    with database.read() as s:
        assert s.scalar(select(FundDocument.doc_no)) == "陕财办农〔2021〕12号"
