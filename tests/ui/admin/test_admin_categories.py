"""系统管理 → 项目类别 and 年度计划 → 结转: through the pages, as a clerk would click."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from helpers.project_gates import PLAN_DECISION
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions import services as div
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project
from ui.admin.categories_page import CategoriesPage, CategoryDialog
from ui.main_window import MainWindow
from ui.projects.detail_dialog import ProjectDialog
from ui.projects.plan_page import CarryOverDialog, PlanPage
from ui.projects.tab import ProjectsTab

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton


def open_page(qtbot: QtBot, window: MainWindow) -> CategoriesPage:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("项目类别")
    assert isinstance(page, CategoriesPage)
    qtbot.waitUntil(lambda: bool(page.items))
    return page


def find(page: CategoriesPage, name: str) -> QTreeWidgetItem | None:
    return next((i for i in page.items.values() if i.text(0) == name), None)


def select(page: CategoriesPage, name: str) -> None:
    item = find(page, name)
    assert item is not None, name
    page.tree.setCurrentItem(item)


def add_via_dialog(qtbot: QtBot, page: CategoriesPage, button: object, name: str) -> None:
    qtbot.mouseClick(button, CLICK)  # type: ignore[arg-type]
    dialog = page.dialog
    assert isinstance(dialog, CategoryDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.name.setText(name)
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: find(page, name) is not None)


def test_added_category_appears_and_stopped_one_is_not_offered_for_new_projects(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    window = main_window(admin)
    page = open_page(qtbot, window)
    add_via_dialog(qtbot, page, page.add_top_button, "数字乡村")
    top = find(page, "数字乡村")
    assert top is not None and top.parent() is None
    assert page.tree.currentItem() is top
    assert "已添加大类“数字乡村”。" in page.info.text()
    add_via_dialog(qtbot, page, page.add_child_button, "电商服务")
    child = find(page, "电商服务")
    assert child is not None and child.parent().text(0) == "数字乡村"  # the tree was rebuilt
    assert (child.text(1), child.text(2)) == ("小类", "启用")

    select(page, "种植")
    assert page.toggle_button.text() == "停用"
    qtbot.mouseClick(page.toggle_button, CLICK)
    qtbot.waitUntil(lambda: find(page, "种植") is None)  # hidden until 显示已停用
    page.show_inactive.setChecked(True)
    qtbot.waitUntil(lambda: find(page, "种植") is not None)
    stopped = find(page, "种植")
    assert stopped is not None and stopped.text(2) == "已停用"

    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    projects = tab.list_page
    qtbot.waitUntil(lambda: projects.model is not None and projects.footer.text().startswith("共"))
    qtbot.mouseClick(projects.new_button, CLICK)
    dialog = projects.dialog
    assert isinstance(dialog, ProjectDialog)
    box = dialog.form.category
    offered = [box.itemText(i).strip("　") for i in range(box.count())]
    assert "电商服务" in offered and "数字乡村" in offered
    assert "种植" not in offered
    dialog.reject()


def test_carry_over_from_the_plan_page(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    funds = {"中央衔接资金": Decimal("450000.00")}
    with database.transaction(admin.audit()) as s:
        town = div.town_by_name(s, "固关镇")
        inp = prj.ProjectInput(
            name="上岔村核桃提质增效项目",
            year=2023,
            category_id=category_by_path(s, "产业发展/种植"),
            construction_type="新建",
            town_id=town.id,
            village_id=None,
            content="核桃园提质增效500亩",
            total_investment=Decimal("500000.00"),
            fiscal_funds=Decimal("450000.00"),
            fundings=funds,
            targets=[prj.TargetInput("产出指标", "提质增效面积", "亩", "500")],
            implementation_mode="公开招标",
        )
        pid = prj.create_project(s, admin, inp)
        s.get(Project, pid).status = "in_library"  # reviewed into the library
    with database.transaction(admin.audit()) as s:
        version = s.get(Project, pid).version
        rec.add_to_plan(s, admin, pid, version, year=2023, funds=funds, decision=PLAN_DECISION)

    tab = main_window(admin).show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    plan = tab.show_page("年度计划")
    assert isinstance(plan, PlanPage)
    qtbot.waitUntil(lambda: plan.plan is not None and plan.plan.year == 2023)
    assert not plan.carry_button.isEnabled()
    plan.table.selectRow(0)
    assert plan.carry_button.isEnabled()
    qtbot.mouseClick(plan.carry_button, CLICK)
    dialog = plan.dialog
    assert isinstance(dialog, CarryOverDialog)
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text() == "请填写结转意见。"
    dialog.opinion.setPlainText("汛期未能开工")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: "已结转" in plan.table.item(0, 5).text())
    assert plan.table.item(0, 5).text() == "列入年度计划（已结转至2024年）"
    assert "已将“上岔村核桃提质增效项目”结转到2024年度计划。" in plan.info.text()
    plan.table.selectRow(0)
    assert not plan.carry_button.isEnabled()  # already carried

    plan.year.setCurrentIndex(plan.year.findData(2024))
    qtbot.waitUntil(lambda: plan.plan is not None and plan.plan.year == 2024)
    assert plan.table.item(0, 5).text() == "列入年度计划（由2023年结转）"
    assert plan.total_text() == "45.00"  # 万元
