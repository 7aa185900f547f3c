"""The 公告公示 page: the notice register as a lazy list with quick filters (全部 / 本周到期 /
有异议待处理), year and kind filters; details, preview and (batch) generation from here."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.base.changes import Changes
from fpr_desktop.notices.register import KIND_LABELS, NOTICE_COLUMNS, SORTABLE, NoticeFilter
from fpr_desktop.projects.notices import build as nb
from ui.common.table_model import LazyTableModel
from ui.common.widgets import LazyPage, Workspace
from ui.notices.actions import preview_registered
from ui.notices.batch import BatchDialog
from ui.notices.detail import NoticeDetailDialog
from ui.notices.lists import (
    NOTICE_TABLES,
    QUICK_FILTERS,
    Query,
    attach_model,
    notice_view,
    query,
)


class NoticesPage(LazyPage):
    """Latest window end first; each filter change re-queries once, in the background."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch(*NOTICE_TABLES)
        self.model: LazyTableModel | None = None
        self.count: int | None = None
        self.detail: NoticeDetailDialog | None = None
        self.batch: BatchDialog | None = None
        self._years_loaded = False
        self.quick = QButtonGroup(self)
        self.quick_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for i, name in enumerate(QUICK_FILTERS):
            button = QPushButton(name, self)
            button.setCheckable(True)
            button.setChecked(i == 0)
            self.quick.addButton(button, i)
            self.quick_buttons[name] = button
            bar.addWidget(button)
        self.year = QComboBox(self)
        self.year.addItem("全部年度", None)
        self.kind = QComboBox(self)
        self.kind.addItem("全部类型", None)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        for text, combo in (("年度", self.year), ("类型", self.kind)):
            bar.addSpacing(12)
            bar.addWidget(QLabel(text, self))
            bar.addWidget(combo)
        bar.addSpacing(12)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索标题、项目名称、发布单位、文号或编号")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("输入项目名称、村名或公告编号（如 GS2026-0033），多个词用空格分开")
        bar.addWidget(self.search, 1)
        self.new_button = QPushButton("生成公告公示…", self)
        self.new_button.setToolTip("按年度生成公告公示：全县一份，或每镇、每村、每个项目一份")
        bar.addWidget(self.new_button)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filter)
        self.quick.idClicked.connect(lambda _id: self._debounce.start())
        self.year.currentIndexChanged.connect(self._debounce.start)
        self.kind.currentIndexChanged.connect(self._debounce.start)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.new_button.clicked.connect(self.open_batch)

        self.sort_key = "window_end"
        self.sort_descending = True
        self.view = notice_view(self)
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.view.doubleClicked.connect(self._double_clicked)
        self.count_label = QLabel("正在读取…", self)
        self.detail_button = QPushButton("查看详情…", self)
        self.preview_button = QPushButton("预览公告", self)
        self.reload_button = QPushButton("刷新", self)
        self.detail_button.clicked.connect(lambda: self.open_detail())
        self.preview_button.clicked.connect(self.preview_selected)
        self.reload_button.clicked.connect(self.apply_filter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for button in (self.detail_button, self.preview_button, self.reload_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- filter ----------------------------------------------------------------------------

    def current_filter(self) -> NoticeFilter:
        checked = self.quick.checkedButton()
        quick = QUICK_FILTERS[checked.text() if checked is not None else "全部"]
        return replace(
            quick,
            year=self.year.currentData(),
            kind=self.kind.currentData(),
            search=self.search.text().strip(),
            sort=self.sort_key,
            descending=self.sort_descending,
        )

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort the register by a column (as a click on its header does)."""
        column = [c.key for c in NOTICE_COLUMNS].index(key)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.view.horizontalHeader().setSortIndicator(column, order)

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        key = NOTICE_COLUMNS[column].key if 0 <= column < len(NOTICE_COLUMNS) else ""
        if key not in SORTABLE:  # computed per row (状态, 待处理异议): keep the current order
            self.count_label.setText("“状态”“待处理异议”不能排序，请按其他列排序或用上方的筛选。")
            return
        self.sort_key = key
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self._debounce.start()

    def set_quick(self, name: str) -> None:
        """Pick a quick filter (as a click on its button would)."""
        self.quick_buttons[name].setChecked(True)
        self._debounce.start()

    def showEvent(self, event: QShowEvent) -> None:
        again = self._years_loaded
        super().showEvent(event)
        if again:
            self.apply_filter()  # windows end and objections arrive while the page is hidden

    def reload(self) -> None:
        actor = self.ws.actor
        if self._years_loaded:
            self.apply_filter()
            return
        self.ws.read(lambda s: nb.notice_years(s, actor), on_success=self._fill_years, parent=self)

    def _fill_years(self, years: list[int]) -> None:
        self.year.blockSignals(True)
        for year in years:
            self.year.addItem(f"{year}年", year)
        self.year.blockSignals(False)
        self._years_loaded = True
        self.apply_filter()

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.count_label.setText("正在查询…")
        self.ws.read(query(self.ws, self.current_filter()), on_success=self._show, parent=self)

    def _show(self, q: Query) -> None:
        if self.model is None:
            self.model = attach_model(self.ws, self.view, q.source)
            self.view.selectionModel().selectionChanged.connect(self._update_buttons)
            header = self.view.horizontalHeader()
            header.blockSignals(True)  # show the default order without re-querying
            header.setSortIndicator(
                [c.key for c in NOTICE_COLUMNS].index(self.sort_key), Qt.SortOrder.DescendingOrder
            )
            header.blockSignals(False)
        else:
            self.model.reset(q.source)
        self.count = q.count
        title = next(c.title for c in NOTICE_COLUMNS if c.key == self.sort_key)
        order = "降序" if self.sort_descending else "升序"
        found = f"，含“{self.search.text().strip()}”" if self.search.text().strip() else ""
        self.count_label.setText(f"共 {q.count:,} 份公告公示{found}（按{title}{order}）")
        self._update_buttons()
        self.finish_loading()

    # --- actions ---------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        if self.model is None:
            return None
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.detail_button.setEnabled(chosen)
        self.preview_button.setEnabled(chosen)

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model is not None and index.isValid():
            self.open_detail(self.model.row_id(index.row()))

    def open_detail(self, notice_id: int | None = None) -> NoticeDetailDialog | None:
        notice_id = notice_id if notice_id is not None else self.selected_id()
        if notice_id is None:
            return None
        dialog = NoticeDetailDialog(self.ws, notice_id, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.detail = dialog
        dialog.open()
        return dialog

    def preview_selected(self) -> None:
        if (notice_id := self.selected_id()) is not None:
            preview_registered(self.ws, self, notice_id)

    def open_batch(self) -> BatchDialog:
        dialog = BatchDialog(self.ws, self)
        year = self.year.currentData()
        if year is not None:
            dialog.year.setValue(year)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.batch = dialog
        dialog.open()
        return dialog

    def data_changed(self, changes: Changes) -> None:
        self.apply_filter()
