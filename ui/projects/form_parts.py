"""Input widgets of the project forms: exact money, optional dates, fund and target tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.base.money import MoneyError
from fpr_desktop.projects.proposals import TargetInput
from ui.common.date_input import DateInput
from ui.common.money import MoneyFormat
from ui.common.widgets import compact_rows, text_width

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DateBox(DateInput):
    """A date field; a required one starts at today, an optional one empty (“未定”)."""

    def __init__(
        self, parent: QWidget | None = None, *, optional: bool = False, day: date | None = None
    ) -> None:
        start = day if day is not None or optional else date.today()
        super().__init__(parent, day=start, optional=optional)


class FundTable(QTableWidget):
    """One row per fund source with an amount in the screen's unit; empty rows are not used."""

    #: An amount was typed; the sum may have changed.
    amounts_edited = Signal()

    def __init__(self, sources: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(len(sources), 2, parent)
        self.sources = tuple(sources)
        self.fmt = MoneyFormat.current()
        self.setHorizontalHeaderLabels(["资金来源", self.fmt.title("金额")])
        compact_rows(self)
        for row, source in enumerate(self.sources):
            item = QTableWidgetItem(source)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(row, 0, item)
            amount = QTableWidgetItem("")
            amount.setTextAlignment(RIGHT)
            self.setItem(row, 1, amount)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(1, text_width(self, "999,999,999.99"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemChanged.connect(lambda _item: self.amounts_edited.emit())

    def _amount_item(self, row: int) -> QTableWidgetItem:
        item = self.item(row, 1)
        assert item is not None  # every row gets its items in __init__
        return item

    def set_amounts(self, amounts: Mapping[str, Decimal]) -> None:
        for row, source in enumerate(self.sources):
            amount = amounts.get(source)
            self._amount_item(row).setText(self.fmt.exact_text(amount))

    def set_amount(self, source: str, text: str) -> None:
        self._amount_item(self.sources.index(source)).setText(text)

    def amounts(self) -> dict[str, Decimal]:
        """Amounts by source (MoneyError naming the source for a bad one)."""
        out: dict[str, Decimal] = {}
        for row, source in enumerate(self.sources):
            text = self._amount_item(row).text().strip()
            if not text:
                continue
            try:
                out[source] = self.fmt.parse(text)
            except MoneyError as exc:
                raise MoneyError(f"资金来源“{source}”：{exc}") from exc
        return out

    def total_text(self) -> str:
        try:
            total = sum(self.amounts().values(), Decimal(0))
            return f"{self.fmt.exact_text(total)} {self.fmt.unit.value}"
        except MoneyError:
            return "—"

    def set_read_only(self, read_only: bool) -> None:
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.AllEditTriggers
        )


class ComboDelegate(QStyledItemDelegate):
    """Cells edited by picking one of fixed texts."""

    def __init__(self, items: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = tuple(items)

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.addItems(list(self.items))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findText(str(index.data() or ""))))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


TARGET_COLUMNS = ("指标类型", "指标名称", "单位", "目标值")


class TargetEditor(QWidget):
    """The performance targets (绩效目标): a table with 添加/删除 buttons."""

    def __init__(self, kinds: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds = tuple(kinds)
        self.table = QTableWidget(0, len(TARGET_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(TARGET_COLUMNS))
        self.table.setItemDelegateForColumn(0, ComboDelegate(self.kinds, self.table))
        compact_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, text_width(self.table, "满意度指标") + 24)
        self.table.setColumnWidth(2, text_width(self.table, "平方米"))
        self.table.setColumnWidth(3, text_width(self.table, "目标值目标值"))
        self.add_button = QPushButton("添加指标", self)
        self.remove_button = QPushButton("删除所选指标", self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_selected)
        note = QLabel("项目没有绩效目标不能申报入库。指标类型可双击选择。", self)
        note.setObjectName("hintLabel")
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def add_row(self, target: TargetInput | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (
            (target.kind, target.indicator, target.unit, target.target_value)
            if target
            else (self.kinds[0], "", "", "")
        )
        for column, text in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(text))
        return row

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def set_targets(self, targets: Sequence[TargetInput]) -> None:
        self.table.setRowCount(0)
        for target in targets:
            self.add_row(target)

    def targets(self) -> list[TargetInput]:
        """The rows filled in (a row with only its type left is ignored)."""
        out = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, c) for c in range(len(TARGET_COLUMNS))]
            texts = [(item.text() if item is not None else "").strip() for item in items]
            if any(texts[1:]):
                out.append(TargetInput(*texts))
        return out

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
