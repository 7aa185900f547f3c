"""资金台账 tab: the ledger's totals, the payment dialog's refusals and save, the month lock."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core" / "funds"))
from funds_support import sample_ledger
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.funds.models import FundEntry
from ui.funds.tab import FundsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def tab(qtbot: QtBot, database, admin, main_window):  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    window = main_window(admin)
    funds = window.show_tab("资金台账")
    assert isinstance(funds, FundsTab)
    return funds


def show_year(qtbot: QtBot, tab: FundsTab, year: int) -> None:
    page = tab.ledger_page
    qtbot.waitUntil(lambda: page.footer.text().startswith("共"), timeout=10000)  # first load
    with qtbot.waitSignal(page.list_refreshed, timeout=10000):
        page.year.setCurrentIndex(page.year.findData(year))


def test_ledger_lists_lines_and_sums_by_kind_in_wan(qtbot: QtBot, tab: FundsTab) -> None:
    show_year(qtbot, tab, 2021)
    page = tab.ledger_page
    assert (
        page.footer.text()
        == "共 10 条　拨付 60.00 万元　支出 42.00 万元　质保金 2.00 万元　报账 15.00 万元"
    )
    assert page.model is not None and page.model.rowCount() == 10
    assert page.model.index(0, 0).data() == "2021-10-02"
    amounts = [page.model.index(r, 6).data() for r in range(10)]
    assert amounts[2] == "-1.00" and "调整：凭证金额更正" in page.model.index(2, 10).data()
    with qtbot.waitSignal(page.list_refreshed, timeout=10000):
        page.kind.setCurrentIndex(page.kind.findData("spend"))
    assert page.footer.text().startswith("共 3 条　拨付 0.00 万元　支出 42.00 万元")


def test_payment_dialog_keeps_refusals_and_saves_a_good_line(
    qtbot: QtBot, tab: FundsTab, database
) -> None:  # type: ignore[no-untyped-def]
    show_year(qtbot, tab, 2021)
    page = tab.ledger_page
    page.open_payment_dialog()
    qtbot.waitUntil(lambda: getattr(page, "dialog", None) is not None and page.dialog.isVisible())
    dialog = page.dialog
    dialog.assignment.setCurrentIndex(
        next(
            i
            for i in range(dialog.assignment.count())
            if "东坡村道路" in dialog.assignment.itemText(i)
            and "1号" in dialog.assignment.itemText(i)
        )
    )
    dialog.day.set_day(date(2021, 11, 2))
    dialog.amount.setText("12万")  # 30万 assigned, 19万 paid
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "累计拨付 31.00万元 将超过分配给该项目的 30.00万元" in dialog.error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("spend"))
    dialog.amount.setText("")
    dialog.save_button.click()
    assert dialog.error.text().splitlines() == [  # each once, the empty amount by its label
        "请填写金额（万元）。",
        "支出必须填写收款人。",
        "支出必须选择资金用途。",
    ]
    dialog.kind.setCurrentIndex(dialog.kind.findData("pay"))
    dialog.amount.setText("110000元")
    with qtbot.waitSignal(page.list_refreshed, timeout=10000):
        dialog.save_button.click()
    assert not dialog.isVisible()
    assert "拨付 71.00 万元" in page.footer.text()
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(FundEntry)) == 11


def show_month(qtbot: QtBot, tab: FundsTab) -> None:
    """September 2021 on the 月报 page (after the page's own first load)."""
    page = tab.month_page
    tab.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.report is not None, timeout=10000)
    page.year.blockSignals(True)
    page.year.setValue(2021)
    page.year.blockSignals(False)
    with qtbot.waitSignal(page.report_shown, timeout=10000):
        page.month.setCurrentIndex(8)
    assert page.report is not None and page.report.period == 202109


def test_submitting_the_report_locks_the_month(
    qtbot: QtBot, tab: FundsTab, user_factory, main_window
) -> None:  # type: ignore[no-untyped-def]
    show_month(qtbot, tab)
    page = tab.month_page
    assert (
        page.by_source.item(2, 0).text() == "合计" and page.by_source.item(2, 7).text() == "24.71"
    )
    assert page.state.text() == "未报送" and not page.reopen_button.isEnabled()
    page.open_submit()
    dialog = page.dialog
    dialog.save_button.click()
    assert dialog.error.text() == "请填写审核人。"
    dialog.reviewed.setText("李科长")
    with qtbot.waitSignal(page.report_shown, timeout=10000):
        dialog.save_button.click()
    assert page.state.text() == "已报送，已锁定"
    assert not page.submit_button.isEnabled() and page.submit_button.toolTip() == "该月已锁定"
    assert page.reopen_button.isEnabled()  # the administrator may reopen
    assert "审核人：李科长" in page.footer.text()
    # a finance clerk sees the lock but may not reopen, and is told why
    clerk_tab = main_window(user_factory("cz", "finance")).show_tab("资金台账")
    show_month(qtbot, clerk_tab)
    clerk_page = clerk_tab.month_page
    assert clerk_page.state.text() == "已报送，已锁定"
    assert not clerk_page.reopen_button.isEnabled()
    assert "权限" in clerk_page.reopen_button.toolTip()


def test_the_month_shows_which_towns_figures_are_in(qtbot: QtBot, tab: FundsTab) -> None:
    show_month(qtbot, tab)
    page = tab.month_page
    qtbot.waitUntil(
        lambda: (
            page.submissions.rowCount() > 0 and page.submissions.item(0, 2).text() == "2021-10-05"
        ),
        timeout=10000,
    )
    statuses = {page.submissions.item(r, 1).text() for r in range(page.submissions.rowCount())}
    assert statuses == {"逾期未报"}  # nothing imported for September 2021, due 2021-10-05
    assert page.submissions.item(0, 2).text() == "2021-10-05"
    assert "逾期未报" in page.submissions_title.text()
