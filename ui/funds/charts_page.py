"""图表: the spending rate by month against the expected curve (时序进度), by town and by fund
source. Hovering a bar shows its figures, 导出图片 saves a PNG, clicking a town or source bar
opens the ledger filtered to it. pyqtgraph is imported when the page is first shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.funds.oversight.charts import Bar, Charts, spending_charts
from ui.common.files import ask_save_path
from ui.common.widgets import LazyPage, Workspace, hint_label
from ui.funds.reads import latest

HOVER_HINT = "将鼠标移到柱子上查看数值；单击柱子查看其台账明细"
VIEWS = {"month": "按月支出进度", "town": "按乡镇", "source": "按资金来源"}
BAR_COLOUR = "#2e86c1"
BEHIND_COLOUR = "#c0392b"
EXPECTED_COLOUR = "#7f8c8d"


class ChartsPage(LazyPage):
    """One chart at a time, chosen from 图表; the figures come from the ledger in one read."""

    #: A town or source bar was clicked (the tab opens the ledger filtered to it).
    bar_clicked = Signal(object)
    #: The chart on screen is up to date.
    drawn = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.charts: Charts | None = None
        self.bars: list[Bar] = []
        self.plot: Any = None  # pyqtgraph.PlotWidget, made on first showing
        self.year = QSpinBox(self)
        self.year.setRange(2015, 2100)
        self.year.setValue(date.today().year)
        self.view = QComboBox(self)
        for key, label in VIEWS.items():
            self.view.addItem(label, key)
        self.export_button = QPushButton("导出图片…", self)
        self.export_button.setToolTip("把当前图表保存为 PNG 图片")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("图表", self))
        bar.addWidget(self.view)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.hover = QLabel(
            "将鼠标移到柱子上查看数值；单击乡镇或资金来源的柱子查看其台账明细", self
        )
        self.hover.setObjectName("hintLabel")
        self.body = QVBoxLayout()
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hover)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.footer)
        self.year.valueChanged.connect(self.reload)
        self.view.currentIndexChanged.connect(lambda _i: self.draw())
        self.export_button.clicked.connect(lambda: self.export_png())
        self.watch("fund_entry", "fund_document", "fund_assignment")

    def _ensure_plot(self) -> None:
        if self.plot is not None:
            return
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.plot = pg.PlotWidget(self)
        self.plot.showGrid(x=False, y=True, alpha=0.3)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setLabel("left", "支出率（%）")
        self.plot.addLegend(offset=(10, 10))
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.body.addWidget(self.plot, 1)

    def reload(self) -> None:
        self._ensure_plot()
        actor, year = self.ws.actor, self.year.value()
        self.footer.setText("正在读取…")
        self.ws.read(
            lambda s: spending_charts(s, actor, year),
            on_success=latest(self, self._loaded),
            parent=self,
        )

    def _loaded(self, charts: Charts) -> None:
        self.charts = charts
        self.draw()
        self.finish_loading()

    @property
    def kind(self) -> str:
        return str(self.view.currentData())

    def draw(self) -> None:
        if self.charts is None or self.plot is None:
            return
        import pyqtgraph as pg

        c = self.charts
        self.plot.clear()
        self.hover.setText(HOVER_HINT)
        self.bars = {"month": c.months, "town": c.towns, "source": c.sources}[self.kind]
        xs = list(range(len(self.bars)))
        heights = [b.rate for b in self.bars]
        if self.kind == "month":
            colours = [
                BEHIND_COLOUR if b.rate < c.expected[i] else BAR_COLOUR
                for i, b in enumerate(self.bars)
            ]
        else:
            colours = [BAR_COLOUR] * len(self.bars)
        item = pg.BarGraphItem(
            x=xs, height=heights, width=0.6, brush=BAR_COLOUR, brushes=colours, name="实际支出率"
        )
        self.plot.addItem(item)
        if self.kind == "month":
            self.plot.plot(
                xs,
                c.expected,
                pen=pg.mkPen(EXPECTED_COLOUR, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
                symbol="o",
                symbolSize=5,
                symbolBrush=EXPECTED_COLOUR,
                name="时序进度（应达到）",
            )
        axis = self.plot.getAxis("bottom")
        axis.setTicks([[(i, b.label) for i, b in enumerate(self.bars)]])
        top = max([*heights, *(c.expected if self.kind == "month" else []), 10.0])
        self.plot.setYRange(0, min(top * 1.15, 120), padding=0)
        self.plot.setXRange(-0.6, max(len(self.bars) - 0.4, 0.6), padding=0)
        title = {
            "month": f"{c.year}年衔接资金支出进度（截至{c.through}月，红色为低于时序进度）",
            "town": f"{c.year}年各乡镇支出率（已支出 ÷ 已分配，截至{c.through}月）",
            "source": f"{c.year}年各资金来源支出率（已支出 ÷ 下达，截至{c.through}月）",
        }[self.kind]
        self.plot.setTitle(title)
        if self.kind == "month":
            behind = [b.label for i, b in enumerate(c.months) if b.rate < c.expected[i]]
            self.footer.setText(
                f"截至{c.through}月；"
                + (f"低于时序进度的月份：{'、'.join(behind)}" if behind else "各月均达到时序进度")
            )
        elif self.bars:
            low = min(self.bars, key=lambda b: b.rate)
            what = "个乡镇" if self.kind == "town" else "项资金来源"
            self.footer.setText(
                f"{len(self.bars)} {what}；支出率最低：{low.label} {low.rate:.2f}%"
                "（单击柱子查看其台账明细）"
            )
        else:
            self.footer.setText("该年度还没有资金台账记录。")
        self.drawn.emit()

    # --- hover and click -------------------------------------------------------------------

    def bar_at(self, scene_pos: QPointF) -> int | None:
        """The index of the bar under a scene position (None: no bar there)."""
        if self.plot is None or not self.bars:
            return None
        view = self.plot.getPlotItem().vb
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        point = view.mapSceneToView(scene_pos)
        i = round(point.x())
        if 0 <= i < len(self.bars) and abs(point.x() - i) <= 0.3 and point.y() >= 0:
            return i
        return None

    def bar_centre(self, i: int) -> QPointF:
        """Scene position of the middle of bar `i` (tests and keyboard users point here)."""
        view = self.plot.getPlotItem().vb
        return view.mapViewToScene(QPointF(i, max(self.bars[i].rate / 2, 0.5)))

    def hover_text(self, i: int) -> str:
        base = "已分配" if self.kind == "town" else "下达"
        text = self.bars[i].tip(base)
        if self.kind == "month" and self.charts is not None:
            text += f"\n时序进度 {self.charts.expected[i]:.2f}%"
        return text

    def _moved(self, pos: QPointF) -> None:
        i = self.bar_at(pos)
        if i is None:
            self.plot.setToolTip("")
            return
        text = self.hover_text(i)
        self.hover.setText(text.replace("\n", "　"))
        self.plot.setToolTip(text)

    def _clicked(self, event: Any) -> None:
        i = self.bar_at(event.scenePos())
        if i is not None:
            self.open_bar(i)

    def open_bar(self, i: int) -> None:
        self.bar_clicked.emit(self.bars[i])

    # --- export ----------------------------------------------------------------------------

    def export_png(self, path: Path | None = None) -> Path | None:
        if self.plot is None:
            return None
        name = f"{self.year.value()}年{VIEWS[self.kind]}.png"
        target = path or ask_save_path(self, "导出图表", name)
        if target is None:
            return None
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        if not self.plot.grab().save(str(target), "PNG"):
            self.footer.setText(f"图片未能保存到 {target}，请换一个文件夹。")
            return None
        self.footer.setText(f"图表已导出：{target}")
        return target
