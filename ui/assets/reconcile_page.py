"""扶贫资产 → 三级对账: county = Σ towns + county-owned; each town = Σ its villages + town-owned.

The totals by town side by side, and every asset that breaks the roll-up with the reason; Enter
opens the asset's card to correct it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.assets.ledgers import Reconciliation, reconcile
from fpr_desktop.assets.views import AssetChoices, asset_choices
from ui.assets.short_tables import fill, row_id, short_table
from ui.common.money import MoneyFormat
from ui.common.widgets import LazyPage, Workspace, hint_label

BREAK_RED = QColor("#b00020")
NEEDS_COUNTY = "三级对账需要全县范围的查看权限。"


@dataclass(frozen=True)
class Found:
    choices: AssetChoices
    result: Reconciliation | None


class ReconcilePage(LazyPage):
    """Read on first showing, on 重新对账 and whenever an asset changes while it is shown."""

    #: The user asked to open an asset card (asset id).
    card_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("asset")
        self.result: Reconciliation | None = None
        self.headline = QLabel("正在对账…", self)
        self.headline.setObjectName("valueLabel")
        self.headline.setWordWrap(True)
        self.county_line = QLabel("", self)
        self.county_line.setWordWrap(True)
        fmt = MoneyFormat.current()
        self.towns = short_table(
            self,
            [
                "镇",
                fmt.title("镇级台账"),
                fmt.title("所辖村台账之和"),
                fmt.title("镇级所有"),
                fmt.title("差额"),
            ],
            0,
        )
        self.breaks = short_table(self, ["资产编号", "资产名称", "问题"], 2)
        self.breaks.itemActivated.connect(lambda item: self._open(item.row()))
        self.breaks.itemSelectionChanged.connect(self._update_buttons)
        self.open_button = QPushButton("打开卡片", self)
        self.open_button.clicked.connect(lambda: self._open(self.breaks.currentRow()))
        self.rerun_button = QPushButton("重新对账", self)
        self.rerun_button.clicked.connect(self.reload)
        self.hint = hint_label(self)
        self.hint.setText(
            "已处置的资产不计入台账。问题资产修正后（确权、所有者、价值），重新对账即可。"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.rerun_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.county_line)
        layout.addWidget(QLabel("各镇：镇级台账 = 所辖村台账之和 + 镇级所有", self))
        layout.addWidget(self.towns, 2)
        self.breaks_label = QLabel("问题资产", self)
        layout.addWidget(self.breaks_label)
        layout.addWidget(self.breaks, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self._update_buttons()

    def reload(self) -> None:
        actor = self.ws.actor
        self.headline.setText("正在对账…")

        def read(s: Session) -> Found:
            choices = asset_choices(s, actor)
            return Found(choices, reconcile(s, actor) if choices.whole_county else None)

        self.ws.read(read, on_success=self._show, parent=self, progress_label="正在对账…")

    def _show(self, found: Found) -> None:
        r = self.result = found.result
        if r is None:
            self.headline.setText(NEEDS_COUNTY)
            self.rerun_button.setEnabled(False)
            self.rerun_button.setToolTip(NEEDS_COUNTY)
            self.finish_loading()
            return
        fmt = MoneyFormat.current()
        names = {t.id: t.name for t in found.choices.towns}
        gap = r.county - r.sum_towns - r.county_owned
        self.county_line.setText(
            f"县级总台账 {fmt.with_unit(r.county)} = 各镇台账之和 {fmt.with_unit(r.sum_towns)}"
            f" + 县级所有 {fmt.with_unit(r.county_owned)}"
            + (f"　相差 {fmt.with_unit(gap)}" if gap else "　✓")
        )
        rows = []
        for town_id, total in sorted(r.towns.items(), key=lambda kv: names.get(kv[0], "")):
            villages = r.villages_by_town.get(town_id, Decimal(0))
            owned = r.town_owned.get(town_id, Decimal(0))
            rows.append((names.get(town_id, f"区划{town_id}"), total, villages, owned,
                         total - villages - owned))  # fmt: skip
        fill(self.towns, rows)
        gaps = {row[0]: row[4] for row in rows}
        for i in range(self.towns.rowCount()):
            cells = [self.towns.item(i, c) for c in range(self.towns.columnCount())]
            if cells[0] is not None and gaps.get(cells[0].text()):
                for cell in cells:
                    if cell is not None:
                        cell.setForeground(BREAK_RED)
        fill(self.breaks, [(b.code, b.name, b.reason) for b in r.breaks],
             [b.asset_id for b in r.breaks])  # fmt: skip
        self.breaks_label.setText(f"问题资产（{len(r.breaks)} 项）")
        if r.balanced:
            self.headline.setText(
                "三级台账一致：县级 = 各镇之和 + 县级所有；各镇 = 所辖村之和 + 镇级所有。"
            )
        else:
            self.headline.setText(
                f"三级台账不一致，有 {len(r.breaks)} 项资产需要核对（选中后按回车打开卡片）。"
            )
        self._update_buttons()
        self.finish_loading()

    def _update_buttons(self) -> None:
        ok = row_id(self.breaks) is not None
        self.open_button.setEnabled(ok)
        self.open_button.setToolTip("" if ok else "请先选择一项问题资产")

    def _open(self, row: int) -> None:
        asset_id = row_id(self.breaks, row) if row >= 0 else None
        if asset_id is not None:
            self.card_requested.emit(asset_id)
