"""资产移交 wizard: from an accepted project, record the handover and split it into assets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fpr_desktop.assets.cards import CardEdit, Owner
from fpr_desktop.assets.handover import AssetPart, HandoverInput, PendingProject, hand_over_project
from fpr_desktop.assets.models import CLASSES, NATURES, TIERS
from fpr_desktop.assets.views import AssetChoices
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.exchange.amounts import normalize_amount
from fpr_desktop.exchange.normalize import NormalizeError
from ui.assets.ledger_page import wan
from ui.common.widgets import ErrorLabel, Workspace, compact_rows
from ui.projects.form_parts import DateBox

PART_COLUMNS = (
    "资产名称*",
    "类别*",
    "性质*",
    "细类",
    "数量",
    "单位",
    "所在村",
    "价值（万元）*",
    "权属*",
    "户主",
)
NAME, CLASS, NATURE, SUB, QTY, UNIT, VILLAGE, VALUE, TIER, HEAD = range(len(PART_COLUMNS))


def parse_wan(text: str) -> Decimal:
    """“120” (万元), “120万”, “1,200,000元” → exact 元; refuses anything below 1 分."""
    found = normalize_amount(text, MoneyUnit.WAN)
    if found.value is None or found.warnings:
        raise NormalizeError(f"“{text}”不是有效的金额", "如 120、120万 或 1,200,000元")
    return found.value


class DetailsPage(QWizardPage):
    """Page 1: the handover record (number, units, date, documents, signatures, witnesses)."""

    def __init__(self, project: PendingProject, town: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("移交信息")
        self.setSubTitle(
            f"{project.name}（{project.year}年）　验收日期 {project.accepted_on}，"
            f"应于 {project.deadline} 前完成确权登记" + ("（已逾期）" if project.overdue else "")
        )
        self.number = QLineEdit(self)
        self.number.setText(f"{town}-{project.year}-{project.id:04d}")
        self.from_unit = QLineEdit(project.implementing_unit, self)
        self.to_unit = QLineEdit(self)
        self.to_unit.setPlaceholderText("如“上岔村股份经济合作社”")
        self.handed_on = DateBox(self)
        self.documents = QLineEdit("审计结算报告、竣工验收报告", self)
        self.from_signer = QLineEdit(self)
        self.to_signer = QLineEdit(self)
        self.witnesses = QLineEdit(self)
        self.witnesses.setPlaceholderText("见证人姓名及单位，多人用顿号分隔")
        form = QFormLayout(self)
        form.addRow("移交编号*", self.number)
        form.addRow("移交单位*", self.from_unit)
        form.addRow("接收单位*", self.to_unit)
        form.addRow("移交日期*", self.handed_on)
        form.addRow("移交资料", self.documents)
        form.addRow("移交方签字人", self.from_signer)
        form.addRow("接收方签字人", self.to_signer)
        form.addRow("见证人*", self.witnesses)
        self.error = ErrorLabel(self)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        missing = [
            label
            for label, box in (
                ("移交编号", self.number),
                ("移交单位", self.from_unit),
                ("接收单位", self.to_unit),
                ("见证人", self.witnesses),
            )
            if not box.text().strip()
        ]
        self.error.show_message(f"请填写：{'、'.join(missing)}。" if missing else "")
        if missing:
            {"移交编号": self.number, "移交单位": self.from_unit, "接收单位": self.to_unit}.get(
                missing[0], self.witnesses
            ).setFocus()
        return not missing


class PartsPage(QWizardPage):
    """Page 2: the assets, their values adding up to the settlement (or the gap explained)."""

    def __init__(
        self, project: PendingProject, choices: AssetChoices, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project, self.choices = project, choices
        self.setTitle("资产拆分与确权")
        settled = wan(project.settled_amount) if project.settled_amount is not None else "未结算"
        self.setSubTitle(
            f"审计结算金额 {settled} 万元：各项资产价值之和应与之相等，否则说明差额原因。"
        )
        self.table = QTableWidget(0, len(PART_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(PART_COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        compact_rows(self.table)
        self.table.itemChanged.connect(lambda _i: self._update_total())
        self.add_button = QPushButton("添加一项资产", self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("删除所选", self)
        self.remove_button.clicked.connect(self._remove_row)
        self.total = QLabel("", self)
        self.total.setObjectName("valueLabel")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(
            "价值合计与结算金额不一致时必填，如“其中4.8万元为不形成资产的培训费”"
        )
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        form = QFormLayout()
        form.addRow("差额说明", self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.add_row(project.name, project.settled_amount)

    def _combo(self, items: list[tuple[str, object]], current: object = None) -> QComboBox:
        box = QComboBox(self.table)
        for label, data in items:
            box.addItem(label, data)
        if current is not None:
            box.setCurrentIndex(box.findData(current))
        return box

    def add_row(self, name: str = "", value: Decimal | None = None) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c in (NAME, SUB, QTY, UNIT, VALUE, HEAD):
            self.table.setItem(r, c, QTableWidgetItem(""))
        self.table.item(r, NAME).setText(name)
        if value is not None:
            self.table.item(r, VALUE).setText(wan(value))
        self.table.setCellWidget(r, CLASS, self._combo([(c, c) for c in CLASSES]))
        self.table.setCellWidget(r, NATURE, self._combo([(n, n) for n in NATURES]))
        villages = [("（镇本级）", None)] + [
            (v.name, v.id) for v in self.choices.villages if v.town_id == self.project.town_id
        ]
        self.table.setCellWidget(r, VILLAGE, self._combo(villages, self.project.village_id))
        default_tier = "village" if self.project.village_id else "town"
        self.table.setCellWidget(
            r, TIER, self._combo([(v, k) for k, v in TIERS.items()], default_tier)
        )
        self.table.setCurrentCell(r, NAME)
        self._update_total()
        return r

    def _remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self._update_total()

    def _update_total(self) -> None:
        total, bad = Decimal(0), False
        for r in range(self.table.rowCount()):
            item = self.table.item(r, VALUE)
            try:
                total += parse_wan(item.text()) if item and item.text().strip() else Decimal(0)
            except NormalizeError:
                bad = True
        gap = ""
        if self.project.settled_amount is not None and total != self.project.settled_amount:
            gap = f"，与结算金额相差 {wan(self.project.settled_amount - total)} 万元"
        self.total.setText(f"合计 {wan(total)} 万元{gap}" + ("（有金额无法识别）" if bad else ""))

    def _owner(self, r: int, village_id: int | None) -> Owner:
        tier = self.table.cellWidget(r, TIER).currentData()  # type: ignore[attr-defined]
        division = {
            "county": self.choices.county_id,
            "town": self.project.town_id,
        }.get(tier, village_id)
        return Owner(tier, int(division or 0), self.table.item(r, HEAD).text().strip())

    def parts(self) -> tuple[list[AssetPart], list[str], tuple[int, int] | None]:
        """The parts typed, every problem found (row by row), and the first bad cell."""
        parts, problems, first = [], [], None
        for r in range(self.table.rowCount()):
            text = {c: self.table.item(r, c).text().strip() for c in (NAME, SUB, QTY, UNIT, VALUE)}
            if not text[NAME]:
                problems.append(f"第{r + 1}项：请填写资产名称。")
                first = first or (r, NAME)
            try:
                value = parse_wan(text[VALUE])
            except NormalizeError as exc:
                problems.append(f"第{r + 1}项：价值{exc.reason}，应为{exc.expected}。")
                first = first or (r, VALUE)
                continue
            village_id = self.table.cellWidget(r, VILLAGE).currentData()  # type: ignore[attr-defined]
            card = CardEdit(
                name=text[NAME],
                asset_class=self.table.cellWidget(r, CLASS).currentData(),  # type: ignore[attr-defined]
                nature=self.table.cellWidget(r, NATURE).currentData(),  # type: ignore[attr-defined]
                sub_type=text[SUB],
                quantity=text[QTY],
                unit=text[UNIT],
            )
            parts.append(AssetPart(card, value, self._owner(r, village_id), village_id))
        if not self.table.rowCount():
            problems.append("请至少登记一项资产。")
        return parts, problems, first


class HandoverWizard(QWizard):
    """Two pages, then one transaction; the wizard closes only when the service accepted it."""

    #: The assets were registered (the project's id).
    handed_over = Signal(int)

    def __init__(
        self,
        ws: Workspace,
        project: PendingProject,
        choices: AssetChoices,
        town: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.project = ws, project
        self.setWindowTitle(f"资产移交 — {project.name}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.details = DetailsPage(project, town, self)
        self.parts_page = PartsPage(project, choices, self)
        self.addPage(self.details)
        self.addPage(self.parts_page)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步")
        self.setButtonText(QWizard.WizardButton.BackButton, "上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "确认移交")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.saving = False

    def handover_input(self) -> tuple[HandoverInput | None, list[str], tuple[int, int] | None]:
        parts, problems, first = self.parts_page.parts()
        d = self.details
        h = HandoverInput(
            number=d.number.text(),
            from_unit=d.from_unit.text(),
            to_unit=d.to_unit.text(),
            handed_on=d.handed_on.day() or date.today(),
            parts=parts,
            documents=d.documents.text(),
            from_signer=d.from_signer.text(),
            to_signer=d.to_signer.text(),
            witnesses=d.witnesses.text(),
            difference_note=self.parts_page.note.text(),
        )
        return (None if problems else h), problems, first

    def accept(self) -> None:
        """确认移交: check the form, then save in the background; close on success only."""
        if self.saving:
            return
        h, problems, first = self.handover_input()
        page = self.parts_page
        page.error.show_message("\n".join(problems))
        if h is None:
            if first is not None:
                page.table.setCurrentCell(*first)
                page.table.setFocus()
            return
        self.saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        actor, pid = self.ws.actor, self.project.id

        def failed(exc: BaseException) -> None:
            self.saving = False
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            if isinstance(exc, UserError):
                page.error.show_message(str(exc))
            else:
                self.ws.runner.show_error(exc, self)

        self.ws.write(
            lambda s: hand_over_project(s, actor, pid, h),
            on_success=self._saved,
            on_error=failed,
            parent=self,
        )

    def _saved(self, _ids: list[int]) -> None:
        self.saving = False
        super().accept()
        self.handed_over.emit(self.project.id)

    def reject(self) -> None:
        """Ask before throwing typed-in work away."""
        if self.currentId() > 0 or self.details.to_unit.text().strip():
            answer = QMessageBox.question(
                self, "放弃移交", "已填写的移交信息尚未保存，确定放弃吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
