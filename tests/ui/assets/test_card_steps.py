"""The asset card's steps: Enter opens the card; status, transfer, disposal, 三资, income, upkeep.

Each refused input shows every problem in the dialog and writes nothing; a step the user may not
take is disabled with its reason; a saved step shows on the card read again.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.assets.actions import DISPOSED, NO_PERMISSION
from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.models import Asset, AssetEvent, Inspection, Upkeep
from fpr_desktop.base.context import Actor
from ui.assets.card_dialog import CardDialog
from ui.assets.short_tables import column_texts
from ui.assets.tab import AssetsTab
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]


@pytest.fixture
def assets(database, admin, place):  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    register_assets(
        database,
        admin,
        place,
        pid,
        [
            part("100000.00", Owner("county", place.county), place.village, name="光伏电站"),
            part("200000.00", Owner("village", place.village), place.village),
            part(
                "148000.00",
                Owner("village", place.village),
                place.village,
                name="村组道路",
                cls="公益性",
                nature="固定资产",
            ),
        ],
    )


def open_card(qtbot: QtBot, window: MainWindow, row: int) -> tuple[AssetsTab, CardDialog]:
    """Select a ledger row and press Enter, as a clerk does."""
    tab = window.show_tab("扶贫资产")
    assert isinstance(tab, AssetsTab)
    page = tab.ledger_page
    qtbot.waitUntil(lambda: page.footer.text().startswith("共"))
    old = getattr(tab, "card_dialog", None)
    page.view.selectRow(row)
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(tab, "card_dialog", None) not in (None, old))
    dialog = tab.card_dialog
    qtbot.waitUntil(dialog.isVisible)
    return tab, dialog


def reopened(qtbot: QtBot, tab: AssetsTab, old: CardDialog) -> CardDialog:
    qtbot.waitUntil(lambda: tab.card_dialog is not old and tab.card_dialog.isVisible())
    return tab.card_dialog


def test_status_change_is_refused_without_reason_then_kept_in_history(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    tab, card = open_card(qtbot, main_window(admin), 1)
    assert card.card.name == "核桃园"
    card.step_buttons["status"].click()
    step = card.step_dialog
    assert step is not None
    step.status.setCurrentText("闲置")
    step.save_button.click()
    assert step.error.text() == "请填写状态变更原因。"
    with database.read() as s:
        assert s.get(Asset, card.card.id).status == "在用"  # nothing written
    step.reason.setText("承包方退出，待重新发包")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert card.card.status == "闲置"
    assert card.step_hint.text() == "状态已变更，已记入变动历史。"
    assert column_texts(card.history, 0)[-1] == "状态"
    assert "承包方退出" in column_texts(card.history, 4)[-1]


def test_disposal_lists_every_problem_then_locks_the_card_for_good(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    tab, card = open_card(qtbot, main_window(admin), 1)
    aid = card.card.id
    card.step_buttons["dispose"].click()
    step = card.step_dialog
    step.proceeds.setText("1.5")
    step.save_button.click()
    assert "请填写审批文件（文号）。" in step.error.text()
    assert "请填写收入去向" in step.error.text()  # both at once
    assert step.isVisible()
    step.approval.setText("固政发〔2024〕12号")
    step.proceeds_to.setText("缴入村集体账户")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert card.card.status == "已处置"
    for key, button in card.step_buttons.items():
        assert not button.isEnabled(), key
        assert button.toolTip() == DISPOSED
    assert not card.save_button.isEnabled()
    assert card.step_hint.text() == DISPOSED
    assert "处置记录" in [card.tabs.tabText(i) for i in range(card.tabs.count())]
    with database.read() as s:
        assert s.get(Asset, aid) is not None  # never deleted
        kinds = s.scalars(select(AssetEvent.kind).where(AssetEvent.asset_id == aid)).all()
    assert "处置" in kinds
    # the disposed asset leaves the ledger's total (44.80 - 20.00)
    qtbot.waitUntil(lambda: "24.80 万元" in tab.ledger_page.footer.text())


def test_sanzi_entry_only_for_village_owned_assets(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    window = main_window(admin)
    tab, county_card = open_card(qtbot, window, 0)
    button = county_card.step_buttons["sanzi"]
    assert not button.isEnabled() and "确权到村" in button.toolTip()
    assert not county_card.step_buttons["upkeep"].isEnabled()  # an operating asset
    county_card.reject()
    tab, card = open_card(qtbot, window, 1)
    card.step_buttons["sanzi"].click()
    step = card.step_dialog
    step.save_button.click()
    assert step.error.text() == "请填写“三资”平台录入编号。"
    step.number.setText("SZ-2024-0031")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert card.card.sanzi_entry_no == "SZ-2024-0031"


def test_transfer_to_a_household_needs_the_head_and_keeps_the_old_owner(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    tab, card = open_card(qtbot, main_window(admin), 1)
    card.step_buttons["transfer"].click()
    step = card.step_dialog
    step.tier.setCurrentIndex(step.tier.findData("household"))
    step.save_button.click()
    assert "户主姓名" in step.error.text() and "变更的依据" in step.error.text()
    step.head.setText("李四")
    assert step.new_owner.text() == "李四（上岔村农户）"
    step.reason.setText("村民代表大会决议")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert card.card.owner == "李四（上岔村农户）"
    assert column_texts(card.history, 2)[-1] == "上岔村"


def test_town_clerk_may_not_hand_an_asset_to_the_county(
    qtbot, main_window: OpenWindow, user_factory, assets
) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg", "town", "固关镇")
    _tab, card = open_card(qtbot, main_window(clerk), 0)
    assert card.step_buttons["transfer"].isEnabled()
    card.step_buttons["transfer"].click()
    step = card.step_dialog
    tiers = [step.tier.itemData(i) for i in range(step.tier.count())]
    assert tiers == ["town", "village", "household"]


def test_read_only_user_sees_every_step_disabled_with_the_reason(
    qtbot, main_window: OpenWindow, user_factory, assets
) -> None:  # type: ignore[no-untyped-def]
    _tab, card = open_card(qtbot, main_window(user_factory("au", "auditor")), 0)
    assert all(not b.isEnabled() for b in card.step_buttons.values())
    assert card.step_buttons["status"].toolTip() == NO_PERMISSION
    assert not card.save_button.isEnabled()


def test_public_asset_upkeep_inspection_and_repair(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    tab, card = open_card(qtbot, main_window(admin), 2)
    assert card.card.name == "村组道路"
    assert not card.step_buttons["income"].isEnabled()
    assert "经营性" in card.step_buttons["income"].toolTip()
    card.step_buttons["upkeep"].click()
    step = card.step_dialog
    step.funding.setText("abc")
    step.save_button.click()
    errors = step.error.text()
    assert "管护主体" in errors and "责任人或公益岗位" in errors and "年度管护经费" in errors
    step.body.setText("上岔村股份经济合作社")
    step.post.setText("道路养护公益岗")
    step.funding.setText("0.6")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert "下一步：按期登记巡查" in card.step_hint.text()
    card.step_buttons["inspect"].click()
    step = card.step_dialog
    step.inspector.setText("王五")
    step.condition.setCurrentText("较差")
    step.repair_needed.setText("路面塌陷两处")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert column_texts(card.inspection_table, 4) == ["待维修"]
    assert not card.repair_button.isEnabled()
    card.inspection_table.selectRow(0)
    assert card.repair_button.isEnabled()
    card.repair_button.click()
    step = card.step_dialog
    step.note.setText("已修补，费用0.3万元")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    with database.read() as s:
        assert s.scalar(select(Upkeep.funding)) == 6000
        assert s.scalar(select(Inspection.repair_note)) == "已修补，费用0.3万元"


def test_operating_asset_income_refuses_zero_and_shows_the_total(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    tab, card = open_card(qtbot, main_window(admin), 1)
    assert card.card.asset_class == "经营性"
    assert not card.step_buttons["inspect"].isEnabled()
    card.step_buttons["income"].click()
    step = card.step_dialog
    step.amount.setText("0")
    step.save_button.click()
    assert step.error.text() == "金额：收益金额应大于零。"
    step.amount.setText("2.5")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert "下一步：年底在“收益分配”页" in card.step_hint.text()
    assert column_texts(card.income_table, 1) == ["2.50"]
    card.step_buttons["income"].click()
    step = card.step_dialog
    step.amount.setText("1.25万")
    step.save_button.click()
    card = reopened(qtbot, tab, card)
    assert sorted(column_texts(card.income_table, 1)) == ["1.25", "2.50"]
    info = card.tabs.widget(2).findChildren(QLabel)[0].text()
    assert "累计收益 3.75 万元" in info
