"""The filter bar of the project list: year, town, village, category, status, fund, name."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from fpr_desktop.base.reference import choices
from fpr_desktop.projects.listing import ProjectFilter
from fpr_desktop.projects.status import Status
from fpr_desktop.projects.views import ProjectChoices
from ui.common.widgets import text_width
from ui.projects.proposal_form import category_items

ALL_YEARS, ALL_TOWNS, ALL_VILLAGES = "全部年度", "全部镇", "全部村"
ALL_CATEGORIES, ALL_STATUSES, ALL_FUNDS = "全部类别", "全部状态", "全部资金来源"


def _combo(parent: QWidget, everything: str) -> QComboBox:
    box = QComboBox(parent)
    box.addItem(everything, None)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class ProjectFilterBar(QWidget):
    """Emits `filter_changed` once, shortly after the user stops changing filters."""

    #: The filter differs from what the list shows; read `current_filter()`.
    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: ProjectChoices | None = None
        self.year = _combo(self, ALL_YEARS)
        self.town = _combo(self, ALL_TOWNS)
        self.village = _combo(self, ALL_VILLAGES)
        self.category = _combo(self, ALL_CATEGORIES)
        self.status = _combo(self, ALL_STATUSES)
        for status in Status:
            self.status.addItem(status.label, status.value)
        self.fund = _combo(self, ALL_FUNDS)
        for source in choices("projects", "fund_sources"):
            self.fund.addItem(source, source)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("搜索项目名称")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(text_width(self.text, "搜索项目名称搜索"))
        self.clear_button = QPushButton("清除条件", self)
        self.clear_button.clicked.connect(self.clear)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.filter_changed)
        self.town.currentIndexChanged.connect(self._fill_villages)
        for box in self.combos():
            box.currentIndexChanged.connect(self._debounce.start)
        self.text.textChanged.connect(self._debounce.start)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (*self.combos(), self.text, self.clear_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.village.setEnabled(False)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.year, self.town, self.village, self.category, self.status, self.fund)

    def set_choices(self, found: ProjectChoices) -> None:
        """Fill the lists (once the choices are read); a town user's town is fixed."""
        self.choices = found
        for box in self.combos():
            box.blockSignals(True)
        for year in found.years:
            self.year.addItem(f"{year}年", year)
        for town_id, name in found.towns:
            self.town.addItem(name, town_id)
        category_items(self.category, found)
        if found.fixed_town_id is not None:
            self.town.removeItem(0)  # no “全部镇” for a town user
            self.town.setCurrentIndex(max(0, self.town.findData(found.fixed_town_id)))
            self.town.setEnabled(False)
            self.town.setToolTip("镇级用户只能查看本镇项目")
        for box in self.combos():
            box.blockSignals(False)
        self._fill_villages()

    def _fill_villages(self) -> None:
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(ALL_VILLAGES, None)
        town_id = self.town.currentData()
        if self.choices is not None and town_id is not None:
            for village_id, name in self.choices.villages.get(town_id, []):
                self.village.addItem(name, village_id)
        self.village.setEnabled(town_id is not None)
        self.village.blockSignals(False)

    def current_filter(self) -> ProjectFilter:
        return ProjectFilter(
            year=self.year.currentData(),
            town_id=self.town.currentData(),
            village_id=self.village.currentData(),
            category_id=self.category.currentData(),
            status=self.status.currentData(),
            fund_source=self.fund.currentData(),
            text=self.text.text().strip(),
        )

    def select(self, box: QComboBox, text: str) -> None:
        """Pick the entry shown as `text` (tests and shortcuts)."""
        index = box.findText(text)
        if index < 0:
            raise ValueError(f"“{text}” is not offered")
        box.setCurrentIndex(index)

    def flush(self) -> None:
        """Apply a pending change now instead of after the pause."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.filter_changed.emit()

    def clear(self) -> None:
        for box in self.combos():
            if box.isEnabled() or box is self.village:
                box.setCurrentIndex(0)
        self.text.clear()
