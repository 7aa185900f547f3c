"""驻村干部 tab: the roster (masked IDs, warnings, town scope), the leave dialog, an assessment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from helpers.cadre_teams import Teams, make_teams
from helpers.notice_contacts import fill_complaint_channels
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.cadres import assessment as asm
from fpr_desktop.cadres import attendance as att
from fpr_desktop.cadres.models import Leave
from fpr_desktop.db.engine import Database
from ui.cadres.assessment_page import AssessmentPage
from ui.cadres.roster_page import RosterPage
from ui.cadres.tab import CadresTab
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]


@pytest.fixture
def teams(database: Database, admin: Actor) -> Teams:
    return make_teams(database, admin)


def open_tab(qtbot: QtBot, window: MainWindow) -> CadresTab:
    tab = window.show_tab("驻村干部")
    assert isinstance(tab, CadresTab)
    return tab


def open_roster(qtbot: QtBot, window: MainWindow) -> RosterPage:
    page = open_tab(qtbot, window).roster_page
    qtbot.waitUntil(lambda: page.model is not None and page.footer.text().startswith("共"))
    return page


def cell(page: RosterPage, row: int, col: int) -> str:
    assert page.model is not None
    return str(page.model.index(row, col).data())


def test_roster_lists_postings_with_masked_ids_and_warnings(
    qtbot, main_window, admin, teams
) -> None:  # type: ignore[no-untyped-def]
    page = open_roster(qtbot, main_window(admin))
    assert page.model is not None and page.model.rowCount() == 5
    names = {cell(page, r, 0): cell(page, r, 1) for r in range(5)}
    assert names["王建国"] == "6103**********451X"  # never the full number
    assert "61032719850712451X" not in {cell(page, r, c) for r in range(5) for c in range(11)}
    assert page.footer.text().startswith("共 5 人次，其中第一书记 1 人")
    assert "东坡村工作队仅2人" in page.warnings.text()
    assert "派出单位“县交通运输局”没有选派第一书记" in page.warnings.text()
    assert not page.leave_button.isEnabled()  # nothing selected yet
    assert "请先在名册中选中" in page.leave_button.toolTip()


def test_a_town_clerk_sees_only_their_town(qtbot, main_window, user_factory, teams) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("hb", "town", "河北镇")
    page = open_roster(qtbot, main_window(clerk))
    assert page.model is not None and page.model.rowCount() == 2
    assert {cell(page, r, 5) for r in range(2)} == {"河北镇"}
    assert page.town.count() == 1 and page.town.currentText() == "河北镇"


def test_leave_dialog_checks_everything_then_registers(
    qtbot, main_window, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    page = open_roster(qtbot, main_window(admin))
    row = next(r for r in range(5) if cell(page, r, 0) == "王建国")
    page.select_row(row)
    assert page.leave_button.isEnabled()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter opens the dialog
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None and "上岔村第一书记王建国" in dialog.windowTitle()
    dialog.save_button.click()
    assert dialog.error.text() == "请选择请假类型。\n请填写请假事由。"  # all at once
    assert dialog.kind.hasFocus() or dialog.focusWidget() is dialog.kind
    dialog.kind.setCurrentText("病假")
    dialog.start.set_day(date(2022, 3, 1))
    dialog.end.set_day(date(2022, 3, 4))
    dialog.end_am.setChecked(True)
    assert dialog.length.text() == "共 3.5 天，由县委组织部审批"
    dialog.end_am.setChecked(False)
    dialog.end.set_day(date(2022, 3, 3))
    assert dialog.length.text() == "共 3 天，由镇党委审批"
    dialog.reason.setPlainText("住院治疗")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.footer.text() == "已登记上岔村第一书记王建国病假3天，待镇党委审批。"
    with database.read() as s:
        [leave] = s.query(Leave).all()
        assert (leave.halves, leave.approver_tier, leave.status) == (6, "town", "待审批")
    # an overlapping second leave is refused inside the dialog, which stays open
    page.open_leave()
    qtbot.waitUntil(
        lambda: page.dialog is not dialog and page.dialog is not None and page.dialog.isVisible()
    )
    second = page.dialog
    assert second is not None
    second.kind.setCurrentText("事假")
    second.start.set_day(date(2022, 3, 3))
    second.end.set_day(date(2022, 3, 3))
    second.reason.setPlainText("家事")
    second.save_button.click()
    qtbot.waitUntil(lambda: "时间重叠" in second.error.text())
    assert second.isVisible()
    second.done(0)


def test_assessment_round_offers_only_allowed_grades(
    qtbot, main_window, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        att.record_spot_check(
            s,
            admin,
            teams.cadres["李红梅"],
            checked_on=date(2022, 5, 3),
            checked_by="县委组织部",
            result="无故缺勤",
        )
    tab = open_tab(qtbot, main_window(admin))
    tab.setCurrentWidget(tab.assessment_page)
    page: AssessmentPage = tab.assessment_page
    qtbot.waitUntil(lambda: page.hint.text() != "")
    assert "还没有考核" in page.hint.text() and not page.grade_button.isEnabled()
    page.year.setValue(2022)
    page.new_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 5)
    names = [page.table.item(r, 0).text() for r in range(5)]
    assert names[:3] == ["王建国", "李红梅", "赵小军"]  # 第一书记, 队长, 队员
    assert page.table.item(1, 7).text() == "抽查发现无故缺勤1次"
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None
    assert [dialog.grade.itemText(i) for i in range(dialog.grade.count())] == [
        "称职",
        "基本称职",
        "不称职",
    ]
    dialog.save_button.click()
    assert dialog.error.text() == "请填写个人述职。\n请填写乡镇评价意见。\n请选择考核等次。"
    dialog.self_report.setPlainText("全年驻村工作述职")
    dialog.town_opinion.setPlainText("工作扎实")
    dialog.grade.setCurrentText("称职")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 5 and page.table.item(1, 6).text() == "称职")
    assert "已评定 1 人" in page.hint.text()
    with database.read() as s:
        [rnd] = asm.list_rounds(s, admin)
    assert rnd.graded == 1
    # five cadres: the 15% cap allows no 优秀 at all, and the service says so in the dialog
    page.table.selectRow(0)
    page.open_grade()
    qtbot.waitUntil(
        lambda: page.dialog is not dialog and page.dialog is not None and page.dialog.isVisible()
    )
    top = page.dialog
    assert top is not None and top.grade.itemText(0) == "优秀"
    top.self_report.setPlainText("述职")
    top.town_opinion.setPlainText("好")
    top.grade.setCurrentText("优秀")
    top.save_button.click()
    qtbot.waitUntil(lambda: "5人中至多0人" in top.error.text())
    top.done(0)


def test_leave_dialog_asks_before_discarding(qtbot, main_window, admin, teams) -> None:  # type: ignore[no-untyped-def]
    from ui.common.unsaved import DISCARD_TITLE

    page = open_roster(qtbot, main_window(admin))
    page.select_row(0)
    page.open_leave()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None
    dialog.reason.setPlainText("探亲")
    dialog.reject()
    box = dialog.guard.question
    assert box is not None and box.isVisible() and box.windowTitle() == DISCARD_TITLE
    assert dialog.isVisible()  # kept until the user decides
    next(b for b in box.buttons() if b.text() == "继续填写").click()
    assert dialog.isVisible() and dialog.reason.toPlainText() == "探亲"
    dialog.guard.discard()
    dialog.done(0)


def test_closed_round_prints_notice_and_letter(
    qtbot, monkeypatch, main_window, admin, teams, database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    import ui.cadres.assessment_page as ap
    from fpr_desktop.notices.models import Notice

    fill_complaint_channels(database, admin)  # registering the notice needs its channels
    with database.transaction(admin.audit()) as s:
        rid = asm.open_round(s, admin, 2022, "年度考核")
        for r in asm.round_rows(s, admin, rid):
            asm.assess(
                s,
                admin,
                r.id,
                r.version,
                self_report="述职",
                democratic_rating="",
                town_opinion="好",
                unit_opinion="",
                grade="称职",
                decided_on=date(2022, 12, 20),
            )
    tab = open_tab(qtbot, main_window(admin))
    tab.setCurrentWidget(tab.assessment_page)
    page = tab.assessment_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 5)
    assert not page.notice_button.isEnabled() and "考核结束" in page.notice_button.toolTip()
    page.close_button.click()
    qtbot.waitUntil(lambda: page.notice_button.isEnabled())
    assert not page.grade_button.isEnabled()  # grades are fixed once the round is closed
    target = tmp_path / "公示.pdf"
    monkeypatch.setattr(ap, "ask_save_path", lambda *_a: target)
    page.notice_button.click()
    qtbot.waitUntil(lambda: page.hint.text().startswith("已生成并登记"))
    assert target.read_bytes().startswith(b"%PDF")
    with database.read() as s:
        [kind] = s.scalars(select(Notice.kind)).all()
    assert kind == "cadre_assessment"
    letter = tmp_path / "反馈函.pdf"
    monkeypatch.setattr(ap, "ask_save_path", lambda *_a: letter)
    page.table.selectRow(0)
    page.letter_button.click()
    qtbot.waitUntil(lambda: page.hint.text().startswith("已保存"))
    assert letter.read_bytes().startswith(b"%PDF")
