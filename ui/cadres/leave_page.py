"""请销假: the leaves in scope; approve or reject with an opinion by the right tier (≤ the
threshold the town, longer the county — a setting), and the report-back (销假) date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.cadres import leave as lv
from fpr_desktop.cadres.rules import LEAVE_STATUSES
from ui.cadres.cells import fill_table, report
from ui.common.date_input import DateInput
from ui.common.widgets import (
    FormDialog,
    LazyPage,
    Workspace,
    hint_label,
    required_label,
    table_widget,
)

COLUMNS = [
    "镇",
    "村",
    "姓名",
    "类型",
    "开始",
    "结束",
    "天数",
    "审批",
    "状态",
    "销假",
    "事由",
    "意见",
]
ROW_ID = Qt.ItemDataRole.UserRole


def _span(r: lv.LeaveRow) -> tuple[str, str]:
    return (
        f"{r.start_date}{' 下午' if r.start_pm else ''}",
        f"{r.end_date}{' 上午' if r.end_am else ''}",
    )


class DecisionDialog(FormDialog):
    """审批请假: approve or reject; a rejection needs the opinion."""

    def __init__(self, row: lv.LeaveListRow, parent: QWidget | None = None) -> None:
        r = row.leave
        super().__init__(f"请假审批 — {row.village}{row.name}", parent)
        start, end = _span(r)
        facts = QLabel(
            f"{r.leave_type} {start} 至 {end}，共 {r.days} 天，由{r.approver}审批。\n"
            f"事由：{row.reason}",
            self,
        )
        facts.setWordWrap(True)
        self.approve = QRadioButton("批准", self)
        self.reject_choice = QRadioButton("不予批准", self)
        choice = QHBoxLayout()
        choice.addWidget(self.approve)
        choice.addWidget(self.reject_choice)
        choice.addStretch(1)
        self.opinion = QPlainTextEdit(self)
        self.opinion.setTabChangesFocus(True)
        self.opinion.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.opinion.setPlaceholderText("不予批准时必须填写")
        self.decided_on = DateInput(self, day=date.today())
        self.form.addRow("请假", facts)
        self.form.addRow(required_label("审批结果"), choice)
        self.form.addRow("审批意见", self.opinion)
        self.add_required("审批日期", self.decided_on)
        self.approve.setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if not (self.approve.isChecked() or self.reject_choice.isChecked()):
            problems.append(("请选择批准或不予批准。", self.approve))
        elif self.reject_choice.isChecked() and not self.opinion.toPlainText().strip():
            problems.append(("不予批准时请填写审批意见。", self.opinion))
        return report(problems)

    def value(self) -> tuple[bool, str, date]:
        day = self.decided_on.day()
        assert day is not None
        return self.approve.isChecked(), self.opinion.toPlainText(), day


class ReportBackDialog(FormDialog):
    """销假: the day the cadre is back in the village."""

    def __init__(self, row: lv.LeaveListRow, parent: QWidget | None = None) -> None:
        super().__init__(f"销假 — {row.village}{row.name}", parent)
        r = row.leave
        self.on = DateInput(self, day=min(date.today(), r.end_date), minimum=r.start_date)
        start, end = _span(r)
        self.form.addRow("请假", QLabel(f"{r.leave_type} {start} 至 {end}（{r.days}天）", self))
        self.add_required("返岗日期", self.on)
        self.on.setFocus()

    def value(self) -> date:
        day = self.on.day()
        assert day is not None
        return day


class LeavePage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("cadre_leave")
        self.rows: list[lv.LeaveListRow] = []
        self.notice = ""  # what the last step did, kept over the reload it causes
        self.dialog: FormDialog | None = None
        self.status = QComboBox(self)
        self.status.addItem("全部", None)
        for s in LEAVE_STATUSES:
            self.status.addItem(s, s)
        self.status.setCurrentIndex(1)  # 待审批: what needs doing
        self.status.currentIndexChanged.connect(self.reload)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.setToolTip("按请假开始的年份")
        self.year.valueChanged.connect(self.reload)
        self.decide_button = QPushButton("审批…", self)
        self.decide_button.clicked.connect(self.open_decision)
        self.back_button = QPushButton("销假…", self)
        self.back_button.clicked.connect(self.open_report_back)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("状态", self))
        bar.addWidget(self.status)
        bar.addStretch(1)
        bar.addWidget(self.decide_button)
        bar.addWidget(self.back_button)
        self.table = table_widget(self, COLUMNS)
        self.table.itemActivated.connect(lambda _i: self.open_current())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.hint = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._update_buttons()

    def reload(self) -> None:
        actor, status, year = self.ws.actor, self.status.currentData(), self.year.value()
        self.ws.read(
            lambda s: lv.list_leaves(s, actor, status, year), on_success=self._show, parent=self
        )

    def _show(self, rows: list[lv.LeaveListRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [
                (
                    r.town,
                    r.village,
                    r.name,
                    r.leave.leave_type,
                    *_span(r.leave),
                    r.leave.halves / 2 if r.leave.halves % 2 else r.leave.halves // 2,
                    r.leave.approver,
                    r.leave.status,
                    str(r.leave.reported_back_on or ""),
                    r.reason,
                    r.leave.opinion,
                )
                for r in rows
            ],
        )
        for i in range(len(rows)):  # rows keep their leave when the headers sort them
            item = self.table.item(i, 0)
            if item is not None:
                item.setData(ROW_ID, i)
        self.hint.setText(
            self.notice
            + (
                f"共 {len(rows)} 条。选中一行按 Enter 或双击：待审批的审批，已批准的销假。"
                if rows
                else "没有符合条件的请假。请假在“干部名册”选中干部后登记。"
            )
        )
        self.notice = ""
        self._update_buttons()
        self.finish_loading()

    def current(self) -> lv.LeaveListRow | None:
        picked = self.table.selectionModel().selectedRows()
        if not picked:
            return None
        item = self.table.item(picked[0].row(), 0)
        return self.rows[int(item.data(ROW_ID))] if item is not None else None

    def _update_buttons(self) -> None:
        row = self.current()
        if row is None:
            for b in (self.decide_button, self.back_button):
                b.setEnabled(False)
                b.setToolTip("请先选中一条请假。")
            return
        pending = row.leave.status == lv.PENDING
        why = row.refusal or ("" if pending else f"该请假已审批（{row.leave.status}）。")
        self.decide_button.setEnabled(not why)
        self.decide_button.setToolTip(why or f"由{row.leave.approver}审批")
        back_why = (
            "只有已批准的请假才能销假。"
            if row.leave.status != lv.APPROVED
            else f"已于{row.leave.reported_back_on}销假。"
            if row.leave.reported_back_on
            else ""
        )
        self.back_button.setEnabled(not back_why)
        self.back_button.setToolTip(back_why or "登记返岗日期")

    def _tell(self, text: str) -> None:
        self.notice = text
        self.hint.setText(text)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentCell(row, 0)

    def open_current(self) -> None:
        if self.decide_button.isEnabled():
            self.open_decision()
        elif self.back_button.isEnabled():
            self.open_report_back()

    def open_decision(self) -> None:
        row = self.current()
        if row is None or not self.decide_button.isEnabled():
            return
        actor, leave = self.ws.actor, row.leave
        dialog = DecisionDialog(row, self)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: lv.decide_leave(
                s, actor, leave.id, leave.version, approve=v[0], opinion=v[1], decided_on=v[2]
            ),
            on_saved=lambda r: self._tell(
                f"{row.name}的{r.leave_type}{r.days}天：{r.status}。"
                + ("返岗后在“已批准”中登记销假。" if r.status == lv.APPROVED else "")
            ),
        )

    def open_report_back(self) -> None:
        row = self.current()
        if row is None or not self.back_button.isEnabled():
            return
        actor, leave = self.ws.actor, row.leave
        dialog = ReportBackDialog(row, self)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: lv.report_back(s, actor, leave.id, leave.version, v),
            on_saved=lambda r: self._tell(f"{row.name}已于{r.reported_back_on}销假。"),
        )
