"""The proposal form (项目申报表): every field of a ProjectInput, on two tabs plus targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.base.money import MoneyError
from fpr_desktop.base.reference import choices
from fpr_desktop.projects.proposals import ProjectInput
from fpr_desktop.projects.views import ProjectChoices
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import (
    Problem,
    bring_forward,
    empty_message,
    enter_moves_on,
    is_empty,
    please_choose,
    required_label,
)
from ui.projects.form_parts import DateBox, FundTable, TargetEditor

NO_VILLAGE = "（不指定村，镇级项目）"
NO_MODE = "（未定）"
MAX_COUNT = 10_000_000


def category_items(box: QComboBox, choices_: ProjectChoices) -> None:
    """Fill a combo with the category tree (children indented under their parent)."""
    for c in choices_.categories:
        box.addItem(("　　" if c.parent_id else "") + c.name, c.id)


def _count_box(parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, MAX_COUNT)
    box.setGroupSeparatorShown(True)
    return box


class ProposalForm(QTabWidget):
    """基本信息 / 投资与受益 / 绩效目标. Reads into and out of a ProjectInput.

    The form rules of docs/screens.md: 所属镇, 项目类别 and 建设性质 start at “请选择” (a town
    clerk's town is fixed), required fields are marked “ *”, `problem()` names every problem at
    once and brings the first field (and its tab) forward, Enter in a field moves on.
    """

    def __init__(self, choices_: ProjectChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices_
        self._build_basic()
        self._build_money()
        self.targets = TargetEditor(choices("projects", "target_kinds"), self)
        self.addTab(self.targets, "绩效目标")

    # --- layout ----------------------------------------------------------------------------

    def _build_basic(self) -> None:
        page = QWidget(self)
        self.name = QLineEdit(page)
        self.name.setPlaceholderText("例如 2024年上岔村核桃提质增效项目")
        self.year = QSpinBox(page)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.category = QComboBox(page)
        category_items(self.category, self.choices)
        please_choose(self.category)
        self.construction_type = QComboBox(page)
        for kind in choices("projects", "construction_types"):
            self.construction_type.addItem(kind, kind)
        please_choose(self.construction_type)
        self.mode = QComboBox(page)
        self.mode.addItem(NO_MODE, "")
        for mode in choices("projects", "implementation_modes"):
            self.mode.addItem(mode, mode)
        self.town = QComboBox(page)
        for town_id, name in self.choices.towns:
            self.town.addItem(name, town_id)
        if self.choices.fixed_town_id is None:
            please_choose(self.town)
        self.village = QComboBox(page)
        self.town.currentIndexChanged.connect(self._fill_villages)
        if self.choices.fixed_town_id is not None:
            self.town.setCurrentIndex(max(0, self.town.findData(self.choices.fixed_town_id)))
            self.town.setEnabled(False)
        self._fill_villages()
        self.group_name = QLineEdit(page)
        self.group_name.setPlaceholderText("例如 三组")
        self.planned_start = DateBox(page, optional=True)
        self.planned_end = DateBox(page, optional=True)
        self.responsible_unit = QLineEdit(page)
        self.responsible_person = QLineEdit(page)
        self.implementing_unit = QLineEdit(page)
        self.benefit = QComboBox(page)
        self.benefit.setEditable(True)
        self.benefit.addItem("")
        self.benefit.addItems(list(choices("projects", "benefit_mechanisms")))
        self.content = QPlainTextEdit(page)
        self.content.setPlaceholderText("建设地点、内容和规模，例如 新建花椒基地300亩")
        self.content.setTabChangesFocus(True)
        grid = QGridLayout(page)
        pairs: tuple[tuple[tuple[str, QWidget], ...], ...] = (
            (("年度", self.year), ("建设性质", self.construction_type)),
            (("项目类别", self.category), ("实施方式", self.mode)),
            (("所属镇", self.town), ("所属村", self.village)),
            (("村民小组", self.group_name), ("联农带农机制", self.benefit)),
            (("计划开工", self.planned_start), ("计划完工", self.planned_end)),
            (("责任单位", self.responsible_unit), ("责任人", self.responsible_person)),
        )
        required = {self.year, self.category, self.construction_type, self.town}
        grid.addWidget(QLabel(required_label("项目名称"), page), 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 3)
        for row, pair in enumerate(pairs, 1):
            for col, (label, widget) in enumerate(pair):
                text = required_label(label) if widget in required else label
                grid.addWidget(QLabel(text, page), row, col * 2)
                grid.addWidget(widget, row, col * 2 + 1)
        last = len(pairs) + 1
        grid.addWidget(QLabel("实施单位", page), last, 0)
        grid.addWidget(self.implementing_unit, last, 1, 1, 3)
        grid.addWidget(QLabel("建设内容及规模", page), last + 1, 0)
        grid.addWidget(self.content, last + 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(last + 1, 1)
        self.addTab(page, "基本信息")

    def _build_money(self) -> None:
        page = QWidget(self)
        self.total_investment = MoneyEdit(page)
        self.fiscal_funds = MoneyEdit(page)
        self.funds = FundTable(choices("projects", "fund_sources"), page)
        self.funds_total = QLabel("", page)
        self.funds_total.setObjectName("hintLabel")
        self.funds.amounts_edited.connect(self._show_funds_total)
        self.fiscal_funds.textChanged.connect(self._show_funds_total)
        self.households = _count_box(page)
        self.people = _count_box(page)
        self.poverty_households = _count_box(page)
        self.poverty_people = _count_box(page)
        self.monitored_households = _count_box(page)
        self.monitored_people = _count_box(page)
        grid = QGridLayout()
        rows = (
            (
                required_label(MoneyFormat.current().title("总投资")),
                self.total_investment,
                required_label(MoneyFormat.current().title("申请财政资金")),
                self.fiscal_funds,
            ),
            ("受益户数", self.households, "受益人数", self.people),
            ("其中脱贫户", self.poverty_households, "脱贫人口", self.poverty_people),
            ("其中监测户", self.monitored_households, "监测人口", self.monitored_people),
        )
        for r, (l1, w1, l2, w2) in enumerate(rows):
            grid.addWidget(QLabel(l1, page), r, 0)
            grid.addWidget(w1, r, 1)
            grid.addWidget(QLabel(l2, page), r, 2)
            grid.addWidget(w2, r, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        section = QLabel("财政资金来源（各来源合计应等于申请财政资金）", page)
        section.setObjectName("sectionLabel")
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addWidget(section)
        layout.addWidget(self.funds, 1)
        layout.addWidget(self.funds_total)
        self.addTab(page, "投资与受益")
        self._show_funds_total()

    def _fill_villages(self) -> None:
        self.village.clear()
        self.village.addItem(NO_VILLAGE, None)
        for village_id, name in self.choices.villages.get(self.town.currentData(), []):
            self.village.addItem(name, village_id)

    def _show_funds_total(self) -> None:
        self.funds_total.setText(f"资金来源合计：{self.funds.total_text()}")

    # --- values ----------------------------------------------------------------------------

    def set_values(self, v: ProjectInput) -> None:
        self.name.setText(v.name)
        self.year.setValue(v.year)
        # an imported draft may have no category yet: show none rather than the first one
        self.category.setCurrentIndex(max(0, self.category.findData(v.category_id)))
        # further villages of an imported project are kept while the town stays the same
        self._more_villages = (v.town_id, v.villages)
        self.construction_type.setCurrentIndex(
            max(0, self.construction_type.findData(v.construction_type or None))
        )
        self.mode.setCurrentIndex(max(0, self.mode.findData(v.implementation_mode)))
        self.town.setCurrentIndex(max(0, self.town.findData(v.town_id)))
        self.village.setCurrentIndex(max(0, self.village.findData(v.village_id)))
        self.group_name.setText(v.group_name)
        self.planned_start.set_day(v.planned_start)
        self.planned_end.set_day(v.planned_end)
        self.responsible_unit.setText(v.responsible_unit)
        self.responsible_person.setText(v.responsible_person)
        self.implementing_unit.setText(v.implementing_unit)
        self.benefit.setCurrentText(v.benefit_mechanism)
        self.content.setPlainText(v.content)
        self.total_investment.set_amount(v.total_investment)
        self.fiscal_funds.set_amount(v.fiscal_funds)
        self.funds.set_amounts(v.fundings)
        for box, number in (
            (self.households, v.households),
            (self.people, v.people),
            (self.poverty_households, v.poverty_households),
            (self.poverty_people, v.poverty_people),
            (self.monitored_households, v.monitored_households),
            (self.monitored_people, v.monitored_people),
        ):
            box.setValue(number)
        self.targets.set_targets(v.targets)

    def problems(self) -> list[Problem]:
        """Every problem the form itself can tell before asking the service, in form order."""
        found: list[Problem] = []
        for widget, name in (
            (self.name, "项目名称"),
            (self.category, "项目类别"),
            (self.construction_type, "建设性质"),
            (self.town, "所属镇"),
        ):
            if is_empty(widget):
                found.append((widget, empty_message(widget, name)))
        for day, label in ((self.planned_start, "计划开工"), (self.planned_end, "计划完工")):
            if text := day.problem(label):
                found.append((day, text))
        for edit, label in (
            (self.total_investment, "总投资"),
            (self.fiscal_funds, "申请财政资金"),
        ):
            if text := edit.problem(label):
                found.append((edit, text))
        try:
            self.funds.amounts()
        except MoneyError as exc:
            found.append((self.funds, f"{exc}。"))
        return found

    def problem(self) -> str:
        """Every problem at once ('' when fine); the first field is brought forward."""
        found = self.problems()
        if found and found[0][0] is not None:
            bring_forward(found[0][0])
        return "\n".join(text for _w, text in found)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a single-line field moves to the next one: it never saves the proposal."""
        if not enter_moves_on(self, event):
            super().keyPressEvent(event)

    def _kept_villages(self) -> tuple[int, ...]:
        town, villages = getattr(self, "_more_villages", (None, ()))
        return villages if town == self.town.currentData() else ()

    def values(self) -> ProjectInput:
        """The form as a ProjectInput (call `problem()` first: amounts must parse)."""
        return ProjectInput(
            name=self.name.text().strip(),
            year=self.year.value(),
            category_id=(
                int(self.category.currentData())
                if self.category.currentData() is not None
                else None
            ),
            construction_type=str(self.construction_type.currentData() or ""),
            town_id=int(self.town.currentData()),
            village_id=self.village.currentData(),
            content=self.content.toPlainText().strip(),
            total_investment=self.total_investment.amount() or Decimal(0),
            fiscal_funds=self.fiscal_funds.amount() or Decimal(0),
            group_name=self.group_name.text().strip(),
            planned_start=self.planned_start.day(),
            planned_end=self.planned_end.day(),
            responsible_unit=self.responsible_unit.text().strip(),
            responsible_person=self.responsible_person.text().strip(),
            implementing_unit=self.implementing_unit.text().strip(),
            households=self.households.value(),
            people=self.people.value(),
            poverty_households=self.poverty_households.value(),
            poverty_people=self.poverty_people.value(),
            monitored_households=self.monitored_households.value(),
            monitored_people=self.monitored_people.value(),
            benefit_mechanism=self.benefit.currentText().strip(),
            implementation_mode=str(self.mode.currentData() or ""),
            fundings=self.funds.amounts(),
            targets=self.targets.targets(),
            villages=self._kept_villages(),
        )

    @staticmethod
    def _placeholder(edit: QLineEdit | QPlainTextEdit, read_only: bool) -> None:
        """Examples are for typing; a read-only form shows an empty field as empty."""
        if read_only and edit.placeholderText():
            edit.setProperty("example", edit.placeholderText())
            edit.setPlaceholderText("")
        elif not read_only and edit.property("example"):
            edit.setPlaceholderText(str(edit.property("example")))

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.findChildren(QLineEdit):
            if edit.parent() is not self.benefit:
                edit.setReadOnly(read_only)
                self._placeholder(edit, read_only)
        for text in self.findChildren(QPlainTextEdit):
            text.setReadOnly(read_only)
            self._placeholder(text, read_only)
        for spin in self.findChildren(QAbstractSpinBox):
            spin.setReadOnly(read_only)
            spin.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        for box in (self.category, self.construction_type, self.mode, self.village, self.benefit):
            box.setEnabled(not read_only)
        self.town.setEnabled(not read_only and self.choices.fixed_town_id is None)
        self.funds.set_read_only(read_only)
        self.targets.set_read_only(read_only)
