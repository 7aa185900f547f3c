"""The library's gates as a clerk meets them: disabled steps with the specific reason, decision
fields, acceptance with its deadline, adjustments, back-dated notices and the plan checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from helpers.notice_contacts import fill_complaint_channels
from helpers.project_support import make_project
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.db.engine import Database
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import PlanItem, Project, ProjectAdjustment
from tests.ui.projects.test_projects_flow import open_list, ready, status_of
from ui.main_window import MainWindow
from ui.notices.actions import open_notice_for_projects
from ui.notices.compose import NoticeComposeDialog
from ui.projects.adjustment_dialogs import AdjustmentApprovalDialog, AdjustmentDialog
from ui.projects.list_page import ProjectListPage
from ui.projects.plan_page import PlanPage
from ui.projects.records_dialogs import AcceptanceDialog
from ui.projects.step_dialog import StepDialog
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton


def set_status(database: Database, actor: Actor, pid: int, status: str, **values: object) -> None:
    with database.transaction(actor.audit()) as s:
        p = s.get(Project, pid)
        assert p is not None
        p.status = status
        for key, value in values.items():
            setattr(p, key, value)


def select(qtbot: QtBot, page: ProjectListPage, pid: int, status: str) -> None:
    page.select_id(pid)
    qtbot.waitUntil(lambda: ready(page, pid, status))


def test_accept_is_disabled_until_a_final_inspection_is_recorded(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    completed = date.today() - timedelta(days=40)
    pid = make_project(database, admin)
    set_status(database, admin, pid, "completed", completed_on=completed)
    page = open_list(qtbot, main_window(admin))
    select(qtbot, page, pid, "已竣工")
    accept = page.project_actions.action("验收通过")
    assert accept is not None and not accept.isEnabled()
    assert accept.toolTip().startswith("尚未登记通过的终验记录")

    record = page.project_actions.action("验收记录（自检、初验、终验）…")
    assert record is not None and record.isEnabled()
    record.trigger()
    dialog = page.project_actions.dialog
    assert isinstance(dialog, AcceptanceDialog)
    assert dialog.stage.currentText() == "终验"
    due = page.project_actions.context.acceptance_due  # type: ignore[union-attr]
    assert due is not None and f"应在 {due:%Y-%m-%d} 前验收" in dialog.deadline.text()
    # today is past the deadline: the reason becomes required, and every gap is named at once
    label = dialog.form.labelForField(dialog.late_reason)
    assert isinstance(label, QLabel) and label.text() == "逾期原因（必填）："
    assert dialog.late_reason.isEnabled()
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text().splitlines() == [
        "请填写验收组（单位及成员）。",
        "请填写验收意见。",
        f"验收日期晚于期限 {due:%Y-%m-%d}，请填写逾期原因。",
    ]
    dialog.held_on.set_day(completed + timedelta(days=1))  # within the deadline
    assert not dialog.late_reason.isEnabled() and label.text() == "逾期原因："
    dialog.team.setText("县农业农村局验收组：张三、李四")
    dialog.report.setPlainText("工程质量合格，同意通过验收")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: page.message.text() == "已登记：验收。")
    qtbot.waitUntil(
        lambda: (a := page.project_actions.action("验收通过")) is not None and a.isEnabled()
    )


def test_decision_fields_of_an_approval_step(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    pid = make_project(database, admin)
    set_status(database, admin, pid, "town_review")
    page = open_list(qtbot, main_window(admin))
    select(qtbot, page, pid, "乡镇审核")
    action = page.project_actions.action("乡镇审核通过并公示")
    assert action is not None and action.isEnabled()
    action.trigger()
    dialog = page.project_actions.dialog
    assert isinstance(dialog, StepDialog) and dialog.body is not None
    assert dialog.body.currentText() == "乡镇党委政府"
    label = dialog.form.labelForField(dialog.doc_number)
    assert isinstance(label, QLabel) and label.text() == "会议或文件文号（必填）："
    dialog.body.setCurrentText("")
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text().splitlines() == [
        "请填写决策机构。",
        "请填写会议纪要或文件的文号。",
    ]
    dialog.body.setCurrentText("固关镇党委政府")
    assert dialog.doc_number is not None
    dialog.doc_number.setText("固政纪〔2024〕7号")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: status_of(page, pid) == "乡镇公示")
    opened = page.open_project(pid)
    assert opened is not None
    qtbot.waitUntil(lambda: opened.detail is not None)
    history = opened.history
    assert history.item(0, 5).text().startswith("固关镇党委政府　固政纪〔2024〕7号　")
    opened.reject()


def test_adjustment_is_asked_approved_and_then_needs_publicity(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    draft = make_project(database, admin, name="上岔村产业路项目")
    pid = make_project(database, admin)
    set_status(database, admin, pid, "in_library")
    page = open_list(qtbot, main_window(admin))
    select(qtbot, page, draft, "村级申报")
    refused = page.project_actions.action("项目调整")
    assert refused is not None and not refused.isEnabled()
    assert "入库前的修改请退回修改" in refused.toolTip()
    approve = page.project_actions.action("审定项目调整")
    assert approve is not None and approve.toolTip() == "该项目没有待审定的调整。"

    select(qtbot, page, pid, "已入库")
    asking = page.project_actions.action("项目调整")
    assert asking is not None and asking.isEnabled()
    asking.trigger()
    dialog = page.project_actions.dialog
    assert isinstance(dialog, AdjustmentDialog)
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text().splitlines() == [
        "请填写调整原因。",
        "请至少填写一项调整内容（建设内容、总投资、财政资金或建设地点）。",
    ]
    dialog.fiscal.setText("42")  # 万元
    assert dialog.village.itemText(0) == "（不调整）" and dialog.village.findText("上岔村") == -1
    dialog.village.setCurrentIndex(1)  # another village of 固关镇
    moved_to = dialog.village.currentText()
    dialog.reason.setPlainText("设计变更，增加管网800米")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: page.message.text().startswith("已提交项目调整"))
    qtbot.waitUntil(
        lambda: (
            page.project_actions.context is not None
            and page.project_actions.context.pending_adjustment is not None
        )
    )
    plan = page.project_actions.action("列入年度计划")
    assert plan is not None and not plan.isEnabled()
    assert "待县级审定" in plan.toolTip()

    approving = page.project_actions.action("审定项目调整")
    assert approving is not None and approving.isEnabled()
    approving.trigger()
    approval = page.project_actions.dialog
    assert isinstance(approval, AdjustmentApprovalDialog)
    assert approval.changes.text().startswith("财政资金：40.00万元 → 42.00万元")
    assert f"建设地点（村）：上岔村 → {moved_to}" in approval.changes.text()
    approval.doc_number.setText("陇农领发〔2024〕9号")
    qtbot.mouseClick(approval.save_button, CLICK)
    qtbot.waitUntil(lambda: page.message.text().startswith("项目调整已审定并生效"))
    qtbot.waitUntil(
        lambda: (
            page.project_actions.context is not None
            and page.project_actions.context.pending_adjustment is None
        )
    )
    plan = page.project_actions.action("列入年度计划")
    assert plan is not None and not plan.isEnabled()
    assert plan.toolTip().startswith("尚未登记“调整后的项目库公示”")
    with database.read() as s:
        row = s.query(ProjectAdjustment).one()
        assert (row.state, row.doc_number) == ("approved", "陇农领发〔2024〕9号")
        assert s.get(Project, pid).fiscal_funds == Decimal("420000.00")  # type: ignore[union-attr]


def test_backdated_notice_asks_the_reason_before_registering(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    fill_complaint_channels(database, admin)  # registering needs the village's channels
    pid = make_project(database, admin)
    set_status(database, admin, pid, "village_publicity")
    window = main_window(admin)
    dialog = open_notice_for_projects(window.ws, window, "project_library_publicity", [pid])
    assert isinstance(dialog, NoticeComposeDialog)
    qtbot.waitUntil(dialog.register_button.isEnabled)  # today's start: no reason needed
    assert not dialog.backdate_reason.isVisible()
    dialog.start.set_day(date.today() - timedelta(days=20))
    dialog.rebuild()
    qtbot.waitUntil(dialog.backdate_reason.isVisible)
    assert "比今天早 20 天" in dialog.backdate_note.text()
    assert not dialog.register_button.isEnabled()
    assert dialog.register_button.toolTip() == "请先填写补登原因"
    dialog.backdate_reason.setText("纸质公示已于当日张贴")
    assert dialog.register_button.isEnabled()
    with qtbot.waitSignal(dialog.notices_registered) as registered:
        qtbot.mouseClick(dialog.register_button, CLICK)
    [row] = registered.args[0]
    assert row.window_start == date.today() - timedelta(days=20)
    dialog.close()


def test_plan_page_shows_the_task_40_checks(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    with database.transaction(admin.audit()) as s:
        village = s.query(Division).filter_by(name="上岔村").one()
        village.flags = "脱贫村"
        road = category_by_path(s, "乡村建设/道路")
    ids = [
        make_project(database, admin),
        make_project(
            database, admin, name="上岔村幸福院改造项目", content="幸福院改造", category_id=road
        ),
    ]
    for pid in ids:
        set_status(database, admin, pid, "in_library")
        with database.transaction(admin.audit()) as s:
            rec.add_to_plan(
                s,
                admin,
                pid,
                s.get(Project, pid).version,  # type: ignore[union-attr]
                year=2024,
                funds={"中央衔接资金": Decimal("400000.00")},
                decision=rec.Decision("县委农村工作领导小组", "陇农领发〔2024〕3号", date.today()),
            )
    with database.read() as s:
        assert s.query(PlanItem).count() == 2
    window = main_window(admin)
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    page = tab.show_page("年度计划")
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: page.plan is not None and page.plan.year == 2024)
    problems, fine = page.check_texts()
    assert problems.splitlines()[0] == (
        "注意：衔接资金用于产业发展 40.00万元，占衔接资金 80.00万元的 50.0%，"
        "低于不少于 55% 的要求。"
    )
    assert "“上岔村幸福院改造项目”属于养老支出" in problems
    assert fine == "脱贫村 2 个项目 80.00万元；非贫困村（含镇级） 0 个项目 0.00万元。"
    assert page.checks_bad.isVisible() and page.checks_ok.isVisible()
