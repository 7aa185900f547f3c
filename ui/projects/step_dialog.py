"""The dialog of one life-cycle step: opinion (mandatory for side exits), dates, amounts, plan,
and for a review or approval step who decided it (body, 文号, date)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.money import MoneyError
from fpr_desktop.base.reference import choices
from fpr_desktop.projects.flow import STEPS, Decision, StepOption, take_step
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
        self.body: QComboBox | None = None
        self.doc_number: QLineEdit | None = None
        self.decided_on: DateBox | None = None
        if option.code == "complete":
            self.day = DateBox(self)
            self.form.addRow("竣工日期：", self.day)
        elif option.code == "settle":
            self.day = DateBox(self)
            self.amount = MoneyEdit(self)
            self.amount.set_amount(ctx.contract_amount or ctx.fiscal_funds)
            self.form.addRow("报账日期（必填）：", self.day)
            self.form.addRow(MoneyFormat.current().title("报账金额") + "（必填）：", self.amount)
            limit = QLabel(
                f"不得超过项目财政资金 {MoneyFormat.current().with_unit(ctx.fiscal_funds)}"
                "（超出须先办理项目调整）",
                self,
            )
            limit.setObjectName("hintLabel")
            self.form.addRow("", limit)
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
            self.form.addRow("安排资金（必填）：", self.funds)
            self.form.addRow("", self.funds_total)
            self._show_total()
            self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 44)
        if option.decided_by:
            self._decision_fields(option.decided_by)
        self.opinion = QPlainTextEdit(self)
        self.opinion.setTabChangesFocus(True)
        self.opinion.setMaximumHeight(self.fontMetrics().height() * 5)
        self.opinion.setPlaceholderText(
            "请写明理由（必填）" if option.needs_opinion else "可填写审核意见，如“材料齐全，同意”"
        )
        self.form.addRow("意见（必填）：" if option.needs_opinion else "意见：", self.opinion)
        self.save_button.setText("确定")

    def _decision_fields(self, usual_body: str) -> None:
        """决策机构 (offered from the list, another may be typed), 文号 and 决策日期."""
        self.body = QComboBox(self)
        self.body.setEditable(True)
        self.body.addItems(list(choices("projects", "decision_bodies")))
        self.body.setCurrentText(usual_body)
        self.doc_number = QLineEdit(self)
        self.doc_number.setPlaceholderText("会议纪要或文件文号，如 陇农领发〔2024〕3号")
        self.decided_on = DateBox(self)
        self.decided_on.maximum = date.today()
        self.form.addRow("决策机构（必填）：", self.body)
        self.form.addRow("会议或文件文号（必填）：", self.doc_number)
        self.form.addRow("决策日期（必填）：", self.decided_on)

    def decision(self) -> Decision | None:
        if self.body is None or self.doc_number is None or self.decided_on is None:
            return None
        return Decision(
            self.body.currentText().strip(), self.doc_number.text().strip(), self.decided_on.day()
        )

    def _show_total(self) -> None:
        assert self.funds is not None
        text = f"合计：{self.funds.total_text()}"
        requested = MoneyFormat.current().with_unit(self.ctx.fiscal_funds)
        try:
            over = sum(self.funds.amounts().values()) > self.ctx.fiscal_funds
        except MoneyError:
            over = False
        note = "，超过申请额，须先办理项目调整" if over else ""
        self.funds_total.setText(f"{text}（申请财政资金 {requested}{note}）")

    def check(self) -> str:
        """Every problem of the form at once (the service checks again)."""
        problems = []
        if self.option.needs_opinion and not self.opinion.toPlainText().strip():
            problems.append(f"“{self.option.label}”必须填写意见。")
        decision = self.decision()
        if self.body is not None and decision is not None:
            if not decision.body:
                problems.append("请填写决策机构。")
            if not decision.doc_number:
                problems.append("请填写会议纪要或文件的文号。")
        if self.amount is not None:
            if found := self.amount.problem("报账金额"):
                problems.append(found)
            elif (amount := self.amount.amount()) is not None and amount > self.ctx.fiscal_funds:
                limit = MoneyFormat.current().with_unit(self.ctx.fiscal_funds)
                problems.append(f"报账金额超过项目财政资金 {limit}，超出部分须先办理项目调整。")
        if self.funds is not None:
            try:
                funds = self.funds.amounts()
            except MoneyError as exc:
                problems.append(f"{exc}。")
            else:
                if not funds:
                    problems.append("请至少为一个资金来源填写安排金额。")
                elif sum(funds.values()) > self.ctx.fiscal_funds:
                    limit = MoneyFormat.current().with_unit(self.ctx.fiscal_funds)
                    problems.append(
                        f"安排资金合计超过申请财政资金 {limit}，如需增加请先办理项目调整。"
                    )
        return "\n".join(problems)

    def done_text(self, status_label: str) -> str:
        return f"已办理“{self.option.label}”，项目现为“{status_label}”。"

    def work(self, actor: Actor) -> Callable[[Session], str]:
        """The transaction that takes the step; returns the new status label."""
        ctx, code = self.ctx, self.option.code
        opinion = self.opinion.toPlainText().strip()
        day = self.day.day() if self.day is not None else None
        amount = self.amount.amount() if self.amount is not None else None
        decision = self.decision()
        if self.funds is not None and self.year is not None:
            year, funds = self.year.value(), self.funds.amounts()

            def plan(session: Session) -> str:
                add_to_plan(
                    session,
                    actor,
                    ctx.id,
                    ctx.version,
                    year=year,
                    funds=funds,
                    opinion=opinion,
                    decision=decision,
                )
                return Status.IN_PLAN.label

            return plan

        def step(session: Session) -> str:
            status = take_step(
                session,
                actor,
                ctx.id,
                ctx.version,
                code,
                opinion=opinion,
                on=day,
                amount=amount,
                decision=decision,
            )
            return label_of(status)

        return step
