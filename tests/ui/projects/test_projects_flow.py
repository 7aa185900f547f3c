"""项目库 dialogs and 办理: the proposal form, the life cycle through the GUI, records, the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from helpers.project_support import NAME, make_project
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions import services as div
from fpr_desktop.notices import register as reg
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.models import Project
from ui.main_window import MainWindow
from ui.projects.detail_dialog import STALE_PROJECT, ProjectDialog
from ui.projects.list_page import ProjectListPage
from ui.projects.plan_page import PlanPage
from ui.projects.records_dialogs import MeetingDialog, WorkReliefDialog
from ui.projects.step_dialog import StepDialog
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton
LONG_AGO = date(2021, 7, 1)


def open_list(qtbot: QtBot, window: MainWindow) -> ProjectListPage:
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    page = tab.list_page
    qtbot.waitUntil(lambda: page.model is not None and page.footer.text().startswith("共"))
    return page


def new_dialog(qtbot: QtBot, page: ProjectListPage) -> ProjectDialog:
    qtbot.mouseClick(page.new_button, CLICK)
    dialog = page.dialog
    assert isinstance(dialog, ProjectDialog)
    return dialog


def fill(dialog: ProjectDialog, *, name: str = NAME, total: str, fiscal: str) -> None:
    """Type a proposal for 固关镇上岔村 the way a clerk would."""
    form = dialog.form
    form.name.setText(name)
    form.year.setValue(2024)
    form.category.setCurrentIndex(form.category.findText("　　种植"))
    form.construction_type.setCurrentIndex(form.construction_type.findText("新建"))
    form.town.setCurrentIndex(form.town.findText("固关镇"))
    form.village.setCurrentIndex(form.village.findText("上岔村"))
    form.content.setPlainText("核桃园提质增效500亩")
    # Screens read amounts in 万元; a clerk copying a 元 figure types its unit with it.
    form.total_investment.setText(f"{total}元")
    form.fiscal_funds.setText(f"{fiscal}元")
    form.funds.set_amount("中央衔接资金", f"{fiscal}元")
    form.mode.setCurrentIndex(form.mode.findText("公开招标"))
    table = form.targets.table
    table.item(0, 1).setText("提质增效面积")
    table.item(0, 2).setText("亩")
    table.item(0, 3).setText("500")


def status_of(page: ProjectListPage, project_id: int) -> str:
    assert page.model is not None
    row = page.model.row_of_id(project_id)
    assert row is not None
    c = [col.title for col in page.model.columns].index("状态")
    return str(page.model.index(row, c).data())


def ready(page: ProjectListPage, project_id: int, status: str) -> bool:
    ctx = page.project_actions.context
    return ctx is not None and ctx.id == project_id and ctx.status_label == status


def take(qtbot: QtBot, page: ProjectListPage, label: str, opinion: str = "") -> StepDialog:
    action = page.project_actions.action(label)
    assert action is not None and action.isEnabled(), action and action.toolTip()
    action.trigger()
    dialog = page.project_actions.dialog
    assert isinstance(dialog, StepDialog)
    dialog.opinion.setPlainText(opinion)
    if dialog.doc_number is not None:  # a review or approval step: who decided, by what
        dialog.doc_number.setText("陇农领发〔2024〕3号")
    qtbot.mouseClick(dialog.save_button, CLICK)
    return dialog


def step(qtbot: QtBot, page: ProjectListPage, pid: int, label: str, after: str) -> None:
    take(qtbot, page, label, "同意")
    qtbot.waitUntil(lambda: status_of(page, pid) == after and ready(page, pid, after))


def publicize(database: Database, actor: Actor, pid: int, level: str, division_id: int) -> None:
    with database.transaction(actor.audit()) as s:
        reg.issue_notice(
            s,
            actor,
            kind="project_library_publicity",
            level=level,
            title="项目库公示",
            division_id=division_id,
            covers=[("project", pid)],
            window_start=LONG_AGO,
            backdate_reason="纸质公示已按期张贴，补登",
        )


def refresh(qtbot: QtBot, page: ProjectListPage, pid: int, status: str) -> None:
    """The user presses 刷新 (notices were registered elsewhere); the selection stays."""
    page.project_actions.context = None
    qtbot.mouseClick(page.reload_button, CLICK)
    qtbot.waitUntil(lambda: ready(page, pid, status))


def test_fiscal_funds_above_total_investment_are_refused_in_the_dialog(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_list(qtbot, main_window(admin))
    dialog = new_dialog(qtbot, page)
    fill(dialog, total="100,000", fiscal="200000.00")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(dialog.error.isVisible)
    assert "申请财政资金 200000.00 元超过总投资 100000.00 元" in dialog.error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    dialog.form.total_investment.setText("1,0x")
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text().startswith("总投资：“1,0x”不是有效的金额")
    with database.read() as s:
        assert s.scalar(select(Project.id)) is None


def test_proposal_to_library_through_the_gui(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_list(qtbot, main_window(admin))
    dialog = new_dialog(qtbot, page)
    fill(dialog, total="500000", fiscal="450,000.00")
    with qtbot.waitSignal(dialog.project_saved) as saved:
        qtbot.mouseClick(dialog.save_button, CLICK)
    pid = saved.args[0] if saved.args else 0
    qtbot.waitUntil(lambda: ready(page, pid, "村级申报"))
    assert page.current_id() == pid and status_of(page, pid) == "村级申报"
    with database.read() as s:
        detail = prj.get_project(s, admin, pid)
        town = div.town_by_name(s, "固关镇")
    assert detail.values.fiscal_funds == Decimal("450000.00")
    assert detail.values.fundings == {"中央衔接资金": Decimal("450000.00")}
    assert detail.values.targets == [prj.TargetInput("产出指标", "提质增效面积", "亩", "500")]

    step(qtbot, page, pid, "提交村级公示", "村级公示")
    refused = page.project_actions.action("乡镇受理审核")
    assert refused is not None and not refused.isEnabled()
    assert refused.toolTip().startswith("尚未登记“村级公示”")
    assert detail.values.village_id is not None
    publicize(database, admin, pid, "village", detail.values.village_id)
    refresh(qtbot, page, pid, "村级公示")
    step(qtbot, page, pid, "乡镇受理审核", "乡镇审核")
    step(qtbot, page, pid, "乡镇审核通过并公示", "乡镇公示")
    publicize(database, admin, pid, "town", town.id)
    refresh(qtbot, page, pid, "乡镇公示")
    step(qtbot, page, pid, "报县级论证", "县级论证")
    step(qtbot, page, pid, "县级论证通过", "县级审定")
    publicize(database, admin, pid, "county", town.parent_id or town.id)
    refresh(qtbot, page, pid, "县级审定")
    step(qtbot, page, pid, "县级审定入库", "已入库")
    assert status_of(page, pid) == "已入库"
    assert page.message.text() == "已办理“县级审定入库”，项目现为“已入库”。"

    # The dialog now reads as a record: read-only, with every step on the 审批记录 tab.
    opened = page.open_project(pid)
    assert opened is not None
    qtbot.waitUntil(lambda: opened.detail is not None)
    assert opened.banner.isVisible() and "申报内容只读" in opened.banner.text()
    assert not opened.save_button.isVisible() and opened.form.name.isReadOnly()
    history = opened.history
    actions = [history.item(r, 2).text() for r in range(history.rowCount())]
    assert actions == [
        "提交村级公示",
        "乡镇受理审核",
        "乡镇审核通过并公示",
        "报县级论证",
        "县级论证通过",
        "县级审定入库",
    ]
    assert history.item(5, 3).text() == "县级审定 → 已入库"
    assert history.item(5, 1).text() == "管理员" and history.item(5, 4).text() == "同意"
    opened.reject()

    # 列入年度计划 asks the year and funds by source; the plan page lists it with a 合计.
    page.project_actions.action("列入年度计划").trigger()
    plan_dialog = page.project_actions.dialog
    assert isinstance(plan_dialog, StepDialog) and plan_dialog.funds is not None
    assert plan_dialog.funds.amounts() == {"中央衔接资金": Decimal("450000.00")}
    plan_dialog.funds.set_amount("苏陕协作资金", "5.00005")  # 万元, to the 分
    assert plan_dialog.funds_total.text() == (
        "合计：50.00005 万元（申请财政资金 45.00 万元，超过申请额，须先办理项目调整）"
    )
    plan_dialog.doc_number.setText("陇农领发〔2024〕3号")
    qtbot.mouseClick(plan_dialog.save_button, CLICK)
    assert "安排资金合计超过申请财政资金 45.00 万元" in plan_dialog.error.text()
    plan_dialog.funds.set_amount("中央衔接资金", "39.99995")
    assert plan_dialog.funds_total.text() == "合计：45.00 万元（申请财政资金 45.00 万元）"
    qtbot.mouseClick(plan_dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: status_of(page, pid) == "列入年度计划")
    tab = page.parentWidget().parentWidget()
    assert isinstance(tab, ProjectsTab)
    plan = tab.show_page("年度计划")
    assert isinstance(plan, PlanPage)
    qtbot.waitUntil(lambda: plan.plan is not None and plan.plan.year == 2024)
    assert plan.table.item(0, 1).text() == NAME
    assert plan.table.item(1, 0).text() == "合计"
    assert plan.total_text() == "45.00"  # 万元, rounded for the list


def test_side_exits_need_an_opinion(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_list(qtbot, main_window(admin))
    dialog = new_dialog(qtbot, page)
    fill(dialog, total="500000", fiscal="450000")
    with qtbot.waitSignal(dialog.project_saved) as saved:
        qtbot.mouseClick(dialog.save_button, CLICK)
    pid = saved.args[0] if saved.args else 0
    qtbot.waitUntil(lambda: ready(page, pid, "村级申报"))
    step(qtbot, page, pid, "提交村级公示", "村级公示")
    refused = take(qtbot, page, "退回修改")
    assert refused.error.text() == "“退回修改”必须填写意见。" and refused.isVisible()
    refused.opinion.setPlainText("预算依据不足")
    qtbot.mouseClick(refused.save_button, CLICK)
    qtbot.waitUntil(lambda: status_of(page, pid) == "退回修改")
    with database.read() as s:
        assert prj.get_project(s, admin, pid).opinions[-1] == "预算依据不足"


def test_similar_name_in_the_same_village_warns_but_saves(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    make_project(database, admin, year=2023)
    page = open_list(qtbot, main_window(admin))
    dialog = new_dialog(qtbot, page)
    fill(dialog, name="上岔村核桃提质增效工程", total="500000", fiscal="450000")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(dialog.similar.isVisible)
    assert f"2023年“{NAME}”" in dialog.similar.text()
    assert dialog.save_button.text() == "仍然保存"
    with qtbot.waitSignal(dialog.project_saved):
        qtbot.mouseClick(dialog.save_button, CLICK)
    with database.read() as s:
        assert len(s.scalars(select(Project.id)).all()) == 2


def test_a_stale_save_keeps_the_typing_until_the_newer_record_is_asked_for(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    pid = make_project(database, admin)
    page = open_list(qtbot, main_window(admin))
    dialog = page.open_project(pid)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None)
    with database.transaction(admin.audit()) as s:
        s.get(Project, pid).name = "上岔村核桃园改造项目"  # another clerk saved first
    dialog.form.content.setPlainText("核桃园提质增效480亩")
    qtbot.mouseClick(dialog.save_button, CLICK)
    # refused as stale: what was typed stays, the error line says so, 保存 now offers the newer
    qtbot.waitUntil(lambda: dialog.save_button.text() == "载入最新内容")
    assert dialog.error.text() == STALE_PROJECT
    assert dialog.form.content.toPlainText() == "核桃园提质增效480亩"
    with qtbot.waitSignal(dialog.detail_loaded):
        qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.form.name.text() == "上岔村核桃园改造项目"
    assert dialog.form.content.toPlainText() == "核桃园提质增效500亩"
    assert dialog.save_button.text() == "保存" and not dialog.error.isVisible()


def test_meeting_quorum_warning_and_labour_share(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    pid = make_project(database, admin, implementation_mode="以工代赈")
    page = open_list(qtbot, main_window(admin))
    page.select_id(pid)
    qtbot.waitUntil(lambda: ready(page, pid, "村级申报"))
    acceptance = page.project_actions.action("验收")
    assert acceptance is not None and not acceptance.isEnabled()
    assert acceptance.toolTip() == "项目尚未登记竣工，不能验收。"

    relief_action = page.project_actions.action("以工代赈")
    assert relief_action is not None
    relief_action.trigger()
    relief = page.project_actions.dialog
    assert isinstance(relief, WorkReliefDialog)
    relief.wages.setText("7.2")  # 万元
    assert relief.share.text() == "18.0%（占财政资金）"
    relief.local_workers.setValue(25)
    relief.poverty_workers.setValue(9)
    qtbot.mouseClick(relief.save_button, CLICK)
    qtbot.waitUntil(lambda: page.message.text() == "已登记以工代赈：劳务报酬占财政资金 18.0%。")

    qtbot.waitUntil(lambda: ready(page, pid, "村级申报"))
    meeting_action = page.project_actions.action("四议两公开会议")
    assert meeting_action is not None
    meeting_action.trigger()
    meeting = page.project_actions.dialog
    assert isinstance(meeting, MeetingDialog)
    meeting.meeting_type.setCurrentText("党员大会审议")
    meeting.eligible.setValue(30)
    meeting.present.setValue(19)
    meeting.votes_for.setValue(19)
    assert "不足应到 30 人的三分之二" in meeting.warning.text()
    qtbot.mouseClick(meeting.save_button, CLICK)
    qtbot.waitUntil(lambda: page.message.text().startswith("会议已登记。注意："))
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert any("不足应到 30 人的三分之二" in box.text() for box in boxes)
