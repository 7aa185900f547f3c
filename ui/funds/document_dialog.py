"""新增/修改资金下达文件, and 分配到项目: forms checked all at once, money typed in 万元."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from fpr_desktop.base.reference import choices
from fpr_desktop.funds.assignments import AssignmentRow, PlanChoice
from fpr_desktop.funds.documents import DocumentInput, DocumentRow, normalize_doc_no
from ui.common.date_input import DateInput
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import FormDialog


def _combo(parent: QWidget, values: Sequence[str], current: str = "") -> QComboBox:
    box = QComboBox(parent)
    for v in values:
        box.addItem(v, v)
    if current:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


class DocumentDialog(FormDialog):
    """The fields of a 资金下达文件 in the order they stand on the paper."""

    def __init__(self, row: DocumentRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改资金下达文件" if row else "登记资金下达文件", parent)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 40)
        self.row = row
        self.doc_no = QLineEdit(self)
        self.doc_no.setPlaceholderText("如 陕财办农〔2021〕12号（[ ]【】也可）")
        self.doc_no.editingFinished.connect(
            lambda: self.doc_no.setText(normalize_doc_no(self.doc_no.text()))
        )
        self.title_edit = QLineEdit(self)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(row.year if row else date.today().year)
        self.issued_on = DateInput(self, day=row.issued_on if row else date.today())
        self.issuer = QLineEdit(self)
        self.level = _combo(self, choices("funds", "levels"), row.level if row else "")
        self.source = _combo(self, choices("funds", "sources"), row.source if row else "")
        self.subtask = _combo(self, choices("funds", "subtasks"), row.subtask if row else "")
        self.budget_subject = QLineEdit(self)
        self.amount = MoneyEdit(self)
        self.in_advance = QCheckBox("提前下达（上年度下达本年度资金）", self)
        self.note = QLineEdit(self)
        unit = MoneyFormat.current().unit.value
        self.add_required("文号", self.doc_no, "文号不能为空。")
        self.form.addRow("文件标题", self.title_edit)
        self.add_required("资金年度", self.year)
        self.add_required("下达日期", self.issued_on)
        self.add_required("下达单位", self.issuer, "下达单位不能为空。")
        self.add_required("资金级次", self.level)
        self.add_required("资金来源", self.source)
        self.add_required("支出方向（子任务）", self.subtask)
        self.form.addRow("预算科目", self.budget_subject)
        self.add_required(f"下达金额（{unit}）", self.amount)
        self.form.addRow("", self.in_advance)
        self.form.addRow("备注", self.note)
        if row is not None:
            self.doc_no.setText(row.doc_no)
            self.title_edit.setText(row.title)
            self.issuer.setText(row.issuer)
            self.budget_subject.setText(row.budget_subject)
            self.amount.set_amount(row.amount)
            self.in_advance.setChecked(row.in_advance)
            if row.assigned:
                # assignments and entries carry the source and were checked against that plan
                for w in (self.source, self.year):
                    w.setEnabled(False)
                    w.setToolTip("文件已分配到项目，不能再修改资金来源或资金年度")
        self.doc_no.setFocus()

    def check(self) -> str:
        problems: list[tuple[QWidget, str]] = []
        if not normalize_doc_no(self.doc_no.text()):
            problems.append((self.doc_no, "文号不能为空。"))
        if not self.issuer.text().strip():
            problems.append((self.issuer, "下达单位不能为空。"))
        # an empty one: the required mark names it
        money = self.amount.problem("下达金额") if self.amount.text().strip() else ""
        if money:
            problems.append((self.amount, money))
        elif self.amount.text().strip() and self.amount.amount() == 0:
            problems.append((self.amount, "下达金额应大于 0。"))
        if problems and not self.field_problems():
            problems[0][0].setFocus()
        return "\n".join(p for _w, p in problems)

    def value(self) -> DocumentInput:
        day = self.issued_on.day()
        assert day is not None
        amount = self.amount.amount()
        return DocumentInput(
            doc_no=self.doc_no.text(),
            year=self.year.value(),
            issued_on=day,
            issuer=self.issuer.text(),
            level=str(self.level.currentData()),
            source=str(self.source.currentData()),
            subtask=str(self.subtask.currentData()),
            amount=amount if amount is not None else Decimal(0),
            budget_subject=self.budget_subject.text(),
            in_advance=self.in_advance.isChecked(),
            title=self.title_edit.text(),
            note=self.note.text(),
        )


class AssignDialog(FormDialog):
    """分配到项目: a project of the document's year plan, an amount and a day.

    With `current` it changes that assignment's amount (the project and day stay).
    """

    def __init__(
        self,
        doc: DocumentRow,
        plan: Sequence[PlanChoice],
        *,
        current: AssignmentRow | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__("修改分配金额" if current else "分配到项目", parent)
        self.doc, self.current = doc, current
        fmt = MoneyFormat.current()
        left = doc.unassigned + (current.amount if current else Decimal(0))
        self.info = QLabel(
            f"{doc.doc_no}　{doc.source}　下达 {fmt.with_unit(doc.amount)}，"
            f"可分配 {fmt.with_unit(left)}",
            self,
        )
        self.info.setWordWrap(True)
        self.project = QComboBox(self)
        for c in plan:
            self.project.addItem(
                f"{c.label}　计划 {fmt.text(c.planned)}，已分配 {fmt.text(c.assigned)}",
                c.project_id,
            )
        self.plan = {c.project_id: c for c in plan}
        self.amount = MoneyEdit(self)
        start = max(today or date.today(), doc.issued_on)
        self.day = DateInput(self, day=start, minimum=doc.issued_on)
        self.form.addRow(self.info)
        self.add_required(f"项目（{doc.year}年度计划）", self.project)
        self.add_required(f"分配金额（{fmt.unit.value}）", self.amount)
        self.add_required("分配日期", self.day)
        self.left = left
        if current is not None:
            self.project.clear()
            self.project.addItem(current.project, current.project_id)
            self.project.setEnabled(False)
            self.day.set_day(current.assigned_on)
            self.day.setEnabled(False)
            self.amount.set_amount(current.amount)
            self.amount.setFocus()
        else:
            self.project.currentIndexChanged.connect(self._suggest)
            self._suggest()
            self.project.setFocus()

    def _suggest(self) -> None:
        """The project's open planned amount, at most what the document has left."""
        c = self.plan.get(self.project.currentData())
        if c is not None:
            self.amount.set_amount(min(c.open, self.left) if c.open else self.left)

    def check(self) -> str:
        problems: list[tuple[QWidget, str]] = []
        if self.project.currentData() is None:
            problems.append(
                (
                    self.project,
                    f"{self.doc.year}年度计划中没有可分配的项目，请先在项目库编制年度计划。",
                )
            )
        money = self.amount.problem("分配金额")
        if not self.amount.text().strip():
            pass  # an empty one: the required mark names it
        elif money:
            problems.append((self.amount, money))
        else:
            amount = self.amount.amount() or Decimal(0)
            fmt = MoneyFormat.current()
            if amount <= 0:
                problems.append((self.amount, "分配金额应大于 0。"))
            elif amount > self.left:
                problems.append(
                    (
                        self.amount,
                        f"分配金额 {fmt.with_unit(amount)} 超过文件可分配的 "
                        f"{fmt.with_unit(self.left)}。",
                    )
                )
        if problems and not self.field_problems():
            problems[0][0].setFocus()
        return "\n".join(p for _w, p in problems)

    def values(self) -> tuple[int, Decimal, date]:
        day = self.day.day()
        assert day is not None
        return int(self.project.currentData()), self.amount.amount() or Decimal(0), day
