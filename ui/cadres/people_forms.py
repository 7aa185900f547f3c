"""Forms for villages first, then people: a key assistance village, a dispatching unit, a cadre."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from fpr_desktop.cadres.posting import UnitRow
from fpr_desktop.cadres.roster import CadreInput, KeyVillageRow
from fpr_desktop.cadres.rules import KEY_VILLAGE_REASONS, UNIT_LEVELS, check_id_number
from ui.cadres.cells import choice_box, report
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog


def _text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(parent.fontMetrics().height() * lines + 12)
    return box


class KeyVillageDialog(FormDialog):
    """认定重点帮扶村: the village, the year, the reason and its household count."""

    def __init__(
        self,
        villages: list[tuple[int, str]],
        year: int,
        current: KeyVillageRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "认定重点帮扶村" if current is None else f"重点帮扶村 — {current.village}", parent
        )
        self.village = QComboBox(self)
        for vid, name in villages:
            self.village.addItem(name, vid)
        self.village.setCurrentIndex(-1)
        self.village.setPlaceholderText("请选择")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        self.reason = choice_box(self, KEY_VILLAGE_REASONS)
        self.households = QSpinBox(self)
        self.households.setRange(0, 99999)
        self.households.setSuffix(" 户")
        self.note = _text_box(self, 2)
        if current is not None:  # re-describing a designation: the village and year stay
            self.village.setCurrentIndex(self.village.findData(current.village_id))
            self.village.setEnabled(False)
            self.year.setEnabled(False)
            self.reason.setCurrentText(current.reason)
            self.households.setValue(current.households)
        self.add_required("村", self.village)
        self.add_required("年度", self.year)
        self.add_required(
            "认定原因", self.reason, f"请选择认定原因（{'、'.join(KEY_VILLAGE_REASONS)}）。"
        )
        self.add_required("农户数", self.households)
        self.form.addRow("备注", self.note)
        (self.village if current is None else self.reason).setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if self.village.currentIndex() < 0:
            problems.append(("请选择村。", self.village))
        if self.reason.currentIndex() < 0:
            problems.append((f"请选择认定原因（{'、'.join(KEY_VILLAGE_REASONS)}）。", self.reason))
        if self.households.value() == 0:
            problems.append(("请填写全村农户数（走访覆盖按此计算）。", self.households))
        return report(problems)


class UnitDialog(FormDialog):
    """新增派出单位: name and level."""

    def __init__(self, units: list[UnitRow], parent: QWidget | None = None) -> None:
        super().__init__("新增派出单位", parent)
        self.existing = {u.name for u in units}
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("如 县农业农村局")
        self.level = choice_box(self, UNIT_LEVELS)
        self.add_required("单位名称", self.name, "请填写派出单位名称。")
        self.add_required("单位级别", self.level, f"请选择单位级别（{'、'.join(UNIT_LEVELS)}）。")
        self.name.setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        name = self.name.text().strip()
        if not name:
            problems.append(("请填写派出单位名称。", self.name))
        elif name in self.existing:
            problems.append((f"派出单位“{name}”已存在。", self.name))
        if self.level.currentIndex() < 0:
            problems.append((f"请选择单位级别（{'、'.join(UNIT_LEVELS)}）。", self.level))
        return report(problems)


class CadreDialog(FormDialog):
    """新增驻村干部: the minimal personal data (the ID number is shown masked everywhere else)."""

    def __init__(
        self, units: list[UnitRow], unit_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("新增驻村干部", parent)
        self.name = QLineEdit(self)
        self.gender = choice_box(self, ("男", "女"))
        self.unit = QComboBox(self)
        for u in units:
            self.unit.addItem(f"{u.name}（{u.level}）", u.id)
        self.unit.setCurrentIndex(self.unit.findData(unit_id) if unit_id is not None else -1)
        self.unit.setPlaceholderText("请选择")
        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(18)
        self.id_number.setPlaceholderText("18位，仅用于核对，列表和打印中只显示首尾四位")
        self.phone = QLineEdit(self)
        self.post = QLineEdit(self)
        self.post.setPlaceholderText("在原单位的职务")
        self.party_since = DateInput(self, optional=True, placeholder="未入党可不填")
        self.work_since = DateInput(self, optional=True, placeholder="年-月-日")
        self.add_required("姓名", self.name)
        self.form.addRow("性别", self.gender)
        self.add_required("派出单位", self.unit, "请选择派出单位（没有的先“新增派出单位”）。")
        self.form.addRow("身份证号", self.id_number)
        self.form.addRow("联系电话", self.phone)
        self.form.addRow("原单位职务", self.post)
        self.form.addRow("入党时间", self.party_since)
        self.form.addRow("参加工作时间", self.work_since)
        self.name.setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if not self.name.text().strip():
            problems.append(("请填写姓名。", self.name))
        if self.unit.currentIndex() < 0:
            problems.append(("请选择派出单位（没有的先“新增派出单位”）。", self.unit))
        if problem := check_id_number(self.id_number.text()):
            problems.append((problem, self.id_number))
        today = date.today()
        for box, label in ((self.party_since, "入党时间"), (self.work_since, "参加工作时间")):
            day = box.day()
            if day is not None and day > today:
                problems.append((f"{label}不能晚于今天。", box))
        return report(problems)

    def value(self) -> CadreInput:
        return CadreInput(
            name=self.name.text().strip(),
            unit_id=int(self.unit.currentData()),
            gender=self.gender.currentText(),
            id_number=self.id_number.text().strip(),
            phone=self.phone.text().strip(),
            post=self.post.text().strip(),
            party_member_since=self.party_since.day(),
            work_since=self.work_since.day(),
        )
