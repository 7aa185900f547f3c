"""The asset card's steps: status change, ownership transfer, disposal, 三资 entry, income.

Each is a small `FormDialog`: required fields marked, every problem listed at once with the
focus on the first, the service's refusal shown in the dialog, typing never thrown away unasked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from fpr_desktop.assets.cards import (
    DISPOSAL_CAUSES,
    PROCEDURES,
    AssetCard,
    DisposalInput,
    Owner,
    disposal_problems,
    owner_label,
)
from fpr_desktop.assets.models import STATUSES, TIERS
from fpr_desktop.base.money import MoneyError
from ui.common.date_input import DateInput
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import FormDialog


def widen(dialog: QWidget, chars: int = 40) -> None:
    """A step dialog wide enough for its notes and error lines on one line each."""
    dialog.setMinimumWidth(dialog.fontMetrics().horizontalAdvance("字") * chars)


def _focus_first(pairs: list[tuple[QWidget, bool]]) -> None:
    for widget, bad in pairs:
        if bad:
            widget.setFocus()
            return


class StatusDialog(FormDialog):
    """在用 / 闲置 / 损毁, with the day and the reason (kept in the history)."""

    def __init__(self, card: AssetCard, parent: QWidget | None = None) -> None:
        super().__init__(f"资产状态变更 — {card.name}", parent)
        widen(self)
        self.status = QComboBox(self)
        self.status.addItems([s for s in STATUSES[:3] if s != card.status])
        self.day = DateInput(self, day=date.today())
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("如“2024年7月洪水冲毁部分设施”")
        self.form.addRow("现状态", QLabel(card.status, self))
        self.add_required("新状态", self.status)
        self.add_required("变更日期", self.day)
        self.add_required("变更原因", self.reason, "请填写状态变更原因。")

    def check(self) -> str:
        if not self.reason.text().strip():
            self.reason.setFocus()
            return "请填写状态变更原因。"
        return ""

    def values(self) -> tuple[str, date, str]:
        day = self.day.day()
        assert day is not None
        return self.status.currentText(), day, self.reason.text()


class TransferDialog(FormDialog):
    """A new owner among those the asset's location allows: the county, its town, its village,
    or a household of its village (the county only for a user of the whole county)."""

    def __init__(
        self,
        card: AssetCard,
        county: tuple[int, str] | None,
        town_name: str,
        village_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"权属变更 — {card.name}", parent)
        widen(self)
        self.card = card
        self.places = {"town": (card.town_id, town_name)}
        if county is not None:
            self.places["county"] = county
        if card.village_id is not None:
            self.places["village"] = (card.village_id, village_name)
            self.places["household"] = (card.village_id, village_name)
        self.tier = QComboBox(self)
        for code, label in TIERS.items():
            if code in self.places:
                self.tier.addItem(f"{label}级所有" if code != "household" else "农户所有", code)
        self.head = QLineEdit(self)
        self.head.setPlaceholderText("确权到户时填写户主姓名")
        self.new_owner = QLabel("", self)
        self.day = DateInput(self, day=date.today())
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("如“经村民代表大会决议，移交镇级统一经营”及文号")
        self.form.addRow("现所有者", QLabel(card.owner or "未确权", self))
        self.add_required("新权属层级", self.tier)
        self.form.addRow("户主姓名", self.head)
        self.form.addRow("新所有者", self.new_owner)
        self.add_required("变更日期", self.day)
        self.add_required("变更依据", self.reason, "请填写权属变更的依据。")
        self.tier.currentIndexChanged.connect(self._update)
        self.head.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        tier = self.tier.currentData()
        self.head.setEnabled(tier == "household")
        _id, name = self.places[tier]
        self.new_owner.setText(
            owner_label(tier, name, self.head.text().strip() if tier == "household" else "")
        )

    def check(self) -> str:
        problems = []
        if self.tier.currentData() == "household" and not self.head.text().strip():
            problems.append("确权到户时必须填写农户户主姓名。")
        if not self.reason.text().strip():
            problems.append("请填写权属变更的依据。")
        _focus_first([(self.head, bool(problems and "户主" in problems[0])),
                      (self.reason, bool(problems))])  # fmt: skip
        return "\n".join(problems)

    def values(self) -> tuple[Owner, date, str]:
        tier = self.tier.currentData()
        division_id, _name = self.places[tier]
        day = self.day.day()
        assert day is not None
        head = self.head.text().strip() if tier == "household" else ""
        return Owner(tier, division_id, head), day, self.reason.text()


class DisposalDialog(FormDialog):
    """处置: cause, decision procedure, approval, proceeds and where they went. Never a delete."""

    def __init__(self, card: AssetCard, parent: QWidget | None = None) -> None:
        super().__init__(f"资产处置 — {card.name}", parent)
        widen(self, 46)
        self.cause = QComboBox(self)
        self.cause.addItems(list(DISPOSAL_CAUSES))
        self.procedure = QComboBox(self)
        self.procedure.addItems(list(PROCEDURES))
        self.approval = QLineEdit(self)
        self.approval.setPlaceholderText("批准文件名称及文号，如“固政发〔2024〕12号”")
        self.approved_on = DateInput(self, day=date.today())
        self.disposed_on = DateInput(self, day=date.today())
        self.proceeds = MoneyEdit(self, required=False)
        self.proceeds.setPlaceholderText("没有收入时留空")
        self.proceeds_to = QLineEdit(self)
        self.proceeds_to.setPlaceholderText("如“缴入村集体账户”“缴入县级国库”")
        fmt = MoneyFormat.current()
        self.form.addRow(
            "资产",
            QLabel(f"{card.code} {card.name}（原值 {fmt.with_unit(card.original_value)}）", self),
        )
        self.add_required("处置原因", self.cause)
        self.add_required("决策程序", self.procedure)
        self.add_required("审批文件", self.approval)
        self.add_required("批准日期", self.approved_on)
        self.add_required("处置日期", self.disposed_on)
        self.form.addRow(fmt.title("处置收入"), self.proceeds)
        self.form.addRow("收入去向", self.proceeds_to)
        note = QLabel("处置后资产不再计入台账合计，但卡片、处置记录和变动历史永久保留。", self)
        note.setObjectName("hintLabel")
        self.form.addRow(note)

    def check(self) -> str:
        money = self.proceeds.problem("处置收入")
        problems = [money] if money else []
        d = self.values(Decimal(0) if money else None)
        if d is not None:
            problems += disposal_problems(d)
        _focus_first([
            (self.approval, any("审批" in p for p in problems)),
            (self.disposed_on, any("处置日期" in p for p in problems)),
            (self.proceeds, bool(money)),
            (self.proceeds_to, any("去向" in p for p in problems)),
        ])  # fmt: skip
        return "\n".join(problems)

    def values(self, proceeds: Decimal | None = None) -> DisposalInput | None:
        approved, disposed = self.approved_on.day(), self.disposed_on.day()
        if approved is None or disposed is None:
            return None
        if proceeds is None:
            try:
                proceeds = self.proceeds.amount() or Decimal(0)
            except MoneyError:
                proceeds = Decimal(0)
        return DisposalInput(
            self.cause.currentText(),
            self.procedure.currentText(),
            self.approval.text(),
            approved,
            disposed,
            proceeds,
            self.proceeds_to.text(),
        )


class SanziDialog(FormDialog):
    """纳入“三资”平台: the day and the platform's entry number."""

    def __init__(self, card: AssetCard, parent: QWidget | None = None) -> None:
        super().__init__(f"“三资”平台录入 — {card.name}", parent)
        widen(self)
        self.day = DateInput(self, day=card.sanzi_entry_on or date.today())
        self.number = QLineEdit(card.sanzi_entry_no, self)
        self.number.setPlaceholderText("“三资”平台生成的资产编号")
        self.add_required("录入日期", self.day)
        self.add_required("录入编号", self.number, "请填写“三资”平台录入编号。")

    def check(self) -> str:
        if not self.number.text().strip():
            self.number.setFocus()
            return "请填写“三资”平台录入编号。"
        return ""

    def values(self) -> tuple[date, str]:
        day = self.day.day()
        assert day is not None
        return day, self.number.text()


