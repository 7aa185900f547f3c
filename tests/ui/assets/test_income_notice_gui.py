"""收益分配 → 公示…: the plan's 收益分配公示 registered in the notice register from the income
page, offered only once the county agreed and the complaint channels are known; the next step
(登记兑付 once the window has ended) is said, and the payout waits for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from helpers.notice_contacts import fill_complaint_channels
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.assets import income
from fpr_desktop.assets.actions import NO_PERMISSION
from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.models import DistributionPlan
from fpr_desktop.base.context import Actor
from fpr_desktop.notices.models import Notice, NoticeItem
from ui.assets.short_tables import column_texts
from ui.assets.tab import AssetsTab
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]


@pytest.fixture
def plan_id(database, admin, place) -> int:  # type: ignore[no-untyped-def]
    """上岔村's 2024 plan, reviewed by the town (the county has not agreed yet)."""
    pid = accepted_project(database, admin, place)
    aid, _road = register_assets(
        database, admin, place, pid,
        [part("300000.00", Owner("village", place.village), place.village, name="光伏电站"),
         part("148000.00", Owner("village", place.village), place.village, name="村组道路",
              cls="公益性", nature="固定资产")],
    )  # fmt: skip
    with database.transaction(admin.audit()) as s:
        income.record_income(s, admin, aid, date(2024, 12, 20), Decimal("100000.00"), "发电收益")
        plan = income.PlanInput(
            division_id=place.village, year=2024, received=Decimal("100000.00"),
            collective=Decimal("30000.00"), households=Decimal("40000.00"),
            welfare_wages=Decimal("10000.00"), upkeep=Decimal("10000.00"),
            development=Decimal("10000.00"), retained=Decimal(0), procedure="四议两公开",
            household_count=35, decided_on=date(2025, 1, 5),
        )  # fmt: skip
        found = income.create_plan(s, admin, plan)
        income.advance_plan(s, admin, found, 1, "town_review", date(2025, 1, 10))
    return found  # type: ignore[no-any-return]


def agree(database, admin, plan_id: int) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        version = s.get(DistributionPlan, plan_id).version
        income.advance_plan(s, admin, plan_id, version, "county_agree", date(2025, 1, 12))


def income_page(qtbot: QtBot, window: MainWindow):  # type: ignore[no-untyped-def]
    tab = window.show_tab("扶贫资产")
    assert isinstance(tab, AssetsTab)
    page = tab.income_page
    with qtbot.waitSignal(page.data_loaded):
        tab.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    page.table.selectRow(0)
    return page


def test_publish_is_refused_with_the_reason_before_the_click(
    qtbot, main_window: OpenWindow, admin, user_factory, database, plan_id
) -> None:  # type: ignore[no-untyped-def]
    page = income_page(qtbot, main_window(admin))
    assert page.step_button.text() == "县级同意…"  # not agreed: no 公示 offered yet
    assert not page.notice_button.isEnabled()
    assert page.notice_button.toolTip() == "方案经县级同意后才能公示。"
    agree(database, admin, plan_id)
    page.reload()
    qtbot.waitUntil(lambda: page.step_button.text() == "公示…")
    page.table.selectRow(0)
    assert not page.step_button.isEnabled()  # nobody to take objections yet
    assert "公告缺少" in page.step_button.toolTip() and "固关镇" in page.step_button.toolTip()
    assert page.next_step() is None
    fill_complaint_channels(database, admin)
    page.reload()
    qtbot.waitUntil(lambda: page.step_button.isEnabled())
    finance = user_factory("cz", "finance")  # reads plans, may not handle them
    other = income_page(qtbot, main_window(finance))
    assert other.step_button.text() == "公示…" and not other.step_button.isEnabled()
    assert other.step_button.toolTip() == NO_PERMISSION


def test_publish_registers_the_notice_and_offers_the_payout_after_the_window(
    qtbot, main_window: OpenWindow, admin, database, plan_id
) -> None:  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)
    agree(database, admin, plan_id)
    page = income_page(qtbot, main_window(admin))
    assert page.step_button.text() == "公示…" and page.step_button.isEnabled()
    assert not page.payout_button.isEnabled()
    assert page.payout_button.toolTip() == "方案尚未公示，不能兑付。"
    dialog = page.next_step()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.register_button.isEnabled(), timeout=30_000)
    assert dialog.windowTitle() == "生成收益分配公示"
    assert (
        "上岔村（2024年度）" in dialog.info.text()
        and "固关镇上岔村村民委员会" in dialog.info.text()
    )
    assert dialog.posted.text() == "上岔村村务公开栏"
    assert not dialog.level.isEnabled()  # a village's notice, posted in the village
    assert dialog.days.minimum() == 10  # the settings' window: longer allowed, never shorter
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.days.setValue(15)
    today = date.today()
    assert f"至 {today + timedelta(days=14):%Y-%m-%d}" in dialog.info.text()
    with qtbot.waitSignal(dialog.notices_registered, timeout=10_000) as registered:
        dialog.register_button.click()
    [row] = registered.args[0]
    end = today + timedelta(days=14)
    assert row.window_end == end and row.posted_at == "上岔村村务公开栏"
    qtbot.waitUntil(lambda: "已登记收益分配公示（GS2024-" in page.message.text())
    assert f"下一步：公示期满无异议后（{end:%Y-%m-%d} 以后）" in page.message.text()
    assert "登记兑付" in page.message.text()
    with database.read() as s:
        assert s.get(DistributionPlan, plan_id).published_on == today
        covered = s.execute(
            select(NoticeItem.record_type, NoticeItem.record_id).join(
                Notice, Notice.id == NoticeItem.notice_id
            )
        ).all()
    assert (income.PLAN_RECORD, plan_id) in covered
    dialog.close()
    qtbot.waitUntil(lambda: column_texts(page.table, 10) == [f"公示中（至 {end:%Y-%m-%d}）"])
    page.table.selectRow(0)
    assert page.step_button.toolTip() == "方案已公示，下一步是登记兑付。"
    assert not page.payout_button.isEnabled()  # the window is still running
    assert page.payout_button.toolTip() == (
        f"收益分配公示（GS2024-{row.id:04d}）公示期至 {end:%Y-%m-%d}，期满无异议后才能兑付。"
    )
