"""绩效 page: the plan's targets, the monitoring form's refusals and save, behind-target lines."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core" / "funds"))
from funds_support import make_project
from pytestqt.qtbot import QtBot

from ui.funds.tab import FundsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def test_monitoring_values_and_projects_behind_target(
    qtbot: QtBot, database, admin, main_window
) -> None:  # type: ignore[no-untyped-def]
    make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村")
    make_project(database, admin, "东坡村道路", "河北镇", "东坡村")
    funds = main_window(admin).show_tab("资金台账")
    assert isinstance(funds, FundsTab)
    page = funds.performance_page
    funds.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.footer.text() != "", timeout=10000)
    with qtbot.waitSignal(page.shown, timeout=10000):
        page.year.setValue(2021)
    assert page.table.rowCount() == 2
    assert page.table.item(0, 4).text() == "100亩"
    assert page.table.item(0, 9).text() == "未开展年中绩效监控"  # 2021 is long over
    assert "落后于目标 2 项（涉及 2 个项目）" in page.footer.text()
    assert not page.edit_button.isEnabled() and page.edit_button.toolTip() == "请先选择一项绩效目标"
    page.table.selectRow(0)
    name = page.table.item(0, 0).text()
    other = ({"上岔村核桃园", "东坡村道路"} - {name}).pop()
    page.edit()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=10000)
    dialog = page.dialog
    dialog.mid_value.setText("约四十亩")
    dialog.evaluation.setCurrentIndex(dialog.evaluation.findData("差"))
    dialog.save_button.click()
    text = dialog.error.text()
    assert "年中监测值“约四十亩”应为数字（目标值为 100）" in text
    assert "必须填写监测日期" in text and "必须填写年终完成值" in text and "写明原因" in text
    dialog.mid_value.setText("40")
    dialog.mid_on.set_day(date(2021, 7, 20))
    dialog.evaluation.setCurrentIndex(0)
    with qtbot.waitSignal(page.shown, timeout=10000):
        dialog.save_button.click()
    row = next(r for r in range(2) if page.table.item(r, 0).text() == name)
    assert page.table.item(row, 5).text() == "40亩"
    assert page.table.item(row, 9).text() == "年中监测 40，未过目标 100 的一半"
    page.only_behind.setChecked(True)
    assert page.table.rowCount() == 2
    page.table.selectRow(next(r for r in range(2) if page.table.item(r, 0).text() == name))
    page.edit()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=10000)
    dialog = page.dialog
    dialog.final_value.setText("105")
    dialog.evaluation.setCurrentIndex(dialog.evaluation.findData("优"))
    with qtbot.waitSignal(page.shown, timeout=10000):
        dialog.save_button.click()
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == other
