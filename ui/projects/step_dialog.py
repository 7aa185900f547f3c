"""The dialog of one life-cycle step: opinion (mandatory for side exits), dates, amounts, plan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.money import MoneyError
from fpr_desktop.base.reference import choices
from fpr_desktop.projects.flow import STEPS, StepOption, take_step
from fpr_desktop.projects.records import add_to_plan
from fpr_desktop.projects.status import Status, label_of
from fpr_desktop.projects.views import ActionContext
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import FormDialog
from ui.projects.form_parts import DateBox, FundTable


class StepDialog(FormDialog):
    """Asks what a step needs, then `work(actor)` takes it (in the op runner)."""

    def __init__(self, ctx: ActionContext, option: StepOption, parent: QWidget | None) -> None:
        super().__init__(f"办理：{option.label}", parent)
        self.ctx = ctx
        self.option = option
        step = STEPS[option.code]
        name = QLabel(ctx.name, self)
        name.setWordWrap(True)
        self.form.addRow("项目：", name)
        self.form.addRow("状态：", QLabel(f"{ctx.status_label} → {step.target.label}", self))
        self.day: DateBox | None = None
        self.amount: MoneyEdit | None = None
        self.year: QSpinBox | None = None
        self.funds: FundTable | None = None
        if option.code == "complete":
            self.day = DateBox(self)
            self.form.addRow("竣工日期：", self.day)
        elif option.code == "settle":
            self.day = DateBox(self)
            self.amount = MoneyEdit(self)
            self.amount.set_amount(ctx.contract_amount or ctx.fiscal_funds)
            self.form.addRow("报账日期：", self.day)
            self.form.addRow(MoneyFormat.current().title("报账金额") + "：", self.amount)
        elif option.code == "plan":
            self.year = QSpinBox(self)
            self.year.setRange(2000, 2100)
            self.year.setValue(ctx.year)  # a project is planned for its own year by default
            self.funds = FundTable(choices("projects", "fund_sources"), self)
            self.funds.set_amounts(ctx.fundings)
            self.funds.setMinimumHeight(self.fontMetrics().height() * 14)
            self.funds_total = QLabel("", self)
            self.funds.amounts_edited.connect(self._show_total)
            self.form.addRow("计划年度：", self.year)
            self.form.addRow("安排资金：", self.funds)
            self.form.addRow("", self.funds_total)
            self._show_total()
            self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 44)
        self.opinion = QPlainTextEdit(self)
        self.opinion.setTabChangesFocus(True)
        self.opinion.setMaximumHeight(self.fontMetrics().height() * 5)
        self.opinion.setPlaceholderText(
            "请写明理由（必填）" if option.needs_opinion else "可填写审核意见，如“材料齐全，同意”"
        )
        self.form.addRow("意见（必填）：" if option.needs_opinion else "意见：", self.opinion)
        self.save_button.setText("确定")

    def _show_total(self) -> None:
        assert self.funds is not None
        self.funds_total.setText(f"合计：{self.funds.total_text()}")

    def check(self) -> str:
        if self.option.needs_opinion and not self.opinion.toPlainText().strip():
            return f"“{self.option.label}”必须填写意见。"
        if self.amount is not None and (found := self.amount.problem("报账金额")):
            return found
        if self.funds is not None:
            try:
                funds = self.funds.amounts()
            except MoneyError as exc:
                return f"{exc}。"
            if not funds:
                return "请至少为一个资金来源填写安排金额。"
        return ""

    def done_text(self, status_label: str) -> str:
        return f"已办理“{self.option.label}”，项目现为“{status_label}”。"

    def work(self, actor: Actor) -> Callable[[Session], str]:
        """The transaction that takes the step; returns the new status label."""
        ctx, code = self.ctx, self.option.code
        opinion = self.opinion.toPlainText().strip()
        day = self.day.day() if self.day is not None else None
        amount = self.amount.amount() if self.amount is not None else None
        if self.funds is not None and self.year is not None:
            year, funds = self.year.value(), self.funds.amounts()

            def plan(session: Session) -> str:
                add_to_plan(
                    session, actor, ctx.id, ctx.version, year=year, funds=funds, opinion=opinion
                )
                return Status.IN_PLAN.label

            return plan

        def step(session: Session) -> str:
            status = take_step(
                session, actor, ctx.id, ctx.version, code, opinion=opinion, on=day, amount=amount
            )
            return label_of(status)

        return step
