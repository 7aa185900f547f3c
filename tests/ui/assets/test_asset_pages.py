"""三级对账, 收益分配 and 管护巡查 pages: the broken asset listed, the plan that does not add up
refused with every problem, the one-off split flagged, the steps in order, the right totals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from helpers.notice_contacts import fill_complaint_channels
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.assets import income
from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.models import Asset, DistributionPlan
from fpr_desktop.base.context import Actor
from ui.assets.plan_dialogs import ONE_OFF
from ui.assets.short_tables import column_texts
from ui.assets.tab import AssetsTab
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]


@pytest.fixture
def assets(database, admin, place) -> list[int]:  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    ids = register_assets(
        database,
        admin,
        place,
        pid,
        [
            part("300000.00", Owner("village", place.village), place.village, name="光伏电站"),
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
    with database.transaction(admin.audit()) as s:
        aid = s.scalar(select(Asset.id).where(Asset.name == "光伏电站"))
        income.record_income(s, admin, aid, date(2024, 12, 20), Decimal("100000.00"), "发电收益")
    return ids  # type: ignore[no-any-return]


def show(qtbot: QtBot, window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    tab = window.show_tab("扶贫资产")
    assert isinstance(tab, AssetsTab)
    page = getattr(tab, name)
    with qtbot.waitSignal(page.data_loaded):
        tab.setCurrentWidget(page)
    return tab, page


def test_reconciliation_lists_the_broken_asset_and_opens_its_card(
    qtbot, main_window: OpenWindow, admin, database, assets
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:  # a deliberately broken record
        road = s.scalar(select(Asset).where(Asset.name == "村组道路"))
        road.owner_tier = None
    tab, page = show(qtbot, main_window(admin), "reconcile_page")
    qtbot.waitUntil(lambda: page.result is not None)
    assert page.headline.text().startswith("三级台账不一致，有 1 项资产需要核对")
    assert column_texts(page.breaks, 1) == ["村组道路"]
    assert column_texts(page.breaks, 2) == ["没有所有者（未确权）"]
    assert "县级总台账 44.80 万元" in page.county_line.text()
    # the town's ledger no longer equals its villages': the gap is the road's value
    assert column_texts(page.towns, 0) == ["固关镇"]
    assert column_texts(page.towns, 2) == ["30.00"]
    assert column_texts(page.towns, 4) == ["14.80"]
    assert not page.open_button.isEnabled()
    page.breaks.selectRow(0)
    page.breaks.setFocus()
    QTest.keyClick(page.breaks, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(tab, "card_dialog", None) is not None)
    card = tab.card_dialog
    assert card.card.name == "村组道路"
    assert not card.step_buttons["transfer"].isEnabled()
    assert "尚未确权" in card.step_buttons["transfer"].toolTip()


def publish_backdated(qtbot: QtBot, page, start: date) -> None:  # type: ignore[no-untyped-def]
    """公示… for the selected plan: its 收益分配公示 posted on `start`, registered."""
    dialog = page.next_step()
    qtbot.waitUntil(dialog.register_button.isEnabled, timeout=30_000)
    dialog.start.set_day(start)
    dialog.rebuild()
    qtbot.waitUntil(dialog.backdate_reason.isVisible, timeout=30_000)
    dialog.backdate_reason.setText("纸质公示已按期张贴，补登")
    with qtbot.waitSignal(dialog.notices_registered, timeout=10_000):
        dialog.register_button.click()
    dialog.close()
    qtbot.waitUntil(lambda: "已登记收益分配公示" in page.message.text())
    qtbot.waitUntil(lambda: column_texts(page.table, 10) == ["已公示"])
    page.table.selectRow(0)


def test_plan_that_does_not_add_up_is_refused_then_goes_through_every_step(
    qtbot, main_window: OpenWindow, admin, database, place, assets
) -> None:  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)  # the 公示 is registered: it names where to object
    _tab, page = show(qtbot, main_window(admin), "income_page")
    assert not page.step_button.isEnabled() and page.step_button.toolTip() == "请先选择一个分配方案"
    dialog = page.new_plan()
    assert dialog is not None
    dialog.year.setValue(2024)
    dialog.division.setCurrentIndex(dialog.division.findData(place.village))
    qtbot.waitUntil(lambda: "10.00 万元" in dialog.recorded.text())
    assert dialog.received.text() == "10.00"  # filled from the income recorded
    dialog.parts["collective"].setText("0.5")
    dialog.parts["households"].setText("9.5")
    assert dialog.one_off.text() == ONE_OFF  # flagged while typing
    assert "✓ 相符" in dialog.sum_line.text()
    dialog.parts["households"].setText("4")
    dialog.parts["welfare_wages"].setText("1")
    dialog.parts["development"].setText("abc")
    dialog.save_button.click()
    assert "发展生产：" in dialog.error.text()
    assert dialog.one_off.text() == ""
    dialog.parts["development"].setText("1")
    assert "相差 3.50 万元" in dialog.sum_line.text()
    dialog.save_button.click()
    errors = dialog.error.text().splitlines()
    assert len(errors) == 2  # both problems at once
    assert "不等于收到的收益 100,000.00 元" in errors[0]
    assert "受益户数" in errors[1]
    with database.read() as s:
        assert s.scalar(select(DistributionPlan.id)) is None  # nothing written
    dialog.parts["upkeep"].setText("1")
    dialog.retained.setText("2.5")
    dialog.household_count.setValue(35)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert "下一步：报乡镇审核" in page.message.text()
    page.table.selectRow(0)
    assert not page.notice_button.isEnabled()
    assert page.notice_button.toolTip() == "方案经县级同意后才能公示。"
    for step, text in (("town_review", "乡镇审核…"), ("county_agree", "县级同意…")):
        qtbot.waitUntil(lambda text=text: page.step_button.text() == text)
        assert not page.payout_button.isEnabled()
        stage = page.next_step()
        assert stage is not None and stage.stage == step
        stage.save_button.click()
        qtbot.waitUntil(lambda stage=stage: page.dialog is None)
        page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.step_button.text() == "公示…")
    publish_backdated(qtbot, page, date(2025, 1, 15))  # the notice's window has ended since
    qtbot.waitUntil(lambda: page.payout_button.isEnabled())
    shown: list = []
    page.preview_notice(on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "收益分配" in shown[0].windowTitle()
    shown[0].close()
    assert column_texts(page.table, 10) == ["已公示"]
    payout = page.add_payout()
    assert payout is not None
    payout.use.setCurrentIndex(payout.use.findData("households"))
    payout.payee.setText("35户受益农户")
    payout.amount.setText("4.5")
    payout.save_button.click()
    qtbot.waitUntil(lambda: "将超出方案" in payout.error.text())  # the service's refusal
    payout.amount.setText("4")
    payout.save_button.click()
    qtbot.waitUntil(lambda: "已兑付 4.00 万元" in page.footer.text())
    assert "可分配收益 10.00 万元" in page.footer.text()


def test_one_off_plan_cannot_be_agreed_and_says_why(
    qtbot, main_window: OpenWindow, admin, database, place, assets
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        plan = income.PlanInput(
            division_id=place.village, year=2024, received=Decimal("100000.00"),
            collective=Decimal("5000.00"), households=Decimal("95000.00"),
            welfare_wages=Decimal(0), upkeep=Decimal(0), development=Decimal(0),
            retained=Decimal(0), procedure="四议两公开", household_count=40,
            decided_on=date(2025, 1, 5),
        )  # fmt: skip
        pid = income.create_plan(s, admin, plan)
        income.advance_plan(s, admin, pid, 1, "town_review", date(2025, 1, 10))
    _tab, page = show(qtbot, main_window(admin), "income_page")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert column_texts(page.table, 9) == ["是"]
    page.table.selectRow(0)
    assert page.step_button.text() == "县级同意…"
    assert not page.step_button.isEnabled()
    assert "一分了之" in page.step_button.toolTip()


def test_public_asset_without_upkeep_is_listed(
    qtbot, main_window: OpenWindow, admin, assets
) -> None:  # type: ignore[no-untyped-def]
    _tab, page = show(qtbot, main_window(admin), "upkeep_page")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert column_texts(page.table, 1) == ["村组道路"]
    assert column_texts(page.table, 2) == ["未落实管护"]
    assert page.footer.text().startswith("共 1 项公益性资产需要处理：未落实管护 1 项")
    page.which.setCurrentIndex(page.which.findData("巡查逾期"))
    assert page.table.rowCount() == 0


def test_town_clerk_reviews_but_may_not_agree_for_the_county(
    qtbot, main_window: OpenWindow, admin, user_factory, database, place, assets
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        plan = income.PlanInput(
            division_id=place.village, year=2024, received=Decimal("100000.00"),
            collective=Decimal("30000.00"), households=Decimal("40000.00"),
            welfare_wages=Decimal("10000.00"), upkeep=Decimal("10000.00"),
            development=Decimal("10000.00"), retained=Decimal(0), procedure="三重一大",
            household_count=35, decided_on=date(2025, 1, 5),
        )  # fmt: skip
        income.create_plan(s, admin, plan)
    clerk = user_factory("gg", "town", "固关镇")
    _tab, page = show(qtbot, main_window(clerk), "income_page")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    page.table.selectRow(0)
    assert page.step_button.text() == "乡镇审核…" and page.step_button.isEnabled()
    stage = page.next_step()
    assert stage is not None
    stage.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: column_texts(page.table, 10) == ["乡镇已审核，待县级同意"])
    page.table.selectRow(0)
    assert page.step_button.text() == "县级同意…"
    assert not page.step_button.isEnabled()
    assert page.step_button.toolTip() == "县级同意须由县级用户办理。"
