"""扶贫资产 tab: the three ledgers with totals in 万元, town scope, and the handover wizard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.models import Asset
from fpr_desktop.base.context import Actor
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
            part("148000.00", Owner("household", place.village, "张三"), place.village, name="牛"),
        ],
    )


def open_tab(qtbot: QtBot, window: MainWindow) -> AssetsTab:
    tab = window.show_tab("扶贫资产")
    assert isinstance(tab, AssetsTab)
    qtbot.waitUntil(lambda: tab.ledger_page.footer.text().startswith("共"))
    return tab


def column(tab: AssetsTab, key: str) -> list[str]:
    model = tab.ledger_page.model
    assert model is not None
    c = [col.key for col in model.columns].index(key)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_the_three_ledgers_show_their_assets_and_totals(
    qtbot, main_window: OpenWindow, admin, assets, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(qtbot, main_window(admin))
    page = tab.ledger_page
    assert page.footer.text() == "共 3 项资产　原值合计 44.80 万元"
    assert column(tab, "original_value") == ["10.00", "20.00", "14.80"]
    assert "经营性资产 3 项 44.80 万元" in page.summary.text()
    page.export_to(tmp_path / "county.xlsx")
    qtbot.waitUntil(lambda: page.message.text().startswith("已导出 3 项资产"))
    assert "经营性资产 3 项 44.80 万元" in page.summary.text()  # the totals stay in sight
    with qtbot.waitSignal(page.ledger_shown):
        page.set_scope("town", "固关镇")
    assert (
        page.footer.text() == "共 2 项资产　原值合计 34.80 万元"
    )  # the county's asset is not the town's
    with qtbot.waitSignal(page.ledger_shown):
        page.set_scope("village", "固关镇", "上岔村")
    assert column(tab, "owner") == ["上岔村", "张三（上岔村农户）"]
    with qtbot.waitSignal(page.ledger_shown):
        page.search.setText("牛")
    assert column(tab, "name") == ["牛"]


def test_reconciliation_button_reports_a_balanced_ledger(
    qtbot, main_window: OpenWindow, admin, assets
) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(qtbot, main_window(admin))
    tab.ledger_page.reconcile_button.click()
    page = tab.reconcile_page
    assert tab.currentWidget() is page
    qtbot.waitUntil(lambda: page.result is not None)
    assert page.headline.text().startswith("三级台账一致")
    assert "县级总台账 44.80 万元" in page.county_line.text()
    assert page.breaks.rowCount() == 0


def test_town_clerk_has_no_county_ledger(
    qtbot, main_window: OpenWindow, user_factory, assets
) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("tc", "town", "天成镇")
    page = open_tab(qtbot, main_window(clerk)).ledger_page
    tiers = [page.tier.itemData(i) for i in range(page.tier.count())]
    assert tiers == ["town", "village"]
    assert [page.town.itemText(i) for i in range(page.town.count())] == ["天成镇"]
    assert page.footer.text().startswith("共 0 项资产")
    assert not page.reconcile_button.isEnabled()
    assert page.reconcile_button.toolTip() == "三级对账需要全县范围的查看权限。"


def test_handover_wizard_registers_the_assets(
    qtbot, main_window: OpenWindow, admin, database, place, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    accepted_project(database, admin, place)
    tab = open_tab(qtbot, main_window(admin))
    tab.setCurrentWidget(tab.pending_page)
    pending = tab.pending_page
    qtbot.waitUntil(lambda: pending.table.rowCount() == 1)
    assert pending.table.item(0, 6).text() == "登记逾期"  # accepted in 2022
    pending.table.selectRow(0)
    wizard = pending.start_handover()
    assert wizard is not None
    wizard.next()
    assert wizard.currentId() == 0  # 接收单位 and 见证人 are required
    assert "接收单位" in wizard.details.error.text() and "见证人" in wizard.details.error.text()
    wizard.details.to_unit.setText("上岔村股份经济合作社")
    wizard.details.witnesses.setText("赵强（镇纪委）")
    wizard.next()
    parts = wizard.parts_page
    parts.table.item(0, 0).setText("核桃园")
    parts.table.item(0, 7).setText("30万")
    r = parts.add_row("冷库")
    parts.table.item(r, 7).setText("14.8")
    assert parts.total.text() == "合计 44.80 万元"
    parts.table.item(r, 7).setText("10")
    assert "相差 4.80 万元" in parts.total.text()
    wizard.accept()  # refused by the service: the gap is not explained
    qtbot.waitUntil(lambda: "不一致" in parts.error.text())
    assert wizard.isVisible()
    parts.note.setText("4.8万元为不形成资产的技术培训费")
    with qtbot.waitSignal(pending.handed_over):
        wizard.accept()
    with database.read() as s:
        values = s.scalars(select(Asset.original_value).order_by(Asset.id)).all()
        assert s.scalar(select(func.count()).select_from(Asset)) == 2
    assert values == [Decimal("300000.00"), Decimal("100000.00")]
    qtbot.waitUntil(lambda: pending.table.rowCount() == 0)
    assert "下一步" in pending.message.text() and pending.certificate_button.isEnabled()
    pending.write_certificate(tmp_path / "cert.pdf")
    qtbot.waitUntil(lambda: "已生成" in pending.message.text())
    assert (tmp_path / "cert.pdf").read_bytes().startswith(b"%PDF")
    dialog = pending.open_notice()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.composed is not None, timeout=20_000)
    assert dialog.composed.built[0].title == (
        f"关于{date.today().year}年度扶贫（衔接）项目资产确权移交情况的公示"  # handed over today
    )
    assert dialog.composed.built[0].level == "village" and not dialog.composed.warnings
    dialog.close()
