"""Registering what happens around a project: 四议两公开, tender, 以工代赈, sign-off, acceptance."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from fpr_desktop.base.context import Actor
from fpr_desktop.base.money import MoneyError
from fpr_desktop.base.reference import choices
from fpr_desktop.projects import records as records
from fpr_desktop.projects.views import ActionContext, meeting_warning, share_percent
from ui.common.money import MoneyEdit, MoneyFormat
from ui.projects.adjustment_dialogs import AdjustmentApprovalDialog, AdjustmentDialog
from ui.projects.form_parts import DateBox
from ui.projects.records_base import RecordDialog, Work
from ui.projects.records_base import count_box as _count
from ui.projects.records_base import text_box as _text

__all__ = ["RecordDialog", "Work"]


class MeetingDialog(RecordDialog):
    """One meeting of 四议两公开; the quorum/majority check is shown while typing."""

    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("登记四议两公开会议", ctx, parent)
        self.meeting_type = QComboBox(self)
        self.meeting_type.addItems(list(choices("projects", "meeting_types")))
        self.held_on = DateBox(self)
        self.eligible = _count(self)
        self.present = _count(self)
        self.votes_for = _count(self)
        self.votes_against = _count(self)
        self.abstentions = _count(self)
        self.resolution = _text(self)
        self.published_on = DateBox(self, optional=True)
        self.result_published_on = DateBox(self, optional=True)
        self.warning = QLabel("", self)
        self.warning.setObjectName("errorLabel")
        self.warning.setWordWrap(True)
        for label, widget in (
            ("会议类型：", self.meeting_type),
            ("会议日期：", self.held_on),
            ("应到人数：", self.eligible),
            ("实到人数：", self.present),
            ("赞成票：", self.votes_for),
            ("反对票：", self.votes_against),
            ("弃权票：", self.abstentions),
            ("决议内容：", self.resolution),
            ("决议公开日期：", self.published_on),
            ("结果公开日期：", self.result_published_on),
        ):
            self.form.addRow(label, widget)
        self.form.addRow("", self.warning)
        self.meeting_type.currentIndexChanged.connect(self._check_numbers)
        for box in (
            self.eligible,
            self.present,
            self.votes_for,
            self.votes_against,
            self.abstentions,
        ):
            box.valueChanged.connect(self._check_numbers)
        self._check_numbers()

    def meeting(self) -> records.MeetingInput:
        held_on = self.held_on.day()
        assert held_on is not None
        return records.MeetingInput(
            meeting_type=self.meeting_type.currentText(),
            held_on=held_on,
            eligible=self.eligible.value(),
            present=self.present.value(),
            votes_for=self.votes_for.value(),
            votes_against=self.votes_against.value(),
            abstentions=self.abstentions.value(),
            resolution=self.resolution.toPlainText().strip(),
            published_on=self.published_on.day(),
            result_published_on=self.result_published_on.day(),
        )

    def _check_numbers(self) -> None:
        problem = meeting_warning(self.meeting()) if self.eligible.value() else ""
        self.warning.setText(f"注意：{problem}" if problem else "")

    def check(self) -> str:
        return "" if self.eligible.value() else "请填写应到人数。"

    def work(self, actor: Actor) -> Work:
        pid, meeting = self.ctx.id, self.meeting()
        return lambda s: records.record_meeting(s, actor, pid, meeting)

    def done_text(self, result: Any) -> str:
        if result:
            return f"会议已登记。注意：{result}村级自建项目须补登合格的会议记录后才能开工。"
        return "会议已登记。"


class TenderDialog(RecordDialog):
    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("登记招标（采购）结果", ctx, parent)
        self.tender_date = DateBox(self)
        self.contractor = QLineEdit(self)
        self.contractor.setPlaceholderText("中标（施工）单位全称")
        self.amount = MoneyEdit(self)
        if ctx.tender_date is not None:
            self.tender_date.set_day(ctx.tender_date)
        self.contractor.setText(ctx.contractor)
        self.amount.set_amount(ctx.contract_amount)
        self.form.addRow("招标日期（必填）：", self.tender_date)
        self.form.addRow("中标单位（必填）：", self.contractor)
        self.form.addRow(MoneyFormat.current().title("合同金额") + "（必填）：", self.amount)

    def check(self) -> str:
        problems = []
        if not self.contractor.text().strip():
            problems.append("请填写中标（施工）单位。")
        if found := self.amount.problem("合同金额"):
            problems.append(found)
        elif self.amount.amount() is None:
            problems.append("请填写合同金额。")
        return "\n".join(problems)

    def work(self, actor: Actor) -> Work:
        ctx, day = self.ctx, self.tender_date.day()
        contractor, amount = self.contractor.text(), self.amount.amount()
        assert day is not None and amount is not None
        return lambda s: records.record_tender(
            s,
            actor,
            ctx.id,
            ctx.version,
            tender_date=day,
            contractor=contractor,
            contract_amount=amount,
        )


class WorkReliefDialog(RecordDialog):
    """以工代赈: wages to local labour and their share of the fiscal funds."""

    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("登记以工代赈", ctx, parent)
        self.wages = MoneyEdit(self)
        self.wages.set_amount(ctx.labour_wages)
        self.local_workers = _count(self)
        self.poverty_workers = _count(self)
        self.share = QLabel("", self)
        self.share.setObjectName("valueLabel")
        fmt = MoneyFormat.current()
        self.form.addRow("财政资金：", QLabel(fmt.with_unit(ctx.fiscal_funds), self))
        self.form.addRow(fmt.title("劳务报酬") + "：", self.wages)
        self.form.addRow("当地务工人数：", self.local_workers)
        self.form.addRow("其中脱贫劳动力：", self.poverty_workers)
        self.form.addRow("劳务报酬占比：", self.share)
        self.wages.textChanged.connect(self._show_share)
        self._show_share()

    def _show_share(self) -> None:
        try:
            wages = self.wages.amount() or Decimal(0)
        except MoneyError:
            self.share.setText("—")
            return
        self.share.setText(f"{share_percent(wages, self.ctx.fiscal_funds)}%（占财政资金）")

    def check(self) -> str:
        return self.wages.problem("劳务报酬")

    def work(self, actor: Actor) -> Work:
        ctx, wages = self.ctx, self.wages.amount()
        local, poor = self.local_workers.value(), self.poverty_workers.value()
        assert wages is not None
        return lambda s: records.record_work_relief(
            s,
            actor,
            ctx.id,
            ctx.version,
            labour_wages=wages,
            local_workers=local,
            poverty_workers=poor,
        )

    def done_text(self, result: Any) -> str:
        return f"已登记以工代赈：劳务报酬占财政资金 {result}%。"


class SignoffDialog(RecordDialog):
    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("登记村监委会签字", ctx, parent)
        self.subject = QComboBox(self)
        self.subject.addItems(list(choices("projects", "supervision_subjects")))
        self.signed_on = DateBox(self)
        self.signer = QLineEdit(self)
        self.signer.setPlaceholderText("村监委会主任或成员姓名")
        self.note = QLineEdit(self)
        self.form.addRow("签字事项：", self.subject)
        self.form.addRow("签字日期：", self.signed_on)
        self.form.addRow("签字人：", self.signer)
        self.form.addRow("备注：", self.note)

    def check(self) -> str:
        return "" if self.signer.text().strip() else "请填写村监委会签字人。"

    def work(self, actor: Actor) -> Work:
        pid, subject, day = self.ctx.id, self.subject.currentText(), self.signed_on.day()
        signer, note = self.signer.text(), self.note.text()
        assert day is not None
        return lambda s: records.record_signoff(
            s, actor, pid, subject=subject, signed_on=day, signer=signer, note=note
        )


class AcceptanceDialog(RecordDialog):
    """An acceptance inspection (自检/初验/终验): stage, date, team, result and opinion; after
    the deadline (N working days from completion) the reason for the delay is asked for."""

    def __init__(self, ctx: ActionContext, parent: QWidget | None) -> None:
        super().__init__("登记验收", ctx, parent)
        self.stage = QComboBox(self)
        self.stage.addItems(list(choices("projects", "acceptance_stages")))
        self.stage.setCurrentText("终验")
        self.held_on = DateBox(self)
        self.team = QLineEdit(self)
        self.team.setPlaceholderText("例如 县农业农村局验收组：张三、李四、王五")
        self.outcome = QComboBox(self)
        self.outcome.addItem("通过", True)
        self.outcome.addItem("不通过（整改后重新验收）", False)
        self.report = _text(self)
        self.report.setPlaceholderText("验收组意见，如“工程质量合格，同意通过验收”")
        self.late_reason = _text(self, 2)
        self.late_reason.setPlaceholderText("验收晚于期限的原因（超过期限时必填）")
        self.form.addRow("验收阶段：", self.stage)
        self.form.addRow("验收日期（必填）：", self.held_on)
        self.deadline = QLabel(self._deadline_text(), self)
        self.deadline.setObjectName("hintLabel")
        self.deadline.setWordWrap(True)
        self.form.addRow("", self.deadline)
        self.form.addRow("验收组（必填）：", self.team)
        self.form.addRow("验收结果：", self.outcome)
        self.form.addRow("验收意见（必填）：", self.report)
        self.form.addRow("逾期原因：", self.late_reason)
        self.held_on.day_changed.connect(self._update_late)
        self.held_on.edit.textChanged.connect(self._update_late)  # while typing, too
        self._update_late()

    @classmethod
    def refusal(cls, ctx: ActionContext) -> str:
        return "" if ctx.completed_on is not None else "项目尚未登记竣工，不能验收。"

    def _deadline_text(self) -> str:
        if self.ctx.completed_on is None:
            return ""
        due = f"，应在 {self.ctx.acceptance_due:%Y-%m-%d} 前验收" if self.ctx.acceptance_due else ""
        return f"竣工日期：{self.ctx.completed_on:%Y-%m-%d}{due}。"

    def is_late(self) -> bool:
        day, due = self.held_on.day(), self.ctx.acceptance_due
        return day is not None and due is not None and day > due

    def _update_late(self, *_args: object) -> None:
        late = self.is_late()
        self.late_reason.setEnabled(late)
        label = self.form.labelForField(self.late_reason)
        if isinstance(label, QLabel):
            label.setText("逾期原因（必填）：" if late else "逾期原因：")
        self.late_reason.setToolTip("" if late else "验收在期限内，无需填写")

    def check(self) -> str:
        problems = []
        if not self.team.text().strip():
            problems.append("请填写验收组（单位及成员）。")
        if not self.report.toPlainText().strip():
            problems.append("请填写验收意见。")
        if self.is_late() and not self.late_reason.toPlainText().strip():
            problems.append(
                f"验收日期晚于期限 {self.ctx.acceptance_due:%Y-%m-%d}，请填写逾期原因。"
            )
        return "\n".join(problems)

    def work(self, actor: Actor) -> Work:
        pid, stage, day = self.ctx.id, self.stage.currentText(), self.held_on.day()
        team, passed = self.team.text(), bool(self.outcome.currentData())
        report = self.report.toPlainText()
        late = self.late_reason.toPlainText() if self.is_late() else ""
        assert day is not None
        return lambda s: records.record_acceptance(
            s,
            actor,
            pid,
            stage=stage,
            held_on=day,
            team=team,
            passed=passed,
            report=report,
            late_reason=late,
        )


#: A record dialog for a project: `dialog_type(context, parent)`.
RecordDialogType = Callable[[ActionContext, QWidget | None], RecordDialog]
#: (menu text, dialog) for the 登记 part of the 办理 menu, in the order things happen.
RECORD_DIALOGS: tuple[tuple[str, RecordDialogType], ...] = (
    ("四议两公开会议…", MeetingDialog),
    ("招标（采购）结果…", TenderDialog),
    ("以工代赈…", WorkReliefDialog),
    ("村监委会签字…", SignoffDialog),
    ("验收…", AcceptanceDialog),
    ("项目调整…", AdjustmentDialog),
    ("审定项目调整…", AdjustmentApprovalDialog),
)
