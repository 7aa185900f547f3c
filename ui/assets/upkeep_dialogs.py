"""Public assets' upkeep (管护): who maintains the asset, inspections, repairs done."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from fpr_desktop.assets.cards import AssetCard
from fpr_desktop.assets.records import InspectionRow, UpkeepRow
from fpr_desktop.assets.upkeep import CONDITIONS, UpkeepInput, upkeep_problems
from ui.assets.action_dialogs import widen
from ui.common.date_input import DateInput
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import FormDialog


class UpkeepDialog(FormDialog):
    """管护主体 and a person or a public-welfare post (one of the two is required)."""

    def __init__(
        self, card: AssetCard, current: UpkeepRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"管护责任 — {card.name}", parent)
        widen(self)
        self.body = QLineEdit(current.body if current else "", self)
        self.body.setPlaceholderText("如“上岔村股份经济合作社”")
        self.person = QLineEdit(current.person if current else "", self)
        self.post = QLineEdit(current.post if current else "", self)
        self.post.setPlaceholderText("如“乡村公益性岗位（道路养护员）”")
        self.phone = QLineEdit(current.phone if current else "", self)
        self.agreement = QLineEdit(current.agreement if current else "", self)
        self.agreement.setPlaceholderText("管护协议名称或编号")
        self.agreement_on = DateInput(
            self, day=current.agreement_on if current else None, optional=True
        )
        self.funding = MoneyEdit(self, required=False)
        self.funding.set_amount(current.funding if current else None)
        self.funding_source = QLineEdit(current.funding_source if current else "", self)
        self.funding_source.setPlaceholderText("如“村集体经营收益”“县级管护补助”")
        fmt = MoneyFormat.current()
        self.add_required("管护主体", self.body)
        self.form.addRow("管护责任人", self.person)
        self.form.addRow("公益岗位", self.post)
        self.form.addRow("联系电话", self.phone)
        self.form.addRow("管护协议", self.agreement)
        self.form.addRow("协议签订日期", self.agreement_on)
        self.form.addRow(fmt.title("年度管护经费"), self.funding)
        self.form.addRow("经费来源", self.funding_source)
        hint = QLabel("管护责任人与公益岗位至少填写一项。", self)
        hint.setObjectName("hintLabel")
        self.form.addRow(hint)

    def check(self) -> str:
        money = self.funding.problem("年度管护经费")
        problems = ([money] if money else []) + upkeep_problems(self.values(safe=True))
        for widget, bad in (
            (self.body, "管护主体" in "".join(problems)),
            (self.person, "责任人" in "".join(problems)),
            (self.funding, bool(money)),
        ):
            if bad:
                widget.setFocus()
                break
        return "\n".join(problems)

    def values(self, *, safe: bool = False) -> UpkeepInput:
        from decimal import Decimal

        from fpr_desktop.base.money import MoneyError

        try:
            funding = self.funding.amount() or Decimal(0)
        except MoneyError:
            if not safe:
                raise
            funding = Decimal(0)
        return UpkeepInput(
            body=self.body.text(),
            funding=funding,
            person=self.person.text(),
            post=self.post.text(),
            phone=self.phone.text(),
            agreement=self.agreement.text(),
            agreement_on=self.agreement_on.day(),
            funding_source=self.funding_source.text(),
        )


class InspectionDialog(FormDialog):
    """One entry of the inspection log: condition, repair needed, repair done."""

    def __init__(self, card: AssetCard, parent: QWidget | None = None) -> None:
        super().__init__(f"登记管护巡查 — {card.name}", parent)
        widen(self)
        self.day = DateInput(self, day=date.today())
        self.inspector = QLineEdit(self)
        self.condition = QComboBox(self)
        self.condition.addItems(list(CONDITIONS))
        self.repair_needed = QLineEdit(self)
        self.repair_needed.setPlaceholderText("没有问题时留空")
        self.repaired_on = DateInput(self, optional=True)
        self.repair_note = QLineEdit(self)
        self.add_required("巡查日期", self.day)
        self.add_required("巡查人", self.inspector)
        self.add_required("设施状况", self.condition)
        self.form.addRow("需维修问题", self.repair_needed)
        self.form.addRow("维修完成日期", self.repaired_on)
        self.form.addRow("维修情况", self.repair_note)

    def check(self) -> str:
        problems = []
        if not self.inspector.text().strip():
            problems.append("请填写巡查人。")
        day, repaired = self.day.day(), self.repaired_on.day()
        if day is not None and repaired is not None and repaired < day:
            problems.append("维修日期不能早于巡查日期。")
        if repaired is not None and not self.repair_needed.text().strip():
            problems.append("填写了维修完成日期时，请写明维修的问题。")
        if problems:
            (self.inspector if "巡查人" in problems[0] else self.repaired_on).setFocus()
        return "\n".join(problems)

    def values(self) -> dict[str, object]:
        return {
            "inspected_on": self.day.day(),
            "inspector": self.inspector.text(),
            "condition": self.condition.currentText(),
            "repair_needed": self.repair_needed.text(),
            "repaired_on": self.repaired_on.day(),
            "repair_note": self.repair_note.text(),
        }


class RepairDialog(FormDialog):
    """Close the repair an inspection asked for."""

    def __init__(self, row: InspectionRow, parent: QWidget | None = None) -> None:
        super().__init__("登记维修完成", parent)
        widen(self)
        self.row = row
        self.day = DateInput(self, day=date.today(), minimum=row.inspected_on)
        self.note = QLineEdit(self)
        self.form.addRow(
            "巡查", QLabel(f"{row.inspected_on} {row.inspector}：{row.condition}", self)
        )
        self.form.addRow("需维修问题", QLabel(row.repair_needed, self))
        self.add_required("维修完成日期", self.day)
        self.add_required("维修情况", self.note, "请填写维修情况（维修内容、费用、施工方）。")

    def check(self) -> str:
        if not self.note.text().strip():
            self.note.setFocus()
            return "请填写维修情况（维修内容、费用、施工方）。"
        return ""

    def values(self) -> tuple[date, str]:
        day = self.day.day()
        assert day is not None
        return day, self.note.text()
