"""督查检查 page: plan → carry out → findings → evidence → rectified; the missing quarter and
the overdue rectification flagged; the report printed; a reader sees why he may not edit."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fpr_desktop.funds.oversight import inspections as ins
from ui.funds.tab import FundsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
TODAY = date.today()
LAST_YEAR = TODAY.year - 1


def open_page(qtbot: QtBot, window, year: int = LAST_YEAR):  # type: ignore[no-untyped-def]
    funds = window.show_tab("资金台账")
    assert isinstance(funds, FundsTab)
    page = funds.inspections_page
    funds.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=10000)
    with qtbot.waitSignal(page.shown, timeout=10000):
        page.year.setValue(year)
    return page


def wait_dialog(qtbot: QtBot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=10000)
    return page.dialog


def test_inspection_from_plan_to_rectification(
    qtbot: QtBot, database, admin, main_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, main_window(admin))
    assert all("未开展督查检查" in label.text() for label in page.quarter_labels)
    assert f"{LAST_YEAR}年第一季度" in page.flags.text()
    assert (
        not page.finding_button.isEnabled() and page.finding_button.toolTip() == "请先选择一次检查"
    )
    page.new_inspection()
    dialog = wait_dialog(qtbot, page)
    dialog.quarter.setCurrentIndex(1)
    dialog.planned_on.set_day(date(LAST_YEAR, 1, 5))
    dialog.done_on.set_day(date(LAST_YEAR, 5, 12))
    dialog.save_button.click()
    assert "检查名称不能为空" in dialog.error.text()
    assert "检查事项" in dialog.error.text() and "检查人员" in dialog.error.text()
    dialog.title_edit.setText("二季度资金督查")
    dialog.items.setPlainText("资金拨付进度\n报账凭证")
    dialog.inspectors.setText("张三、李四")
    dialog.save_button.click()  # the service refuses the plan day outside the quarter
    qtbot.waitUntil(lambda: "不在" in dialog.error.text(), timeout=10000)
    assert f"计划检查日期 {LAST_YEAR}-01-05 不在{LAST_YEAR}年第二季度" in dialog.error.text()
    dialog.planned_on.set_day(date(LAST_YEAR, 5, 10))
    with qtbot.waitSignal(page.shown, timeout=10000):
        dialog.save_button.click()
    assert "下一步" in page.message.text() and "登记问题" in page.message.text()
    assert page.quarter_labels[1].text() == "第二季度：已开展 1 次"
    assert "未开展" in page.quarter_labels[0].text()
    assert page.finding_button.isEnabled()
    page.add_finding()
    dialog = wait_dialog(qtbot, page)
    dialog.description.setPlainText("报账凭证不全")
    dialog.rectify_by.set_day(date(LAST_YEAR, 6, 10))
    with qtbot.waitSignal(page.shown, timeout=10000):
        dialog.save_button.click()
    assert page.findings.rowCount() == 1
    page.findings.selectRow(0)
    flag = page.findings.item(0, 6).text()
    assert flag == f"整改逾期 {(TODAY - date(LAST_YEAR, 6, 10)).days} 天"
    assert "1 个问题整改逾期" in page.flags.text()
    assert not page.open_evidence_button.isEnabled()
    page.rectify()
    dialog = wait_dialog(qtbot, page)
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    dialog.save_button.click()
    text = dialog.error.text()
    assert "整改完成日期" in text and "整改情况" in text and "佐证材料" in text
    dialog.discard()
    evidence = tmp_path / "整改报告.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    with qtbot.waitSignal(page.shown, timeout=10000):
        page.add_evidence(evidence)
    page.findings.selectRow(0)
    assert page.findings.item(0, 5).text() == "整改报告.pdf"
    page.rectify()
    dialog = wait_dialog(qtbot, page)
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    dialog.rectified_on.set_day(date(LAST_YEAR, 6, 8))
    dialog.rectification.setPlainText("已补齐验收单")
    with qtbot.waitSignal(page.shown, timeout=10000):
        dialog.save_button.click()
    assert page.findings.item(0, 3).text() == "已整改" and page.findings.item(0, 6).text() == ""
    assert "整改逾期" not in page.flags.text()
    out = tmp_path / "报告.pdf"
    page.print_report(out)
    qtbot.waitUntil(lambda: "检查报告已保存" in page.message.text(), timeout=20000)
    assert out.read_bytes().startswith(b"%PDF")
    folder = tmp_path / "saved"
    folder.mkdir()
    page.findings.selectRow(0)
    page.save_evidence(folder)
    qtbot.waitUntil(lambda: "已另存 1 个" in page.message.text(), timeout=10000)
    assert (folder / "整改报告.pdf").read_bytes() == b"%PDF-1.4 evidence"
    with database.read() as s:
        assert ins.overdue_rectifications(s, admin) == []


def test_a_reader_sees_why_he_may_not_inspect(
    qtbot: QtBot, database, admin, user_factory, main_window
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        ins.create_inspection(
            s,
            admin,
            ins.InspectionInput(
                LAST_YEAR,
                3,
                "三季度督查",
                date(LAST_YEAR, 8, 1),
                "资金拨付进度",
                "张三",
                done_on=date(LAST_YEAR, 8, 2),
            ),
        )
    page = open_page(qtbot, main_window(user_factory("sj", "auditor")))
    page.table.selectRow(0)
    for b in (page.new_button, page.edit_button, page.finding_button):
        assert not b.isEnabled() and "没有“维护资金台账”的权限" in b.toolTip()
    assert page.pdf_button.isEnabled()  # reading and printing are fine
    assert page.quarter_labels[2].text() == "第三季度：已开展 1 次"
    assert date(LAST_YEAR, 12, 31) + timedelta(days=1) <= TODAY
