"""扶贫资产 → 管护巡查: public assets with no upkeep, an overdue inspection or an open repair."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.assets.upkeep import UpkeepIssue, upkeep_issues
from fpr_desktop.base.settings import get_value
from ui.assets.short_tables import fill, row_id, short_table
from ui.common.widgets import LazyPage, Workspace, hint_label

REASONS = ("未落实管护", "巡查逾期", "待维修")


@dataclass(frozen=True)
class Found:
    issues: list[UpkeepIssue]
    inspection_days: int


class UpkeepPage(LazyPage):
    """The list task 44 asks for; Enter opens the card where upkeep and inspections are kept."""

    #: The user asked to open an asset card (asset id).
    card_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("asset", "asset_upkeep", "asset_inspection")
        self.issues: list[UpkeepIssue] = []
        self.which = QComboBox(self)
        self.which.addItem("全部问题", "")
        for reason in REASONS:
            self.which.addItem(reason, reason)
        self.which.currentIndexChanged.connect(lambda _i: self._fill())
        self.table = short_table(self, ["资产编号", "资产名称", "问题"], 1)
        self.table.itemActivated.connect(lambda item: self._open(item.row()))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open_button = QPushButton("打开卡片", self)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        self.reload_button = QPushButton("刷新", self)
        self.reload_button.clicked.connect(self.reload)
        self.footer = QLabel("正在读取…", self)
        self.footer.setObjectName("valueLabel")
        self.hint = hint_label(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示：", self))
        bar.addWidget(self.which)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer)
        layout.addWidget(self.hint)
        self._update_buttons()

    def reload(self) -> None:
        actor = self.ws.actor

        def read(s: Session) -> Found:
            return Found(upkeep_issues(s, actor), int(get_value(s, "assets.inspection_days")))

        self.ws.read(read, on_success=self._show, parent=self)

    def _show(self, found: Found) -> None:
        self.issues = found.issues
        self.hint.setText(
            f"公益性资产应落实管护主体和责任人（或公益岗位），并至少每 {found.inspection_days} 天"
            "巡查一次（可在参数设置中修改）。在资产卡片中登记管护责任、巡查和维修。"
        )
        self._fill()
        self.finish_loading()

    def _fill(self) -> None:
        wanted = self.which.currentData()
        shown = [i for i in self.issues if not wanted or i.reason == wanted]
        fill(self.table, [(i.code, i.name, i.reason) for i in shown], [i.asset_id for i in shown])
        counts = {r: sum(i.reason == r for i in self.issues) for r in REASONS}
        self.footer.setText(
            f"共 {len(self.issues)} 项公益性资产需要处理："
            + "，".join(f"{r} {n} 项" for r, n in counts.items())
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        ok = row_id(self.table) is not None
        self.open_button.setEnabled(ok)
        self.open_button.setToolTip("" if ok else "请先选择一项资产")

    def _open(self, row: int) -> None:
        asset_id = row_id(self.table, row) if row >= 0 else None
        if asset_id is not None:
            self.card_requested.emit(asset_id)
