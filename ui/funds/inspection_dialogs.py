"""督查检查 forms: an inspection (plan or carried out), a finding, its rectification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from fpr_desktop.funds.assignments import PlanChoice
from fpr_desktop.funds.models import FINDING_STATES
from fpr_desktop.funds.oversight.inspections import (
    QUARTER_NAMES,
    FindingInput,
    FindingRow,
    InspectionInput,
    InspectionRow,
    RectificationInput,
    quarter_of,
)
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog


def _text_box(parent: QWidget, lines: int, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # keyboard all the way: Tab leaves the box
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().height() * lines + 12)
    return box


class InspectionDialog(FormDialog):
    """Plan an inspection for a quarter; fill in the day and the people once it is carried out."""

    def __init__(
        self,
        year: int,
        row: InspectionRow | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__("修改督查检查" if row else "新增督查检查", parent)
        today = today or date.today()
        self.row = row
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(row.year if row else year)
        self.quarter = QComboBox(self)
        for q, name in QUARTER_NAMES.items():
            self.quarter.addItem(name, q)
        quarter = row.quarter if row else (quarter_of(today) if today.year == year else 1)
        self.quarter.setCurrentIndex(quarter - 1)
        self.title_edit = QLineEdit(row.title if row else "", self)
        self.title_edit.setPlaceholderText("如 第三季度衔接资金使用督查")
        self.planned_on = DateInput(self, day=row.planned_on if row else today)
        self.done_on = DateInput(self, day=row.done_on if row else None, optional=True)
        self.done_on.edit.setPlaceholderText("尚未开展时留空")
        self.inspectors = QLineEdit(row.inspectors if row else "", self)
        self.scope = QLineEdit(row.scope if row else "", self)
        self.scope.setPlaceholderText("检查的乡镇、项目")
        self.items = _text_box(self, 4, "每行一项，如：资金拨付进度")
        self.items.setPlainText("\n".join(row.items) if row else "")
        self.summary = _text_box(self, 3, "检查结论（可在整改后补充）")
        self.summary.setPlainText(row.summary if row else "")
        self.add_required("年度", self.year)
        self.add_required("季度", self.quarter)
        self.add_required("检查名称", self.title_edit, "检查名称不能为空。")
        self.add_required("计划检查日期", self.planned_on)
        self.form.addRow("实际检查日期", self.done_on)
        self.form.addRow("检查人员（已开展必填）", self.inspectors)
        self.form.addRow("检查范围", self.scope)
        self.add_required("检查事项", self.items, "请至少填写一项检查事项（每行一项）。")
        self.form.addRow("检查结论", self.summary)
        self.title_edit.setFocus()

    def check(self) -> str:
        problems: list[tuple[QWidget, str]] = []
        if not self.title_edit.text().strip():
            problems.append((self.title_edit, "检查名称不能为空。"))
        if not self.items.toPlainText().strip():
            problems.append((self.items, "请至少填写一项检查事项（每行一项）。"))
        if not self.done_on.is_empty() and not self.inspectors.text().strip():
            problems.append((self.inspectors, "已开展的检查必须填写检查人员。"))
        if problems and not self.field_problems():
            problems[0][0].setFocus()
        return "\n".join(p for _w, p in problems)

    def value(self) -> InspectionInput:
        planned = self.planned_on.day()
        assert planned is not None
        return InspectionInput(
            year=self.year.value(),
            quarter=int(self.quarter.currentData()),
            title=self.title_edit.text(),
            planned_on=planned,
            items=self.items.toPlainText(),
            inspectors=self.inspectors.text(),
            scope=self.scope.text(),
            done_on=self.done_on.day(),
            summary=self.summary.toPlainText(),
        )


class FindingDialog(FormDialog):
    """登记发现问题: what is wrong, where, and by when it is to be rectified."""

    def __init__(
        self,
        inspection: InspectionRow,
        projects: Sequence[PlanChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("登记督查发现问题", parent)
        self.inspection = inspection
        start = inspection.done_on or inspection.planned_on
        self.info = QLabel(f"{inspection.title}（检查日期 {start.isoformat()}）", self)
        self.description = _text_box(self, 3, "如：报账凭证不全，缺少验收单")
        self.project = QComboBox(self)
        self.project.addItem("（不针对具体项目）", None)
        for c in projects:
            self.project.addItem(c.label, c.project_id)
        default_deadline = date.fromordinal(start.toordinal() + 30)
        self.rectify_by = DateInput(self, day=default_deadline, minimum=start)
        self.form.addRow(self.info)
        self.add_required("问题描述", self.description, "问题描述不能为空。")
        self.form.addRow("涉及项目", self.project)
        self.add_required("整改期限", self.rectify_by)
        self.description.setFocus()

    def check(self) -> str:
        if not self.description.toPlainText().strip():
            if not self.field_problems():
                self.description.setFocus()
            return "问题描述不能为空。"
        return ""

    def value(self) -> FindingInput:
        day = self.rectify_by.day()
        assert day is not None
        return FindingInput(
            self.inspection.id,
            self.description.toPlainText(),
            day,
            project_id=self.project.currentData(),
        )


class RectifyDialog(FormDialog):
    """整改情况: state, what was done, the day it was finished; evidence is attached separately."""

    def __init__(self, finding: FindingRow, start: date, parent: QWidget | None = None) -> None:
        super().__init__("登记整改情况", parent)
        self.finding = finding
        self.info = QLabel(finding.description, self)
        self.info.setWordWrap(True)
        self.status = QComboBox(self)
        for code, label in FINDING_STATES.items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(self.status.findData(finding.status))
        self.rectify_by = DateInput(self, day=finding.rectify_by, minimum=start)
        self.rectified_on = DateInput(self, day=finding.rectified_on, optional=True, minimum=start)
        self.rectification = _text_box(self, 3, "采取的整改措施和结果")
        self.rectification.setPlainText(finding.rectification)
        files = "、".join(name for _id, name, _size in finding.evidence)
        self.evidence = QLabel(
            f"佐证材料：{files}" if files else "佐证材料：尚未上传（标记“已整改”前请先添加）", self
        )
        self.evidence.setWordWrap(True)
        self.form.addRow(self.info)
        self.add_required("整改状态", self.status)
        self.add_required("整改期限", self.rectify_by)
        self.form.addRow("整改完成日期（已整改必填）", self.rectified_on)
        self.form.addRow("整改情况（已整改必填）", self.rectification)
        self.form.addRow(self.evidence)
        self.status.setFocus()

    def check(self) -> str:
        if self.status.currentData() != "done":
            return ""
        problems: list[tuple[QWidget, str]] = []
        if self.rectified_on.is_empty():
            problems.append((self.rectified_on, "已整改的问题必须填写整改完成日期。"))
        if not self.rectification.toPlainText().strip():
            problems.append((self.rectification, "已整改的问题必须写明整改情况。"))
        if not self.finding.evidence:
            problems.append((self.status, "已整改的问题必须先上传整改佐证材料（文件、照片）。"))
        if problems and not self.field_problems():
            problems[0][0].setFocus()
        return "\n".join(p for _w, p in problems)

    def value(self) -> RectificationInput:
        return RectificationInput(
            str(self.status.currentData()),
            self.rectification.toPlainText(),
            self.rectified_on.day(),
            self.rectify_by.day(),
        )
