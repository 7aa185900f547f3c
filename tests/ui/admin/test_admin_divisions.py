"""系统管理 → 行政区划: add, edit, 停用/启用, a town clerk's view, and the stale-edit conflict."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions.services import town_by_name, update_division
from ui.admin.audit_page import AuditPage
from ui.admin.dialogs import DivisionDialog
from ui.admin.divisions_page import DivisionsPage
from ui.common.widgets import STALE_FORM
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
CLICK = Qt.MouseButton.LeftButton


def open_page(qtbot: QtBot, window: MainWindow) -> DivisionsPage:
    window.show_tab("系统管理")
    assert window.admin is not None
    page = window.admin.show_page("行政区划")
    assert isinstance(page, DivisionsPage)
    qtbot.waitUntil(lambda: bool(page.items))
    return page


def find(page: DivisionsPage, name: str) -> QTreeWidgetItem | None:
    return next((i for i in page.items.values() if i.text(0) == name), None)


def select(page: DivisionsPage, name: str) -> QTreeWidgetItem:
    item = find(page, name)
    assert item is not None, name
    page.tree.setCurrentItem(item)
    return item


def open_dialog(qtbot: QtBot, page: DivisionsPage, button: object) -> DivisionDialog:
    qtbot.mouseClick(button, CLICK)  # type: ignore[arg-type]
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_added_village_appears_in_the_tree_and_in_the_audit_log(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    window = main_window(admin)
    page = open_page(qtbot, window)
    select(page, "固关镇")
    dialog = open_dialog(qtbot, page, page.add_village_button)
    assert dialog.windowTitle() == "添加村"
    dialog.name.setText("新建测试村")
    dialog.flag_boxes["脱贫村"].setChecked(True)
    qtbot.mouseClick(dialog.save_button, CLICK)

    qtbot.waitUntil(lambda: find(page, "新建测试村") is not None)
    item = find(page, "新建测试村")
    assert item is not None and item.parent() is not None
    assert item.parent().text(0) == "固关镇"
    assert (item.text(1), item.text(3), item.text(5)) == ("村", "脱贫村", "启用")
    assert page.tree.currentItem() is item  # the saved row is selected
    assert page.dialog is None
    assert "已添加村“新建测试村”。" in page.info.text()

    assert window.admin is not None
    audit = window.admin.show_page("审计日志")
    assert isinstance(audit, AuditPage)
    qtbot.waitUntil(lambda: audit.model is not None and audit.model.rowCount() > 0)
    model = audit.model
    assert model is not None

    def row(r: int) -> list[str]:
        return [model.index(r, c).data() for c in range(model.columnCount())]

    newest = row(0)
    assert newest[1:4] == ["admin", "界面", "行政区划"]
    assert newest[5] == "新增"
    assert "新建测试村" in newest[8]
    assert newest[9] == "新建测试村"  # the 区划 column names the village itself


def test_a_name_already_used_is_refused_inside_the_dialog(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    select(page, "上岔村")
    dialog = open_dialog(qtbot, page, page.add_village_button)
    dialog.name.setText("水滩村")
    qtbot.mouseClick(dialog.save_button, CLICK)

    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "同一上级下已有名为“水滩村”的区划。"
    assert dialog.isVisible()
    assert dialog.save_button.isEnabled()
    dialog.name.clear()
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.error.text() == "请填写名称。"


def test_a_town_clerk_sees_only_their_own_town(
    qtbot: QtBot, user_factory: Callable[..., Actor], main_window: OpenWindow
) -> None:
    clerk = user_factory("clerk", "town", "固关镇")
    window = main_window(clerk)
    assert window.admin is not None
    assert window.admin.page_titles() == ["行政区划", "报送登记"]
    page = open_page(qtbot, window)

    assert page.tree.topLevelItemCount() == 1
    county = page.tree.topLevelItem(0)
    assert county.text(0) == "陇县"
    assert [county.child(i).text(0) for i in range(county.childCount())] == ["固关镇"]
    assert county.child(0).childCount() == 8
    assert find(page, "城关镇") is None
    assert page.add_town_button.isHidden()
    select(page, "陇县")
    assert not page.edit_button.isEnabled()
    assert not page.toggle_button.isEnabled()
    select(page, "水滩村")
    assert page.edit_button.isEnabled() and page.add_village_button.isEnabled()


def test_a_stale_edit_shows_the_conflict_and_reloads(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    select(page, "水滩村")
    dialog = open_dialog(qtbot, page, page.edit_button)
    assert dialog.name.text() == "水滩村"

    # Meanwhile another clerk renames the same village on another PC.
    with database.transaction(admin.audit()) as session:
        town = town_by_name(session, "固关镇")
        item = find(page, "水滩村")
        assert item is not None
        village = item.data(0, Qt.ItemDataRole.UserRole)
        assert village.parent_id == town.id
        update_division(session, admin, village.id, village.version, name="水滩新村")

    dialog.name.setText("我改的名字")
    qtbot.mouseClick(dialog.save_button, CLICK)

    # the dialog stays with what was typed, says why 保存 is off; the list reloads behind it
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled() and dialog.error.isVisible())
    assert dialog.error.text() == STALE_FORM and dialog.isVisible()
    assert dialog.name.text() == "我改的名字" and "已被他人修改" in dialog.save_button.toolTip()
    assert not visible_boxes()
    qtbot.waitUntil(lambda: find(page, "水滩新村") is not None)
    assert find(page, "我改的名字") is None
    assert find(page, "水滩村") is None
    dialog.discard()


def test_deactivate_hides_the_village_until_inactive_ones_are_shown(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    select(page, "北大山村")
    assert page.toggle_button.text() == "停用"
    qtbot.mouseClick(page.toggle_button, CLICK)
    qtbot.waitUntil(lambda: find(page, "北大山村") is None)
    assert "已停用“北大山村”" in page.info.text()

    page.show_inactive.setChecked(True)
    qtbot.waitUntil(lambda: find(page, "北大山村") is not None)
    item = select(page, "北大山村")
    assert item.text(5) == "已停用"
    assert page.toggle_button.text() == "启用"
    qtbot.mouseClick(page.toggle_button, CLICK)
    qtbot.waitUntil(lambda: (i := find(page, "北大山村")) is not None and i.text(5) == "启用")


def test_a_town_with_villages_cannot_be_deactivated(
    qtbot: QtBot, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_page(qtbot, main_window(admin))
    select(page, "固关镇")
    qtbot.mouseClick(page.toggle_button, CLICK)
    qtbot.waitUntil(lambda: bool(visible_boxes()))
    assert visible_boxes()[0].text() == "“固关镇”下还有 8 个启用的村，请先停用这些村。"
    assert find(page, "固关镇") is not None
