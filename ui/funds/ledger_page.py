"""台账明细: every 拨付/支出/质保金/报账 line (lazy list, totals by kind in SQL, in 万元)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.paging import Totals
from fpr_desktop.base.permissions import can
from fpr_desktop.funds.ledger import record_entry
from fpr_desktop.funds.listing import (
    AssignmentChoice,
    LedgerFilter,
    LedgerSource,
    assignment_choices,
)
from fpr_desktop.funds.models import ENTRY_KINDS
from ui.common.money import MoneyFormat
from ui.common.table_model import LazyTableModel
from ui.common.widgets import LazyPage, Workspace, compact_rows, hint_label, submit_dialog
from ui.funds.payment_dialog import PaymentDialog

YEARS_BACK = 5


def totals_text(t: Totals) -> str:
    fmt = MoneyFormat.current()
    parts = [f"{label} {fmt.with_unit(t.sums.get(k))}" for k, label in ENTRY_KINDS.items()]
    return f"共 {t.count:,} 条　" + "　".join(parts)


@dataclass(frozen=True)
class Loaded:
    source: LedgerSource
    totals: Totals


class LedgerPage(LazyPage):
    """Filter by year and type; 登记 opens the payment dialog; Enter/double-click does too."""

    #: A line was saved (the report and balances elsewhere are now stale).
    entry_saved = Signal()
    #: The list and its footer are up to date.
    list_refreshed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.model: LazyTableModel | None = None
        self.year = QComboBox(self)
        this_year = date.today().year
        for y in range(this_year, this_year - YEARS_BACK - 1, -1):
            self.year.addItem(f"{y}年", y)
        self.year.addItem("全部年度", None)
        # All years at first: the ledger is never empty just because the year has turned.
        self.year.setCurrentIndex(self.year.count() - 1)
        self.kind = QComboBox(self)
        self.kind.addItem("全部类型", None)
        for code, label in ENTRY_KINDS.items():
            self.kind.addItem(label, code)
        self.add_button = QPushButton("登记拨付/支出…", self)
        may = can(ws.actor, "funds.edit")
        self.add_button.setEnabled(may)
        self.add_button.setToolTip("" if may else "当前用户没有“维护资金台账”的权限")
        self.add_button.clicked.connect(self.open_payment_dialog)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("类型", self))
        bar.addWidget(self.kind)
        self.filter_label = QLabel(self)
        self.clear_filter_button = QPushButton("清除筛选", self)
        self.clear_filter_button.setToolTip("显示全部乡镇和资金来源")
        self.clear_filter_button.clicked.connect(self.clear_filter)
        bar.addWidget(self.filter_label)
        bar.addWidget(self.clear_filter_button)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        self.view = QTableView(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSortingEnabled(False)
        compact_rows(self.view)
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.footer)
        self.town_id: int | None = None
        self.source: str | None = None
        self._show_filter("")
        self.year.currentIndexChanged.connect(self.reload)
        self.kind.currentIndexChanged.connect(self.reload)
        self._stale = False

    def mark_stale(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def current_filter(self) -> LedgerFilter:
        return LedgerFilter(
            year=self.year.currentData(),
            kind=self.kind.currentData(),
            town_id=self.town_id,
            source=self.source,
        )

    def _show_filter(self, text: str) -> None:
        self.filter_label.setText(f"筛选：{text}" if text else "")
        self.filter_label.setVisible(bool(text))
        self.clear_filter_button.setVisible(bool(text))

    def show_filtered(
        self,
        year: int,
        *,
        label: str,
        town_id: int | None = None,
        source: str | None = None,
        kind: str | None = None,
    ) -> None:
        """Open on one year's lines of a town or a fund source (a chart's bar was clicked)."""
        self.town_id, self.source = town_id, source
        self._show_filter(label)
        for box in (self.year, self.kind):
            box.blockSignals(True)
        if self.year.findData(year) < 0:
            self.year.insertItem(0, f"{year}年", year)
        self.year.setCurrentIndex(self.year.findData(year))
        self.kind.setCurrentIndex(0 if kind is None else self.kind.findData(kind))
        for box in (self.year, self.kind):
            box.blockSignals(False)
        self.reload()

    def clear_filter(self) -> None:
        self.town_id = self.source = None
        self._show_filter("")
        self.reload()

    def reload(self) -> None:
        actor, flt = self.ws.actor, self.current_filter()
        self.footer.setText("正在读取…")

        def work(session: Session) -> Loaded:
            source = LedgerSource(actor, flt)
            return Loaded(source, source.totals(session))

        self.ws.read(work, on_success=self._loaded, parent=self)

    def _loaded(self, loaded: Loaded) -> None:
        if self.model is None:
            self.model = LazyTableModel(self.ws.db.read, loaded.source, parent=self)
            self.view.setModel(self.model)
            for i, col in enumerate(loaded.source.columns):
                if col.width:
                    self.view.setColumnWidth(i, col.width)
        else:
            self.model.reset(loaded.source)
        self.footer.setText(totals_text(loaded.totals))
        self.finish_loading()
        self.list_refreshed.emit()

    def open_payment_dialog(self) -> None:
        actor, year = self.ws.actor, self.year.currentData()
        self.ws.read(
            lambda s: assignment_choices(s, actor, year),
            on_success=self._show_dialog,
            parent=self,
        )

    def _show_dialog(self, choices: list[AssignmentChoice]) -> None:
        dialog = PaymentDialog(
            choices, may_override=can(self.ws.actor, "funds.override"), parent=self
        )
        self.dialog = dialog
        actor = self.ws.actor

        def save() -> None:
            inp = dialog.entry()
            submit_dialog(
                self.ws,
                dialog,
                lambda s: record_entry(s, actor, inp),
                on_saved=lambda _id: self._saved(),
                on_conflict=self.reload,
            )

        dialog.save_requested.connect(save)
        dialog.open()

    def _saved(self) -> None:
        self.reload()
        self.entry_saved.emit()