class IncomeDialog(FormDialog):
    """A sum an operating asset brought in (租金, 分红, 发电收益 …)."""

    def __init__(self, card: AssetCard, parent: QWidget | None = None) -> None:
        super().__init__(f"登记资产收益 — {card.name}", parent)
        widen(self)
        self.day = DateInput(self, day=date.today())
        self.amount = MoneyEdit(self)
        self.source = QComboBox(self)
        self.source.setEditable(True)
        self.source.addItems(["租金收入", "入股分红", "发电收益", "经营收益", "其他"])
        self.form.addRow("经营主体", QLabel(card.operator or "（未填写，可在卡片中补充）", self))
        self.add_required("收到日期", self.day)
        self.add_required(MoneyFormat.current().title("金额"), self.amount)
        self.form.addRow("收益来源", self.source)

    def check(self) -> str:
        if not self.amount.text().strip():
            return ""  # an empty one: the required mark names it
        problem = self.amount.problem("金额")
        if not problem and (self.amount.amount() or 0) <= 0:
            problem = "金额：收益金额应大于零。"
        if problem:
            self.amount.setFocus()
        return problem

    def values(self) -> tuple[date, Decimal, str]:
        day = self.day.day()
        amount = self.amount.amount()
        assert day is not None and amount is not None
        return day, amount, self.source.currentText()
