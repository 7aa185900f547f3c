"""Keyboard all the way: Enter on a listed visit, training, care record or spot check opens its
form filled in; saving corrects the record and the list shows it; a read-only user is told why
nothing opens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from helpers.cadre_teams import Teams, make_teams
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.cadres import attendance, roster
from fpr_desktop.cadres import work as wk
from fpr_desktop.db.engine import Database
from ui.cadres.care_page import CarePage
from ui.cadres.tab import CadresTab
from ui.cadres.work_page import WorkPage
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

TODAY = date.today()


@pytest.fixture
def teams(database: Database, admin: Actor) -> Teams:
    """The teams with one record of each kind this year."""
    t = make_teams(database, admin)
    c = t.cadres
    with database.transaction(admin.audit()) as s:
        roster.set_key_village(
            s,
            admin,
            year=TODAY.year,
            village_id=t.villages["上岔村"],
            reason="脱贫村",
            households=2,
        )
        wk.record_visit(s, admin, wk.VisitInput(t.villages["上岔村"], "张有富", TODAY, "王建国"))
        wk.record_training(
            s, admin, c["王建国"], course="驻村干部培训斑", organiser_level="县",
            start_date=TODAY, end_date=TODAY, hours=24,
        )  # fmt: skip
        wk.record_care(
            s, admin, wk.CareInput(c["孙立平"], "补贴", TODAY, "县交通运输局", amount=Decimal(500))
        )
        attendance.record_spot_check(
            s, admin, c["王建国"], checked_on=TODAY, checked_by="县委组织部", result="无故缺勤"
        )
    return t


def tab_of(window: MainWindow) -> CadresTab:
    tab = window.show_tab("驻村干部")
    assert isinstance(tab, CadresTab)
    return tab


def work_page(qtbot: QtBot, window: MainWindow) -> WorkPage:
    tab = tab_of(window)
    tab.setCurrentWidget(tab.work_page)
    page = tab.work_page
    qtbot.waitUntil(lambda: page.coverage.rowCount() == 1 and page.trainings.rowCount() == 1)
    page.coverage.selectRow(0)
    qtbot.waitUntil(lambda: page.visits.rowCount() == 1)
    return page


def care_page(qtbot: QtBot, window: MainWindow) -> CarePage:
    tab = tab_of(window)
    tab.setCurrentWidget(tab.care_page)
    page = tab.care_page
    qtbot.waitUntil(lambda: page.care.rowCount() == 1 and page.checks.rowCount() == 1)
    return page


def enter_on(qtbot: QtBot, table: QTableWidget, row: int = 0) -> None:
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)


def opened(qtbot: QtBot, page: WorkPage | CarePage):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    return page.dialog


def test_enter_corrects_a_visit_and_a_training(qtbot, main_window, admin, teams) -> None:  # type: ignore[no-untyped-def]
    page = work_page(qtbot, main_window(admin))
    assert "选中一条走访或培训按 Enter 修改" in page.hint.text()
    enter_on(qtbot, page.visits)
    visit = opened(qtbot, page)
    assert visit.windowTitle() == "修改入户走访 — 上岔村"
    assert (visit.household.text(), visit.visitors.text(), visit.visited_on.day()) == (
        "张有富",
        "王建国",
        TODAY,
    )
    assert all(b.isChecked() for b in visit.items)
    visit.household.clear()
    visit.save_button.click()
    assert visit.error.text() == "请填写走访农户（户主姓名）。"  # the same checks as recording
    visit.household.setText("张有福")
    visit.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(
        lambda: page.visits.rowCount() == 1 and page.visits.item(0, 1).text() == "张有福"
    )
    assert page.hint.text().startswith("已修改上岔村张有福户的走访：走访农户。")

    enter_on(qtbot, page.trainings)
    training = opened(qtbot, page)
    assert training.windowTitle() == "修改培训记录"
    assert (training.course.text(), training.level.currentText(), training.hours.value()) == (
        "驻村干部培训斑",
        "县",
        24,
    )
    assert training.cadre.currentText().endswith("王建国")
    training.course.setText("驻村干部培训班")
    training.hours.setValue(16)
    training.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: page.trainings.item(0, 4).text() == "16")
    assert page.trainings.item(0, 5).text() == "驻村干部培训班"
    assert page.hint.text().startswith("已修改王建国的培训“驻村干部培训班”：培训班名称、学时。")


def test_enter_corrects_care_and_a_spot_check(qtbot, main_window, admin, teams) -> None:  # type: ignore[no-untyped-def]
    page = care_page(qtbot, main_window(admin))
    enter_on(qtbot, page.care)
    care = opened(qtbot, page)
    assert care.windowTitle() == "修改关心关爱记录"
    assert (care.kind.currentText(), care.provider.text()) == ("补贴", "县交通运输局")
    assert care.amount.isVisibleTo(care) and care.amount.amount() == Decimal(500)
    assert not care.policy_no.isVisibleTo(care)  # only the kind's own fields
    care.note.setPlainText("第一季度生活补贴")
    care.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: page.care.item(0, 7).text() == "第一季度生活补贴")
    assert page.hint.text().startswith("已修改孙立平的补贴记录：备注。")

    assert page.checks.item(0, 4).text() == "无故缺勤"
    enter_on(qtbot, page.checks)
    check = opened(qtbot, page)
    assert check.windowTitle() == "修改驻村抽查记录"
    assert (check.checked_by.text(), check.result.currentText()) == ("县委组织部", "无故缺勤")
    check.result.setCurrentText("公出")
    check.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: page.checks.item(0, 4).text() == "公出")
    assert page.hint.text().startswith("已修改王建国的抽查记录：抽查结果。")


def test_an_untouched_correction_closes_quietly_a_typed_one_asks(
    qtbot, main_window, admin, teams
) -> None:  # type: ignore[no-untyped-def]
    page = work_page(qtbot, main_window(admin))
    enter_on(qtbot, page.visits)
    visit = opened(qtbot, page)
    visit.reject()  # nothing typed: the filled values are not "typing"
    qtbot.waitUntil(lambda: page.dialog is None)
    enter_on(qtbot, page.visits)
    visit = opened(qtbot, page)
    visit.problems.setPlainText("屋顶漏雨")
    visit.reject()
    assert visit.guard.question is not None and visit.guard.question.isVisible()
    assert visit.isVisible() and visit.problems.toPlainText() == "屋顶漏雨"
    visit.guard.discard()
    visit.done(0)


def test_a_read_only_user_is_told_why_enter_opens_nothing(
    qtbot, main_window, user_factory, teams
) -> None:  # type: ignore[no-untyped-def]
    auditor = user_factory("sj", "auditor")
    window = main_window(auditor)
    page = work_page(qtbot, window)
    assert "只能查看" in page.visits.toolTip()
    enter_on(qtbot, page.visits)
    assert page.dialog is None
    assert "走访记录只能查看，不能修改" in page.hint.text()
    enter_on(qtbot, page.trainings)
    assert page.dialog is None and "培训记录只能查看" in page.hint.text()
    care = care_page(qtbot, window)
    enter_on(qtbot, care.checks)
    assert care.dialog is None
    assert "没有“登记驻村考勤、请销假和走访”的权限，抽查与汇报只能查看" in care.hint.text()
