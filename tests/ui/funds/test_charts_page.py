"""图表 page: bars of the sample ledger, hover figures, PNG export, a click filters the ledger."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core" / "funds"))
from funds_support import sample_ledger
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ui.funds.tab import FundsTab

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def test_chart_hover_export_and_click_to_ledger(
    qtbot: QtBot, database, admin, main_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    funds = main_window(admin).show_tab("资金台账")
    assert isinstance(funds, FundsTab)
    page = funds.charts_page
    assert "pyqtgraph" not in sys.modules or page.plot is None  # made when first shown
    funds.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.charts is not None, timeout=10000)
    with qtbot.waitSignal(page.drawn, timeout=10000):
        page.year.setValue(2021)
    assert page.plot is not None and len(page.bars) == 12  # 2021 is over: all twelve months
    assert "低于时序进度的月份：1月、2月" in page.footer.text()
    page.plot.resize(900, 400)
    qtbot.wait(50)
    centre = page.bar_centre(7)  # August: 42万 spent of 170万 issued
    assert page.bar_at(centre) == 7
    page._moved(centre)
    assert "8月：支出率 24.71%" in page.hover.text() and "时序进度 66.67%" in page.hover.text()
    assert "已支出 42.00 万元 / 下达 170.00 万元" in page.plot.toolTip()
    png = page.export_png(tmp_path / "进度")
    assert png is not None and png.name == "进度.png"
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 300
    with qtbot.waitSignal(page.drawn, timeout=10000):
        page.view.setCurrentIndex(page.view.findData("town"))
    assert [b.label for b in page.bars] == ["固关镇", "河北镇"]
    ledger = funds.ledger_page
    with qtbot.waitSignal(ledger.list_refreshed, timeout=10000):
        page.open_bar(0)
    assert funds.currentWidget() is ledger
    assert ledger.filter_label.text() == "筛选：固关镇" and ledger.clear_filter_button.isVisible()
    assert ledger.footer.text().startswith("共 7 条　拨付 41.00 万元　支出 30.00 万元")
    with qtbot.waitSignal(ledger.list_refreshed, timeout=10000):
        ledger.clear_filter()
    assert ledger.footer.text().startswith("共 10 条") and not ledger.filter_label.isVisible()
