"""驻村干部 forms: roster header sorting (never by ID number), a posting with its warnings shown
before saving, the leave decision by tier and 销假, a household visit and a training."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers.cadre_teams import Teams, make_teams
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.cadres import leave as lv
from fpr_desktop.cadres import roster
from fpr_desktop.cadres.models import Assignment, HouseholdVisit, Leave, Training
from fpr_desktop.db.engine import Database
from ui.cadres.leave_page import LeavePage
from ui.cadres.roster_page import RosterPage
from ui.cadres.tab import CadresTab
from ui.cadres.work_page import WorkPage
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def teams(database: Database, admin: Actor) -> Teams:
    return make_teams(database, admin)


def open_tab(window: MainWindow) -> CadresTab:
    tab = window.show_tab("驻村干部")
    assert isinstance(tab, CadresTab)
    return tab


def open_roster(qtbot: QtBot, window: MainWindow) -> RosterPage:
    page = open_tab(window).roster_page
    qtbot.waitUntil(lambda: page.model is not None and page.footer.text().startswith("共"))
    return page


def column(page: RosterPage, col: int) -> list[str]:
    assert page.model is not None
    return [str(page.model.index(r, col).data()) for r in range(page.model.rowCount())]


def click_header(qtbot: QtBot, page: RosterPage, col: int) -> None:
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    page.footer.setText("")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_roster_headers_sort_but_never_by_the_masked_id(qtbot, main_window, admin, teams) -> None:  # type: ignore[no-untyped-def]
    page = open_roster(qtbot, main_window(admin))
    click_header(qtbot, page, 6)  # 所驻村
    qtbot.waitUntil(lambda: page.footer.text().startswith("共"))
    up = column(page, 0)
    villages = column(page, 6)
    assert villages == sorted(villages, key=lambda v: villages.index(v))  # grouped
    assert len(set(villages[:2])) == 1 and len(set(villages[-2:])) == 1
    click_header(qtbot, page, 6)
    qtbot.waitUntil(lambda: page.footer.text().startswith("共"))
    assert column(page, 0) == up[::-1]
    assert page.view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    click_header(qtbot, page, 1)  # 身份证号
    assert page.footer.text() == "身份证号不参与排序。"
    assert page.view.horizontalHeader().sortIndicatorSection() == 6
    ids = column(page, 1)
    assert "6103**********451X" in ids and "61032719850712451X" not in ids


def test_posting_form_warns_before_saving_and_saves_anyway(
    qtbot, main_window, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        roster.add_cadre(s, admin, roster.CadreInput("刘一鸣", teams.units["县交通运输局"]))
    page = open_roster(qtbot, main_window(admin))
    page.open_assign()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    fields = dialog.posting  # type: ignore[union-attr]
    assert [fields.cadre.itemText(i).split()[0] for i in range(fields.cadre.count())] == [
        "刘一鸣"
    ]  # the five posted cadres are not offered
    dialog.save_button.click()  # type: ignore[union-attr]
    assert dialog.error.text() == (  # type: ignore[union-attr]
        "请选择要选派的干部。\n请选择所驻村。\n请选择驻村职务（第一书记、工作队队长、队员）。"
    )
    empty = next(v for n, v in teams.villages.items() if n not in ("上岔村", "东坡村"))
    fields.cadre.setCurrentIndex(0)
    fields.village.setCurrentIndex(fields.village.findData(empty))
    fields.role.setCurrentText("队员")
    end = date.today() + timedelta(days=40)
    fields.end.set_day(end)
    fields.end.edit.textChanged.emit(fields.end.edit.text())
    text = fields.warnings.text()
    assert fields.warnings.isVisible()
    assert "任期不足2年" in text
    assert f"任期将于{end}届满（40天后）" in text
    assert "工作队选派后仅1人，少于3人" in text
    assert "派出单位“县交通运输局”没有选派第一书记" in text
    fields.role.setCurrentText("第一书记")
    assert "没有选派第一书记" not in fields.warnings.text()
    assert "第一书记条件：党龄不足1年或未登记入党时间" in fields.warnings.text()
    dialog.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)  # saved and closed
    assert page.footer.text().startswith("已选派。请注意：· 任期不足2年")
    qtbot.waitUntil(lambda: "共 6 人次" in page.footer.text())  # the list read again …
    assert page.footer.text().startswith("已选派。")  # … keeps what the step did
    with database.read() as s:
        a = s.query(Assignment).filter_by(village_id=empty).one()
        assert (a.role, a.term_end) == ("第一书记", end)


def _leaves(database: Database, admin: Actor, teams: Teams) -> None:
    with database.transaction(admin.audit()) as s:
        for who, days in (("孙立平", 1), ("周敏", 5)):
            lv.request_leave(
                s,
                admin,
                lv.LeaveInput(
                    teams.cadres[who],
                    "事假",
                    date(2022, 3, 1),
                    date(2022, 3, 1) + timedelta(days=days),
                    reason="家事",
                ),
            )


def row_of(page: LeavePage, name: str) -> int:
    return next(r for r in range(page.table.rowCount()) if page.table.item(r, 2).text() == name)


def test_a_town_decides_short_leave_only_then_records_report_back(
    qtbot, main_window, user_factory, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    _leaves(database, admin, teams)
    clerk = user_factory("hb", "town", "河北镇")
    tab = open_tab(main_window(clerk))
    tab.setCurrentWidget(tab.leave_page)
    page = tab.leave_page
    qtbot.waitUntil(lambda: "没有符合条件的请假" in page.hint.text())  # none this year
    page.year.setValue(2022)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    page.select_row(row_of(page, "周敏"))
    assert not page.decide_button.isEnabled()
    assert page.decide_button.toolTip() == "超过3天的请假由县委组织部审批。"
    page.select_row(row_of(page, "孙立平"))
    assert page.decide_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    dialog.save_button.click()  # type: ignore[union-attr]
    assert dialog.error.text() == "请选择批准或不予批准。"  # type: ignore[union-attr]
    dialog.reject_choice.setChecked(True)  # type: ignore[union-attr]
    dialog.save_button.click()  # type: ignore[union-attr]
    assert dialog.error.text() == "不予批准时请填写审批意见。"  # type: ignore[union-attr]
    dialog.approve.setChecked(True)  # type: ignore[union-attr]
    dialog.opinion.setPlainText("同意")  # type: ignore[union-attr]
    dialog.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)  # saved and closed
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)  # the list shows 待审批 only
    assert "已批准" in page.hint.text()
    page.status.setCurrentIndex(page.status.findData(lv.APPROVED))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and page.table.item(0, 2).text() == "孙立平")
    page.select_row(0)
    assert page.back_button.isEnabled() and not page.decide_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter: the next step, 销假
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    back = page.dialog
    back.on.set_day(date(2022, 3, 3))  # type: ignore[union-attr]
    back.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)  # saved and closed
    with database.read() as s:
        done = s.query(Leave).filter_by(cadre_id=teams.cadres["孙立平"]).one()
        assert (done.status, done.opinion, done.reported_back_on) == (
            "已批准",
            "同意",
            date(2022, 3, 3),
        )
        assert s.query(Leave).filter_by(cadre_id=teams.cadres["周敏"]).one().status == "待审批"


def test_visit_and_training_entry(qtbot, main_window, admin, teams, database) -> None:  # type: ignore[no-untyped-def]
    year = date.today().year
    with database.transaction(admin.audit()) as s:
        roster.set_key_village(
            s, admin, year=year, village_id=teams.villages["上岔村"], reason="脱贫村", households=2
        )
    tab = open_tab(main_window(admin))
    tab.setCurrentWidget(tab.work_page)
    page: WorkPage = tab.work_page
    qtbot.waitUntil(lambda: page.coverage.rowCount() == 1)
    assert not page.visit_button.isEnabled() and "请先在左侧选中" in page.visit_button.toolTip()
    assert "王建国" in page.training_hint.text()  # no county-level training yet
    page.coverage.selectRow(0)
    qtbot.keyClick(page.coverage, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    visit = page.dialog
    assert visit.visitors.text() == "王建国、李红梅、赵小军"  # type: ignore[union-attr]
    visit.referred.setChecked(True)  # type: ignore[union-attr]
    visit.save_button.click()  # type: ignore[union-attr]
    assert visit.error.text() == (  # type: ignore[union-attr]
        "请填写走访农户（户主姓名）。\n纳入监测时请写明发现的问题。"
    )
    visit.household.setText("张有福")  # type: ignore[union-attr]
    visit.problems.setPlainText("因病支出骤增")  # type: ignore[union-attr]
    visit.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)  # saved and closed
    qtbot.waitUntil(lambda: page.coverage.item(0, 2).text() == "1")
    assert page.coverage.item(0, 3).text() == "50"
    assert page.hint.text().startswith("已登记上岔村张有福户的走访。 重点帮扶村1个")  # kept
    qtbot.waitUntil(lambda: page.visits.rowCount() == 1)
    assert page.visits.item(0, 3).text() == "是"
    page.training_button.click()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    training = page.dialog
    training.save_button.click()  # type: ignore[union-attr]
    assert training.error.text() == (  # type: ignore[union-attr]
        "请选择干部。\n请填写培训班名称。\n请选择举办层级（中央、省、市、县、镇）。\n"
        "请填写学时（大于0）。"
    )
    training.cadre.setCurrentIndex(training.cadre.findData(teams.cadres["王建国"]))  # type: ignore[union-attr]
    training.course.setText("全县驻村第一书记示范培训班")  # type: ignore[union-attr]
    training.level.setCurrentText("县")  # type: ignore[union-attr]
    training.hours.setValue(24)  # type: ignore[union-attr]
    training.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)  # saved and closed
    qtbot.waitUntil(lambda: page.trainings.rowCount() == 1)
    row = [page.trainings.item(0, c).text() for c in range(6)]
    assert row[:2] == ["王建国", "县"] and row[4:] == ["24", "全县驻村第一书记示范培训班"]
    assert "王建国" not in page.training_hint.text()
    with database.read() as s:
        assert s.query(HouseholdVisit).one().referred is True
        assert s.query(Training).one().hours == 24


def test_record_sheet_prints_from_the_roster_with_the_id_masked(
    qtbot, main_window, admin, teams, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "档案表.pdf"
    monkeypatch.setattr("ui.cadres.roster_page.ask_save_path", lambda *_a: out)
    page = open_roster(qtbot, main_window(admin))
    assert not page.sheet_button.isEnabled()  # nothing selected
    page.select_row(column(page, 0).index("王建国"))
    page.sheet_button.click()
    qtbot.waitUntil(lambda: page.footer.text().startswith("已保存"))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "".join(re.sub(r"\s+", "", p.extract_text()) for p in reader.pages)
    assert len(reader.pages) == 1
    assert "王建国" in text and "6103**********451X" in text and "61032719850712451X" not in text


def test_sorted_assessment_rows_keep_their_cadre(
    qtbot, main_window, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.cadres import assessment as asm

    with database.transaction(admin.audit()) as s:
        asm.open_round(s, admin, 2022, "年度考核")
    tab = open_tab(main_window(admin))
    tab.setCurrentWidget(tab.assessment_page)
    page = tab.assessment_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 5)
    page.table.sortItems(3, Qt.SortOrder.DescendingOrder)  # 所驻村: the header click's sort
    row = next(r for r in range(5) if page.table.item(r, 0).text() == "周敏")
    assert row != 4  # 周敏 was last in the service's order
    page.table.selectRow(row)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog is not None and page.dialog.windowTitle().endswith("周敏")
    page.dialog.done(0)


def test_key_village_designated_then_redescribed_with_enter(
    qtbot, main_window, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.cadres.models import KeyVillage

    tab = open_tab(main_window(admin))
    tab.setCurrentWidget(tab.villages_page)
    page = tab.villages_page
    qtbot.waitUntil(lambda: "共认定重点帮扶村0个" in page.hint.text())
    page.add_button.click()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    dialog.save_button.click()  # type: ignore[union-attr]
    assert dialog.error.text() == (  # type: ignore[union-attr]
        "请选择村。\n请选择认定原因（脱贫村、易地搬迁安置村、乡村振兴任务重、软弱涣散村）。\n"
        "请填写全村农户数（走访覆盖按此计算）。"
    )
    dialog.village.setCurrentIndex(dialog.village.findData(teams.villages["东坡村"]))  # type: ignore[union-attr]
    dialog.reason.setCurrentText("脱贫村")  # type: ignore[union-attr]
    dialog.households.setValue(180)  # type: ignore[union-attr]
    dialog.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.table.item(0, 1).text() == "东坡村" and page.table.item(0, 4).text() == "2"
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    again = page.dialog
    assert not again.village.isEnabled() and again.households.value() == 180  # type: ignore[union-attr]
    again.reason.setCurrentText("软弱涣散村")  # type: ignore[union-attr]
    again.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)
    with database.read() as s:
        [kv] = s.query(KeyVillage).all()
        assert (kv.reason, kv.households) == ("软弱涣散村", 180)


def test_rotation_with_replacement_keeps_the_old_posting(
    qtbot, main_window, admin, teams, database
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        roster.add_cadre(s, admin, roster.CadreInput("刘一鸣", teams.units["县交通运输局"]))
    page = open_roster(qtbot, main_window(admin))
    assert not page.end_button.isEnabled() and "请先在名册中选中" in page.end_button.toolTip()
    page.select_row(column(page, 0).index("周敏"))
    page.end_button.click()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert not dialog.posting.cadre.isVisible()  # type: ignore[union-attr]  # folded away
    dialog.reason.setCurrentText("轮换")  # type: ignore[union-attr]
    dialog.replace.setChecked(True)  # type: ignore[union-attr]
    dialog.save_button.click()  # type: ignore[union-attr]
    assert dialog.error.text() == "轮换须写明原因。\n请选择要选派的干部。"  # type: ignore[union-attr]
    assert dialog.posting.village.currentText() == "河北镇 东坡村"  # type: ignore[union-attr]
    dialog.note.setPlainText("原单位工作需要")  # type: ignore[union-attr]
    dialog.posting.cadre.setCurrentIndex(0)  # type: ignore[union-attr]
    dialog.save_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)
    assert "任职记录保留，接替人员已选派。" in page.footer.text()
    with database.read() as s:
        old = s.get(Assignment, teams.postings["周敏"])
        new = s.query(Assignment).filter_by(replaces_id=old.id).one()
        assert (old.end_reason, old.end_note) == ("轮换", "原单位工作需要")
        assert (new.village_id, new.role) == (old.village_id, "队员")
    page.active.setChecked(False)  # everyone, including who left
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 6)
    states = dict(zip(column(page, 0), column(page, 9), strict=True))
    assert states["周敏"].startswith("轮换（") and states["刘一鸣"] == "在岗"
