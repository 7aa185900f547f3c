"""登记拨付/支出: one ledger line on a project's assignment, checked by the service on save."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.funds.ledger import EntryInput
from fpr_desktop.funds.listing import AssignmentChoice
from fpr_desktop.funds.models import ENTRY_KINDS
from fpr_desktop.funds.uses import use_categories
from ui.common.money import MoneyEdit
from ui.common.widgets import FormDialog
from ui.projects.form_parts import DateBox


class PaymentDialog(FormDialog):
    """Fields in the order a clerk reads a voucher; 超上限理由 only for users who may approve."""

    def __init__(
        self,
        choices: Sequence[AssignmentChoice],
        *,
        may_override: bool,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__("登记拨付、支出、质保金或报账", parent)
        self.choices = list(choices)
        self.assignment = QComboBox(self)
        for c in self.choices:
            left = format_amount(c.assigned - c.paid, MoneyUnit.WAN)
            self.assignment.addItem(f"{c.label}（未拨付 {left} 万元）", c.id)
        self.kind = QComboBox(self)
        for code, label in ENTRY_KINDS.items():
            self.kind.addItem(label, code)
        self.day = DateBox(self, day=today or date.today())
        self.amount = MoneyEdit(self)
        self.payee = QLineEdit(self)
        self.voucher = QLineEdit(self)
        self.use = QComboBox(self)
        self.use.addItem("（请选择）", "")
        for u in use_categories():
            self.use.addItem(u, u)
        self.note = QLineEdit(self)
        self.override = QLineEdit(self)
        self.override.setEnabled(may_override)
        self.override.setPlaceholderText(
            "验收前超过预拨上限时填写批准理由" if may_override else "当前用户无权批准超上限拨付"
        )
        self.add_required(
            "项目 ← 文件",
            self.assignment,
            "没有可登记的项目资金：请先在资金下达文件中把资金分配到年度计划项目。",
        )
        self.add_required("类型", self.kind)
        self.add_required("日期", self.day)
        self.add_required("金额（万元）", self.amount)
        self.form.addRow("收款人（支出必填）", self.payee)
        self.form.addRow("凭证号（报账必填）", self.voucher)
        self.form.addRow("资金用途（支出必填）", self.use)
        self.form.addRow("备注", self.note)
        self.form.addRow("超上限批准理由", self.override)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.assignment.setFocus()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.payee.setEnabled(kind in ("spend", "retain"))
        self.use.setEnabled(kind == "spend")
        self.voucher.setEnabled(kind in ("settle", "spend", "pay"))

    def check(self) -> str:
        problems = []
        if self.assignment.currentData() is None and self.assignment.count():
            problems.append("没有可登记的项目资金：请先在资金下达文件中把资金分配到年度计划项目。")
        try:
            if self.amount.text().strip():  # an empty one: the required mark names it
                self.amount.amount()
        except ValueError as exc:
            problems.append(f"金额：{exc}。")
        if self.kind.currentData() == "spend":
            if not self.payee.text().strip():
                problems.append("支出必须填写收款人。")
            if not self.use.currentData():
                problems.append("支出必须选择资金用途。")
        if self.kind.currentData() == "settle" and not self.voucher.text().strip():
            problems.append("报账必须填写凭证号。")
        for widget, bad in (
            (self.amount, "金额"),
            (self.payee, "收款人"),
            (self.voucher, "凭证号"),
        ):
            if any(p.startswith(bad) or bad in p for p in problems):
                widget.setFocus()
                break
        return "\n".join(problems)

    def entry(self) -> EntryInput:
        day = self.day.day()
        assert day is not None
        return EntryInput(
            int(self.assignment.currentData()),
            str(self.kind.currentData()),
            day,
            self.amount.amount(),
            payee=self.payee.text() if self.payee.isEnabled() else "",
            voucher_no=self.voucher.text() if self.voucher.isEnabled() else "",
            use_category=str(self.use.currentData() or "") if self.use.isEnabled() else "",
            note=self.note.text(),
            override_reason=self.override.text(),
        )
