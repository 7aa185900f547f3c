"""扶贫资产 → 三级台账: county, town or village ledger (lazy), totals by class, export, 对账."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.assets.ledgers import (
    LedgerScope,
    LedgerSource,
    breakdown_lines,
)
from fpr_desktop.assets.views import AssetChoices, asset_choices
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.base.paging import Totals
from ui.common.files import ask_save_path
from ui.common.ops import OpContext
from ui.common.table_model import LazyTableModel
from ui.common.widgets import LazyPage, Workspace, compact_rows, text_width
from ui.exchange.actions import import_kind

CLASS_NAMES = ("经营性", "公益性", "到户类")
TIERS = (("county", "县级总台账"), ("town", "镇级台账"), ("village", "村级台账"))
REFERENCE_LINE_HEIGHT = 17


def wan(amount: Decimal | None) -> str:
    """An amount in 万元 with as many decimals (2–6) as it needs to stay exact."""
    if amount is None:
        return ""
    for decimals in range(2, 7):
        text = format_amount(amount, MoneyUnit.WAN, decimals)
        if Decimal(text.replace(",", "")) * 10000 == amount:
            return text
    return format_amount(amount, MoneyUnit.WAN, 6)


@dataclass(frozen=True)
class Query:
    source: LedgerSource
    totals: Totals
    lines: list[tuple[str, int, Decimal]]


class LedgerPage(LazyPage):
    """One ledger at a time; changing tier, town, village or the search builds a new source."""

    #: The ledger and its footer are up to date with the choice.
    ledger_shown = Signal()
    #: The user asked to open an asset card (asset id).
    card_requested = Signal(int)
    #: The user asked for the three-tier reconciliation (the tab shows its page).
    reconcile_requested = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("asset")  # an import or an edit elsewhere: read again
        self.choices: AssetChoices | None = None
        self.model: LazyTableModel | None = None
        self.totals: Totals | None = None
        self.tier = QComboBox(self)
        self.town = QComboBox(self)
        self.village = QComboBox(self)
        for box in (self.tier, self.town, self.village):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMinimumContentsLength(5)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("按资产名称查找")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar = QHBoxLayout()
        for label, box in (("台账：", self.tier), ("镇：", self.town), ("村：", self.village)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(box)
        bar.addWidget(self.search, 1)

        self.open_button = QPushButton("打开卡片", self)
        self.open_button.clicked.connect(self._open_selected)
        self.excel_button = QPushButton("导出 Excel…", self)
        self.excel_button.clicked.connect(lambda: self._ask_export(".xlsx"))
        self.pdf_button = QPushButton("导出 PDF…", self)
        self.pdf_button.clicked.connect(lambda: self._ask_export(".pdf"))
        self.reconcile_button = QPushButton("三级对账", self)
        self.reconcile_button.setToolTip(
            "核对县级总台账 = 各镇台账之和 = 各村台账之和（+县、镇所有）"
        )
        self.reconcile_button.clicked.connect(lambda: self.reconcile_requested.emit())
        self.import_button = QPushButton("导入镇级台账…", self)
        self.import_button.clicked.connect(lambda: import_kind(self.ws, self, "assets"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for b in (self.import_button, self.excel_button, self.pdf_button, self.reconcile_button):
            buttons.addWidget(b)

        self.view = QTableView(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        compact_rows(self.view)
        self.view.activated.connect(lambda index: self._open_row(index.row()))
        self.footer = QLabel("正在读取…", self)
        self.footer.setObjectName("valueLabel")
        self.summary = QLabel("", self)
        self.summary.setObjectName("hintLabel")
        self.summary.setWordWrap(True)
        #: what the last export wrote (the totals by class and nature stay in `summary`)
        self.message = QLabel("", self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.footer)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.tier.currentIndexChanged.connect(self._tier_changed)
        self.town.currentIndexChanged.connect(self._town_changed)
        self.village.currentIndexChanged.connect(lambda _i: self.apply())

    # --- choices ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.ws.actor
        self.ws.read(lambda s: asset_choices(s, actor), on_success=self._got_choices, parent=self)

    def _got_choices(self, found: AssetChoices) -> None:
        self.choices = found
        for box in (self.tier, self.town):
            box.blockSignals(True)
            box.clear()
        for code, label in TIERS:
            if code != "county" or found.whole_county:
                self.tier.addItem(label, code)
        for t in found.towns:
            self.town.addItem(t.name, t.id)
        for box in (self.tier, self.town):
            box.blockSignals(False)
        self.import_button.setEnabled(found.may_edit)
        if not found.may_edit:
            self.import_button.setToolTip("当前用户没有“维护扶贫资产”的权限。")
        self.reconcile_button.setEnabled(found.whole_county)
        if not found.whole_county:
            self.reconcile_button.setToolTip("三级对账需要全县范围的查看权限。")
        self._fill_villages()
        self._tier_changed()

    def _fill_villages(self) -> None:
        self.village.blockSignals(True)
        self.village.clear()
        town_id = self.town.currentData()
        for v in self.choices.villages if self.choices else ():
            if v.town_id == town_id:
                self.village.addItem(v.name, v.id)
        self.village.blockSignals(False)

    def _tier_changed(self) -> None:
        tier = self.tier.currentData()
        self.town.setEnabled(tier in ("town", "village"))
        self.village.setEnabled(tier == "village")
        self.apply()

    def _town_changed(self) -> None:
        self._fill_villages()
        self.apply()

    def scope(self) -> LedgerScope | None:
        tier = self.tier.currentData()
        if tier == "town":
            return LedgerScope("town", self.town.currentData())
        if tier == "village":
            village = self.village.currentData()
            return LedgerScope("village", village) if village is not None else None
        return LedgerScope("county") if tier == "county" else None

    def set_scope(self, tier: str, town: str | None = None, village: str | None = None) -> None:
        """Pick a ledger as a user would (tests, and a link from another page): one query."""
        for box in (self.tier, self.town, self.village):
            box.blockSignals(True)
        self.tier.setCurrentIndex(self.tier.findData(tier))
        if town is not None:
            self.town.setCurrentIndex(self.town.findText(town))
        self._fill_villages()
        self.village.blockSignals(True)
        if village is not None:
            self.village.setCurrentIndex(self.village.findText(village))
        for box in (self.tier, self.town, self.village):
            box.blockSignals(False)
        self._tier_changed()

    # --- the ledger ------------------------------------------------------------------------

    def apply(self) -> None:
        """Build the source for the chosen ledger and total it, in the background."""
        scope = self.scope()
        if self.choices is None or scope is None:
            self.footer.setText("请选择台账。")
            return
        actor, text = self.ws.actor, self.search.text()
        self.footer.setText("正在查询…")

        def query(session: Session) -> Query:
            source = LedgerSource(session, actor, scope, text)
            return Query(source, source.totals(session), breakdown_lines(source.breakdown(session)))

        self.ws.read(query, on_success=self._show, parent=self)

    def _show(self, result: Query) -> None:
        if self.model is None:
            self.model = LazyTableModel(self.ws.db.read, result.source, parent=self)
            self.model.load_failed.connect(lambda exc: self.ws.runner.show_error(exc, self))
            self.view.setModel(self.model)
            self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
            self._size_columns()
        else:
            self.model.reset(result.source)
        self.totals = result.totals
        value = result.totals.sums.get("original_value")
        self.footer.setText(f"共 {result.totals.count:,} 项资产　原值合计 {wan(value)} 万元")
        subtotals = [(label, n, v) for label, n, v in result.lines if "小计" in label and n]
        by_class = [x for x in subtotals if x[0].endswith("资产小计") and x[0][:3] in CLASS_NAMES]
        by_nature = [x for x in subtotals if x not in by_class]
        self.summary.setText(
            "\n".join(
                "　".join(
                    f"{label.removesuffix('小计')} {n} 项 {wan(v)} 万元" for label, n, v in part
                )
                for part in (by_class, by_nature)
            )
        )
        self._update_buttons()
        self.finish_loading()
        self.ledger_shown.emit()

    def _size_columns(self) -> None:
        assert self.model is not None
        scale = self.fontMetrics().height() / REFERENCE_LINE_HEIGHT
        header = self.view.horizontalHeader()
        for i, column in enumerate(self.model.columns):
            width = max(int((column.width or 100) * scale), text_width(self.view, column.title))
            self.view.setColumnWidth(i, width)
            if column.key == "name":
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)

    def current_id(self) -> int | None:
        if self.model is None:
            return None
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_id() is not None)

    def _open_row(self, row: int) -> None:
        if self.model is not None and 0 <= row < self.model.rowCount():
            self.card_requested.emit(self.model.row_id(row))

    def _open_selected(self) -> None:
        if (asset_id := self.current_id()) is not None:
            self.card_requested.emit(asset_id)

    # --- export ---------------------------------------------------------

    def _ask_export(self, suffix: str) -> None:
        scope = self.scope()
        if scope is None:
            return
        name = self.tier.currentText()
        if scope.tier != "county":
            name = (self.village if scope.tier == "village" else self.town).currentText() + name
        path = ask_save_path(self, "导出资产台账", f"扶贫资产{name}{suffix}")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        from fpr_desktop.assets.report import write_ledger_pdf, write_ledger_xlsx

        scope, db, actor = self.scope(), self.ws.db, self.ws.actor
        assert scope is not None

        def job(ctx: OpContext) -> str:
            def progress(done: int) -> None:
                ctx.check_cancelled()
                ctx.progress(done, None, f"正在导出资产：{done:,} 项")

            with db.read() as session:
                if path.suffix.lower() == ".pdf":
                    pages = write_ledger_pdf(session, actor, scope, path)
                    return f"已生成 {path}（{pages} 页）"
                n = write_ledger_xlsx(session, actor, scope, path, on_row=progress)
                return f"已导出 {n:,} 项资产到 {path}"

        self.ws.run(
            job,
            on_success=lambda text: self.message.setText(text),
            parent=self,
            progress_label="正在导出资产台账…",
            cancellable=True,
        )
