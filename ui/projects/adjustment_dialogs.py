"""项目调整: ask for a change of an in-library project (content, amounts, village) with a
reason, and the county's approval of it with the decision on record."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.reference import choices
from fpr_desktop.projects import adjustments as adj
from fpr_desktop.projects.flow import Decision
from fpr_desktop.projects.status import STATUS_LABELS
from fpr_desktop.projects.views import ActionContext
from ui.common.money import MoneyEdit, MoneyFormat
from ui.projects.form_parts import DateBox
from ui.projects.records_base import RecordDialog, Work, text_box

NOT_ADJUSTABLE = "只有已入库、尚未报账的项目办理调整（入库前的修改请退回修改）。"


class AdjustmentDialog(RecordDialog):
    """The new values (only what changes) and why; applied once the county approves."""

    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("申请项目调整", ctx, parent)
        fmt = MoneyFormat.current()
        note = QLabel(
            "调整须经县级审定并重新公示后才能继续办理后续步骤。只填写需要调整的内容。", self
        )
        note.setObjectName("hintLabel")
        note.setWordWrap(True)
        self.content = text_box(self)
        self.content.setPlaceholderText("调整后的建设内容及规模（不调整可不填）")
        self.total = MoneyEdit(self, required=False)
        self.fiscal = MoneyEdit(self, required=False)
        self.fiscal.setPlaceholderText(f"现为 {fmt.text(ctx.fiscal_funds)}")
        self.village = QComboBox(self)
        self.village.addItem("（不调整）", None)
        for village_id, name in ctx.town_villages:
            if village_id != ctx.village_id:
                self.village.addItem(name, village_id)
        self.reason = text_box(self)
        self.reason.setPlaceholderText("调整原因（必填），如“设计变更，增加管网800米”")
        self.form.addRow("", note)
        self.form.addRow("建设内容及规模：", self.content)
        self.form.addRow(fmt.title("总投资") + "：", self.total)
        self.form.addRow(fmt.title("财政资金") + "：", self.fiscal)
        self.form.addRow("建设地点（村）：", self.village)
        self.form.addRow("调整原因（必填）：", self.reason)
        self.save_button.setText("提交审定")

    @classmethod
    def refusal(cls, ctx: ActionContext) -> str:
        if ctx.status not in adj.ADJUSTABLE:
            return f"项目当前为“{STATUS_LABELS[ctx.status]}”。{NOT_ADJUSTABLE}"
        if ctx.pending_adjustment is not None:
            return f"已有待审定的项目调整（#{ctx.pending_adjustment[0]}）。"
        return ""

    def values(self) -> adj.AdjustmentInput:
        return adj.AdjustmentInput(
            reason=self.reason.toPlainText().strip(),
            content=self.content.toPlainText().strip() or None,
            total_investment=self.total.amount(),
            fiscal_funds=self.fiscal.amount(),
            village_id=self.village.currentData(),
        )

    def check(self) -> str:
        unreadable = [
            p for p in (self.total.problem("总投资"), self.fiscal.problem("财政资金")) if p
        ]
        problems = list(unreadable)
        if not self.reason.toPlainText().strip():
            problems.append("请填写调整原因。")
        if not unreadable and not (
            self.content.toPlainText().strip()
            or self.total.amount() is not None
            or self.fiscal.amount() is not None
            or self.village.currentData() is not None
        ):
            problems.append("请至少填写一项调整内容（建设内容、总投资、财政资金或建设地点）。")
        return "\n".join(problems)

    def work(self, actor: Actor) -> Work:
        ctx, inp = self.ctx, self.values()
        return lambda s: adj.request_adjustment(s, actor, ctx.id, ctx.version, inp)

    def done_text(self, result: Any) -> str:
        return f"已提交项目调整（#{result}），待县级审定；审定后须重新公示。"


class AdjustmentApprovalDialog(RecordDialog):
    """The county approves the pending adjustment; the decision is recorded with it."""

    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("审定项目调整", ctx, parent)
        self.changes = QLabel(ctx.pending_changes or "没有待审定的调整。", self)
        self.changes.setWordWrap(True)
        self.body = QComboBox(self)
        self.body.setEditable(True)
        self.body.addItems(list(choices("projects", "decision_bodies")))
        self.body.setCurrentText(adj.APPROVER)
        self.doc_number = QLineEdit(self)
        self.doc_number.setPlaceholderText("会议纪要或文件文号，如 陇农领发〔2024〕3号")
        self.decided_on = DateBox(self)
        self.decided_on.maximum = date.today()
        self.opinion: QPlainTextEdit = text_box(self)
        self.opinion.setPlaceholderText("审定意见，如“同意调整”")
        self.form.addRow("调整内容：", self.changes)
        self.form.addRow("决策机构（必填）：", self.body)
        self.form.addRow("会议或文件文号（必填）：", self.doc_number)
        self.form.addRow("决策日期（必填）：", self.decided_on)
        self.form.addRow("审定意见：", self.opinion)
        self.save_button.setText("审定通过")

    @classmethod
    def refusal(cls, ctx: ActionContext) -> str:
        if not ctx.may_decide:
            return "只有县级项目审核人员可以审定项目调整。"
        if ctx.pending_adjustment is None:
            return "该项目没有待审定的调整。"
        return ""

    def check(self) -> str:
        problems = []
        if not self.body.currentText().strip():
            problems.append("请填写决策机构。")
        if not self.doc_number.text().strip():
            problems.append("请填写会议纪要或文件的文号。")
        return "\n".join(problems)

    def work(self, actor: Actor) -> Work:
        assert self.ctx.pending_adjustment is not None
        adjustment_id, version = self.ctx.pending_adjustment
        decision = Decision(
            self.body.currentText().strip(), self.doc_number.text().strip(), self.decided_on.day()
        )
        opinion = self.opinion.toPlainText()

        def approve(session: Session) -> None:
            adj.approve_adjustment(session, actor, adjustment_id, version, decision, opinion)

        return approve

    def done_text(self, result: Any) -> str:
        return "项目调整已审定并生效。请重新生成并登记项目库公示，期满后方可继续办理。"
