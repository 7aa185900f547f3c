"""收益分配: the plan form (parts adding up to the income, 一分了之 flagged as typed), the
review/agreement/publicity step and a payout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from fpr_desktop.assets.cards import PROCEDURES
from fpr_desktop.assets.income import STAGES, USES, PlanInput, check_plan, is_one_off_cash
from fpr_desktop.assets.records import PlanContext, PlanRow
from fpr_desktop.assets.views import AssetChoices
from fpr_desktop.base.money import MoneyError
from ui.assets.action_dialogs import widen
from ui.common.date_input import DateInput
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import ErrorLabel, FormDialog

ONE_OFF = "一分了之：收益几乎全部以现金分给农户，县级不能同意。请安排公益岗位、管护或发展用途。"


class PlanDialog(FormDialog):
    """A yearly plan for one village (or town). The sum line and the 一分了之 flag follow the
    typing; 保存 lists every problem at once."""

    #: The village or the year changed: the page reads the income recorded (division, year).
    place_changed = Signal(int, int)

    def __init__(
        self, choices: AssetChoices, year: int, one_off_pct: int, parent: QWidget | None = None
    ) -> None:
        super().__init__("新建收益分配方案", parent)
        widen(self, 60)
        self.one_off_pct = one_off_pct
        fmt = MoneyFormat.current()
        self.division = QComboBox(self)
        towns = {t.id: t.name for t in choices.towns}
        for v in choices.villages:
            self.division.addItem(f"{towns.get(v.town_id or 0, '')}{v.name}", v.id)
        for t in choices.towns:
            self.division.addItem(f"{t.name}（镇本级）", t.id)
        self.year = QSpinBox(self)
        self.year.setRange(2016, 2100)
        self.year.setValue(year)
        self.recorded = QLabel("正在读取已登记的收益…", self)
        self.received = MoneyEdit(self)
        self.parts: dict[str, MoneyEdit] = {}
        self.add_required("村（镇）", self.division)
        self.add_required("年度", self.year)
        self.form.addRow("已登记收益", self.recorded)
        self.add_required(fmt.title("可分配收益"), self.received)
        for key, label in USES.items():
            box = MoneyEdit(self, required=False)
            box.setPlaceholderText("不安排时留空")
            self.parts[key] = box
            self.form.addRow(fmt.title(label), box)
        self.retained = MoneyEdit(self, required=False)
        self.retained.setPlaceholderText("不留存时留空")
        self.form.addRow(fmt.title("结余留存"), self.retained)
        self.household_count = QSpinBox(self)
        self.household_count.setRange(0, 100000)
        self.household_count.setSuffix(" 户")
        self.form.addRow("受益户数", self.household_count)
        self.procedure = QComboBox(self)
        self.procedure.addItems(list(PROCEDURES))
        self.add_required("决策程序", self.procedure)
        self.decided_on = DateInput(self, day=date.today())
        self.add_required(
            "集体决策日期",
            self.decided_on,
            "请填写集体决策日期（方案经四议两公开或三重一大决定后登记）。",
        )
        self.note = QLineEdit(self)
        self.form.addRow("备注", self.note)
        self.sum_line = QLabel("", self)
        self.form.addRow("核对", self.sum_line)
        self.one_off = ErrorLabel(self)
        self.form.addRow(self.one_off)
        for box in (self.received, self.retained, *self.parts.values()):
            box.textChanged.connect(lambda _t: self.update_sum())
        self.division.currentIndexChanged.connect(lambda _i: self._place_changed())
        self.year.valueChanged.connect(lambda _v: self._place_changed())
        self.update_sum()

    def _place_changed(self) -> None:
        self.recorded.setText("正在读取已登记的收益…")
        self.place_changed.emit(int(self.division.currentData()), self.year.value())

    def show_context(self, ctx: PlanContext) -> None:
        """The income recorded for the chosen village and year; fills an untouched field."""
        self.one_off_pct = ctx.one_off_pct
        fmt = MoneyFormat.current()
        self.recorded.setText(f"{fmt.with_unit(ctx.received)}（该村所有经营性资产当年收益）")
        if not self.received.text().strip() and ctx.received:
            self.received.set_amount(ctx.received)
            self.guard.mark_clean()
        self.update_sum()

    def _amount(self, box: MoneyEdit) -> Decimal:
        try:
            return box.amount() or Decimal(0)
        except MoneyError:
            return Decimal(0)

    def plan(self) -> PlanInput:
        return PlanInput(
            division_id=int(self.division.currentData()),
            year=self.year.value(),
            received=self._amount(self.received),
            retained=self._amount(self.retained),
            procedure=self.procedure.currentText(),
            household_count=self.household_count.value(),
            decided_on=self.decided_on.day(),
            note=self.note.text(),
            **{k: self._amount(box) for k, box in self.parts.items()},
        )

    def update_sum(self) -> None:
        p = self.plan()
        fmt = MoneyFormat.current()
        total = p.distributed + p.retained
        gap = p.received - total
        text = (
            f"分配合计 {fmt.with_unit(p.distributed)} + 留存 {fmt.with_unit(p.retained)}"
            f" = {fmt.with_unit(total)}；可分配收益 {fmt.with_unit(p.received)}"
        )
        self.sum_line.setText(text + ("　✓ 相符" if not gap else f"　相差 {fmt.with_unit(gap)}"))
        self.one_off.show_message(ONE_OFF if is_one_off_cash(p, self.one_off_pct) else "")

    def check(self) -> str:
        labels = {"received": "可分配收益", "retained": "结余留存", **USES}
        boxes = {"received": self.received, "retained": self.retained, **self.parts}
        problems: list[str] = []
        first: QWidget | None = None
        for key, box in boxes.items():
            # an empty one: the required mark names it
            problem = box.problem(labels[key]) if box.text().strip() else ""
            if problem:
                problems.append(problem)
                first = first or box
        if self.decided_on.day() is None and not self.decided_on.problem("集体决策日期"):
            problems.append("请填写集体决策日期（方案经四议两公开或三重一大决定后登记）。")
            first = first or self.decided_on
        if not problems:
            problems = check_plan(self.plan())
            if problems:
                first = self.household_count if "户数" in problems[-1] else self.parts["collective"]
        if first is not None:
            first.setFocus()
        return "\n".join(problems)


class StageDialog(FormDialog):
    """乡镇审核 / 县级同意 / 公示: the day the step was taken."""

    def __init__(self, plan: PlanRow, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(f"{STAGES[stage]} — {plan.division}{plan.year}年收益分配方案", parent)
        widen(self)
        self.stage = stage
        self.save_button.setText(f"登记{STAGES[stage]}")
        self.day = DateInput(self, day=date.today())
        self.form.addRow("方案", QLabel(f"{plan.division} {plan.year}年（{plan.stage}）", self))
        self.add_required(f"{STAGES[stage]}日期", self.day)
        if stage == "publish":
            hint = QLabel("公示文本在“公告公示”中按“收益分配公示”生成并登记。", self)
            hint.setObjectName("hintLabel")
            self.form.addRow(hint)

    def value(self) -> date:
        day = self.day.day()
        assert day is not None
        return day


class PayoutDialog(FormDialog):
    """Money paid under a published plan; a use is never paid beyond its planned share."""

    def __init__(self, plan: PlanRow, parent: QWidget | None = None) -> None:
        super().__init__(f"登记兑付 — {plan.division}{plan.year}年", parent)
        widen(self, 44)
        self.plan = plan
        fmt = MoneyFormat.current()
        self.use = QComboBox(self)
        for key, label in USES.items():
            planned = plan.parts[key]
            if planned:
                left = planned - plan.paid.get(key, Decimal(0))
                self.use.addItem(f"{label}（尚可兑付 {fmt.with_unit(left)}）", key)
        self.day = DateInput(self, day=date.today())
        self.payee = QLineEdit(self)
        self.payee.setPlaceholderText("领取人或单位，如“35户受益农户”“上岔村股份经济合作社”")
        self.amount = MoneyEdit(self)
        self.add_required("用途", self.use)
        self.add_required("兑付日期", self.day)
        self.add_required("领取人", self.payee)
        self.add_required(fmt.title("金额"), self.amount)

    def check(self) -> str:
        problems = []
        if not self.payee.text().strip():
            problems.append("请填写领取人。")
        money = self.amount.problem("金额")
        if not self.amount.text().strip():
            pass  # an empty one: the required mark names it
        elif money:
            problems.append(money)
        elif (self.amount.amount() or 0) <= 0:
            problems.append("金额：兑付金额应大于零。")
        if problems:
            (self.payee if "领取人" in problems[0] else self.amount).setFocus()
        return "\n".join(problems)

    def values(self) -> tuple[date, str, str, Decimal]:
        day, amount = self.day.day(), self.amount.amount()
        assert day is not None and amount is not None
        return day, str(self.use.currentData()), self.payee.text(), amount
