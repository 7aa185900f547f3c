"""项目库 → 年度计划: the projects of one year's plan with their funds and a 合计 row."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.projects.plan_checks import PlanChecks, plan_checks
from fpr_desktop.projects.records import carried_in, carried_out, carry_over
from fpr_desktop.projects.views import (
    PlanView,
    latest_plan_year,
    plan_view,
    plan_years,
)
from ui.common.money import MoneyFormat
from ui.common.widgets import (
    FormDialog,
    LazyPage,
    Workspace,
    table_widget,
)
from ui.projects.tables import PROJECT_TABLES

COLUMNS = ("序号", "项目名称", "镇", "村", "类别", "状态", "资金来源", "计划资金（万元）")
AMOUNT_COLUMN = len(COLUMNS) - 1
ID_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class PlanData:
    years: list[int]
    view: PlanView
    carried_out: dict[int, int] = field(default_factory=dict)  # project id → later plan year
    carried_in: dict[int, int] = field(default_factory=dict)  # project id → earlier plan year
    checks: PlanChecks | None = None  # task 40: industry share, villages, own channels …


class CarryOverDialog(FormDialog):
    """结转: which project, from which year to which, and the opinion recorded with the step."""

    def __init__(self, parent: QWidget | None, *, name: str, from_year: int, to_year: int):
        super().__init__("结转到下一年度", parent)
        self.form.addRow("项目：", QLabel(name, self))
        self.form.addRow("结转：", QLabel(f"{from_year}年度计划 → {to_year}年度计划", self))
        self.opinion = QPlainTextEdit(self)
        self.opinion.setPlaceholderText("结转原因，如：汛期未能开工")
        self.opinion.setFixedHeight(self.fontMetrics().height() * 5)
        self.form.addRow("意见：", self.opinion)
        self.save_button.setText("结转")

    def check(self) -> str:
        return "" if self.opinion.toPlainText().strip() else "请填写结转意见。"


class PlanPage(LazyPage):
    """A plan holds hundreds of projects at most, so it is read whole; read again when shown."""

    #: The user double-clicked a project of the plan (its id).
    project_activated = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch(*PROJECT_TABLES)
        self.plan: PlanView | None = None
        self.carried: dict[int, int] = {}
        self.dialog: CarryOverDialog | None = None
        self._message = ""  # what the last carry-over did, shown once the plan is read again
        self.year = QComboBox(self)
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year.currentIndexChanged.connect(self.reload)
        self.reload_button = QPushButton("刷新", self)
        self.reload_button.clicked.connect(self.reload)
        self.carry_button = QPushButton("结转到下一年度…", self)
        self.carry_button.setToolTip("把尚未开工的项目连同计划资金结转到下一年度计划")
        self.carry_button.setVisible(can(ws.actor, "projects.county_review"))
        self.carry_button.setEnabled(False)
        self.carry_button.clicked.connect(self.carry_selected)
        self.title = QLabel("", self)
        self.title.setObjectName("sectionLabel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("计划年度", self))
        bar.addWidget(self.year)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.carry_button)
        bar.addWidget(self.reload_button)

        columns = [*COLUMNS[:-1], MoneyFormat.current().title("计划资金")]
        self.table = table_widget(self, columns)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(self._activated)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.info = QLabel("", self)
        self.info.setObjectName("hintLabel")
        # task 40 checks: what is fine in grey, what needs attention in red
        self.checks_ok = QLabel("", self)
        self.checks_ok.setObjectName("hintLabel")
        self.checks_ok.setWordWrap(True)
        self.checks_bad = QLabel("", self)
        self.checks_bad.setObjectName("errorLabel")
        self.checks_bad.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.checks_bad)
        layout.addWidget(self.checks_ok)

    def reload(self) -> None:
        actor, wanted = self.ws.actor, self.year.currentData()

        def load(session: Session) -> PlanData:
            years = plan_years(session)
            year = wanted if wanted in years else latest_plan_year(session) or years[0]
            return PlanData(
                years,
                plan_view(session, actor, year),
                carried_out(session, year),
                carried_in(session, year),
                plan_checks(session, actor, year),
            )

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: PlanData) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in data.years:
            self.year.addItem(f"{year}年", year)
        self.year.setCurrentIndex(max(0, self.year.findData(data.view.year)))
        self.year.blockSignals(False)
        self.plan = plan = data.view
        self.carried = data.carried_out
        self.title.setText(plan.title)
        rows = plan.rows
        fmt = MoneyFormat.current()
        self.table.clearSpans()
        self.table.setRowCount(len(rows) + 1)
        for r, row in enumerate(rows):
            funds = "；".join(f"{src} {fmt.text(amount)}" for src, amount in row.funds.items())
            values = (
                str(r + 1),
                row.name,
                row.town,
                row.village,
                row.category,
                _status_text(row.status_label, row.project_id, data),
                funds,
                fmt.text(row.amount),
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.project_id)
                if c == AMOUNT_COLUMN:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        self._total_row(len(rows), plan)
        self._update_buttons()
        total = fmt.with_unit(plan.total)
        self.info.setText(
            f"{plan.year}年度计划共 {len(rows)} 个项目，计划资金合计 {total}。"
            if rows
            else f"{plan.year}年尚无列入年度计划的项目。在项目列表中选择已入库的项目，"
            "点“办理 → 列入年度计划”。"
        )
        if self._message:
            self.info.setText(f"{self._message}　{self.info.text()}")
            self._message = ""
        self._show_checks(data.checks if rows else None)
        self.finish_loading()

    def _show_checks(self, checks: PlanChecks | None) -> None:
        lines = checks.lines() if checks is not None else []
        bad = [text for problem, text in lines if problem]
        ok = [text for problem, text in lines if not problem]
        self.checks_bad.setText("\n".join(f"注意：{t}" for t in bad))
        self.checks_ok.setText("　".join(ok))
        self.checks_bad.setVisible(bool(bad))
        self.checks_ok.setVisible(bool(ok))

    def check_texts(self) -> tuple[str, str]:
        """(problems, fine) as shown under the plan (for tests)."""
        return self.checks_bad.text(), self.checks_ok.text()

    def _total_row(self, r: int, plan: PlanView) -> None:
        bold = QFont(self.table.font())
        bold.setBold(True)
        label = QTableWidgetItem("合计")
        amount = QTableWidgetItem(MoneyFormat.current().text(plan.total))
        amount.setTextAlignment(RIGHT)
        for c in range(len(COLUMNS)):
            item = label if c == 0 else amount if c == AMOUNT_COLUMN else QTableWidgetItem("")
            item.setFont(bold)
            self.table.setItem(r, c, item)
        self.table.setSpan(r, 0, 1, AMOUNT_COLUMN)

    def total_text(self) -> str:
        """What the 合计 row shows (for tests)."""
        item = self.table.item(self.table.rowCount() - 1, AMOUNT_COLUMN)
        return item.text() if item else ""

    def selected_project(self) -> tuple[int, str] | None:
        """(id, name) of the selected plan project, or None (nothing or the 合计 row)."""
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        project_id = item.data(ID_ROLE)
        if project_id is None:
            return None
        name = self.table.item(item.row(), 1)
        return int(project_id), name.text() if name else ""

    def _update_buttons(self) -> None:
        selected = self.selected_project()
        self.carry_button.setEnabled(selected is not None and selected[0] not in self.carried)

    def carry_selected(self) -> None:
        selected = self.selected_project()
        if selected is None or self.plan is None:
            return
        project_id, name = selected
        actor, from_year = self.ws.actor, self.plan.year
        to_year = from_year + 1
        dialog = CarryOverDialog(self, name=name, from_year=from_year, to_year=to_year)

        self.open_form(
            dialog,
            dialog.opinion.toPlainText,
            lambda s, opinion: carry_over(
                s, actor, project_id, from_year=from_year, to_year=to_year, opinion=opinion
            ),
            on_saved=lambda _n: self._carried(name, to_year),
        )

    def _carried(self, name: str, to_year: int) -> None:
        # shown when the plan has been read again (the change signal started that read)
        self._message = f"已将“{name}”结转到{to_year}年度计划。"

    def _activated(self, item: QTableWidgetItem) -> None:
        project_id = item.data(ID_ROLE)
        if project_id is not None:
            self.project_activated.emit(int(project_id))


def _status_text(label: str, project_id: int, data: PlanData) -> str:
    if project_id in data.carried_out:
        return f"{label}（已结转至{data.carried_out[project_id]}年）"
    if project_id in data.carried_in:
        return f"{label}（由{data.carried_in[project_id]}年结转）"
    return label
