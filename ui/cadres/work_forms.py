"""Forms of the team's work and care: a household visit, a training, a care record (money in the
screen's unit), an unannounced check (抽查) and a report heard by the dispatching unit. Each
`fill(row)` turns the form into the correction of a listed record (title 修改…, its values)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from fpr_desktop.cadres.records import CareRow, CheckRow, PostedCadre, TrainingRow, VisitRow
from fpr_desktop.cadres.rules import (
    CARE_KINDS,
    CARE_OCCASIONS,
    SPOT_RESULTS,
    TRAINING_LEVELS,
    VISIT_ITEMS,
)
from fpr_desktop.cadres.work import CareInput, VisitInput
from ui.cadres.cells import choice_box, report
from ui.common.date_input import DateInput
from ui.common.money import MoneyEdit, MoneyFormat
from ui.common.widgets import FormDialog, required_label

UNIT_REPORT = "派出单位听取汇报"


def _text_box(parent: QWidget, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(parent.fontMetrics().height() * lines + 12)
    box.setPlaceholderText(placeholder)
    return box


def _cadre_box(parent: QWidget, cadres: list[PostedCadre], cadre_id: int | None) -> QComboBox:
    box = QComboBox(parent)
    for c in cadres:
        box.addItem(c.label, c.cadre_id)
    box.setCurrentIndex(box.findData(cadre_id) if cadre_id is not None else -1)
    box.setPlaceholderText("请选择" if cadres else "没有在岗的驻村干部")
    return box


def _pick_cadre(box: QComboBox, cadre_id: int, name: str) -> None:
    """Select the record's cadre, listed even when no longer posted (the record stays theirs)."""
    if box.findData(cadre_id) < 0:
        box.addItem(f"{name}（已不在岗）", cadre_id)
    box.setCurrentIndex(box.findData(cadre_id))


def _day(box: DateInput) -> date:
    day = box.day()
    assert day is not None  # the form checks required dates first
    return day


class VisitDialog(FormDialog):
    """入户走访: household, date, visitors, items checked, problems, referral to monitoring."""

    def __init__(
        self, village_id: int, village: str, visitors: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"入户走访登记 — {village}", parent)
        self.village_id = village_id
        self.household = QLineEdit(self)
        self.household.setPlaceholderText("户主姓名")
        self.visited_on = DateInput(self, day=date.today(), maximum=date.today())
        self.visitors = QLineEdit(visitors, self)
        self.items: list[QCheckBox] = []
        grid = QGridLayout()
        for i, item in enumerate(VISIT_ITEMS):
            box = QCheckBox(item, self)
            box.setChecked(True)
            self.items.append(box)
            grid.addWidget(box, i // 3, i % 3)
        self.problems = _text_box(self, 3, "发现的问题；没有可不填")
        self.referred = QCheckBox("纳入防返贫监测（转监测帮扶）", self)
        self.add_required("走访农户", self.household, "请填写走访农户（户主姓名）。")
        self.add_required("走访日期", self.visited_on)
        self.add_required("走访人员", self.visitors)
        self.form.addRow(required_label("核查内容"), grid)
        self.form.addRow("发现问题", self.problems)
        self.form.addRow("", self.referred)
        self.household.setFocus()
        self.village = village

    def fill(self, v: VisitRow) -> None:
        self.setWindowTitle(f"修改入户走访 — {self.village}")
        self.household.setText(v.household)
        self.visited_on.set_day(v.visited_on)
        self.visitors.setText(v.visitors)
        done = set(v.items.split("、"))
        for box in self.items:
            box.setChecked(box.text() in done)
        self.problems.setPlainText(v.problems)
        self.referred.setChecked(v.referred)

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if not self.household.text().strip():
            problems.append(("请填写走访农户（户主姓名）。", self.household))
        if not self.visitors.text().strip():
            problems.append(("请填写走访人员。", self.visitors))
        if not any(b.isChecked() for b in self.items):
            problems.append(("请至少勾选一项核查内容。", self.items[0]))
        if self.referred.isChecked() and not self.problems.toPlainText().strip():
            problems.append(("纳入监测时请写明发现的问题。", self.problems))
        return report(problems)

    def value(self) -> VisitInput:
        return VisitInput(
            self.village_id,
            self.household.text().strip(),
            _day(self.visited_on),
            self.visitors.text().strip(),
            tuple(b.text() for b in self.items if b.isChecked()),
            self.problems.toPlainText().strip(),
            self.referred.isChecked(),
        )


class TrainingDialog(FormDialog):
    """培训登记: course, organiser level, dates, hours."""

    def __init__(
        self, cadres: list[PostedCadre], cadre_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("培训登记", parent)
        self.cadre = _cadre_box(self, cadres, cadre_id)
        self.course = QLineEdit(self)
        self.level = choice_box(self, TRAINING_LEVELS)
        self.start = DateInput(self, day=date.today())
        self.end = DateInput(self, day=date.today())
        self.hours = QSpinBox(self)
        self.hours.setRange(0, 999)
        self.hours.setSuffix(" 学时")
        note = QLabel("每人每年至少参加一次县级（含）以上举办的培训。", self)
        note.setObjectName("hintLabel")
        self.add_required("干部", self.cadre)
        self.add_required("培训班名称", self.course)
        self.add_required(
            "举办层级", self.level, f"请选择举办层级（{'、'.join(TRAINING_LEVELS)}）。"
        )
        self.add_required("开始日期", self.start)
        self.add_required("结束日期", self.end)
        self.add_required("学时", self.hours)
        self.form.addRow("", note)
        (self.cadre if cadre_id is None else self.course).setFocus()

    def fill(self, t: TrainingRow) -> None:
        self.setWindowTitle("修改培训记录")
        _pick_cadre(self.cadre, t.cadre_id, t.name)
        self.course.setText(t.course)
        self.level.setCurrentText(t.level)
        self.start.set_day(t.start_date)
        self.end.set_day(t.end_date)
        self.hours.setValue(t.hours)
        self.course.setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if self.cadre.currentIndex() < 0:
            problems.append(("请选择干部。", self.cadre))
        if not self.course.text().strip():
            problems.append(("请填写培训班名称。", self.course))
        if self.level.currentIndex() < 0:
            problems.append((f"请选择举办层级（{'、'.join(TRAINING_LEVELS)}）。", self.level))
        start, end = self.start.day(), self.end.day()
        if start and end and end < start:
            problems.append(("培训结束日期不能早于开始日期。", self.end))
        if self.hours.value() <= 0:
            problems.append(("请填写学时（大于0）。", self.hours))
        return report(problems)

    def value(self) -> dict[str, object]:
        return {
            "cadre_id": int(self.cadre.currentData()),
            "course": self.course.text().strip(),
            "organiser_level": self.level.currentText(),
            "start_date": _day(self.start),
            "end_date": _day(self.end),
            "hours": self.hours.value(),
        }


class CareDialog(FormDialog):
    """关心关爱: work funds, the unit's visits, health check, accident insurance, allowances."""

    def __init__(
        self, cadres: list[PostedCadre], cadre_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("关心关爱登记", parent)
        self.cadre = _cadre_box(self, cadres, cadre_id)
        self.kind = choice_box(self, CARE_KINDS)
        self.occurred_on = DateInput(self, day=date.today())
        self.provider = QLineEdit(self)
        self.provider.setPlaceholderText("派出单位、体检机构或发放单位")
        self.occasion = choice_box(self, CARE_OCCASIONS, choose=False)
        self.amount = MoneyEdit(self, required=False)
        self.policy_no = QLineEdit(self)
        self.insurer = QLineEdit(self)
        self.valid_from = DateInput(self, optional=True)
        self.valid_to = DateInput(self, optional=True)
        self.note = _text_box(self, 2)
        self.add_required("干部", self.cadre)
        self.add_required("关爱类型", self.kind, f"请选择关爱类型（{'、'.join(CARE_KINDS)}）。")
        self.add_required("日期", self.occurred_on)
        self.form.addRow("单位", self.provider)
        self.form.addRow("走访事由", self.occasion)
        self.form.addRow(MoneyFormat.current().title("金额"), self.amount)
        self.form.addRow("保单号", self.policy_no)
        self.form.addRow("承保公司", self.insurer)
        self.form.addRow("保险起期", self.valid_from)
        self.form.addRow("保险止期", self.valid_to)
        self.form.addRow("备注", self.note)
        self.kind.currentIndexChanged.connect(self._fit_kind)
        self._fit_kind()
        (self.cadre if cadre_id is None else self.kind).setFocus()

    def fill(self, c: CareRow) -> None:
        self.setWindowTitle("修改关心关爱记录")
        _pick_cadre(self.cadre, c.cadre_id, c.name)
        self.kind.setCurrentText(c.kind)  # shows the kind's own fields
        self.occurred_on.set_day(c.occurred_on)
        self.provider.setText(c.provider)
        self.occasion.setCurrentText(c.occasion if c.kind == "走访慰问" else "日常")
        self.amount.set_amount(c.amount)
        self.policy_no.setText(c.policy_no)
        self.insurer.setText(c.insurer)
        self.valid_from.set_day(c.valid_from)
        self.valid_to.set_day(c.valid_to)
        self.note.setPlainText(c.note)
        self.provider.setFocus()

    def _fit_kind(self) -> None:
        """Show only the fields the chosen kind uses (money for funds and allowances …)."""
        kind = self.kind.currentText()
        shown = {
            self.occasion: kind == "走访慰问",
            self.amount: kind in ("补贴", "工作经费", "走访慰问"),
            self.policy_no: kind == "意外保险",
            self.insurer: kind == "意外保险",
            self.valid_from: kind == "意外保险",
            self.valid_to: kind == "意外保险",
        }
        for widget, on in shown.items():
            widget.setVisible(on)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(on)
        required = kind in ("补贴", "工作经费")
        label = self.form.labelForField(self.amount)
        if isinstance(label, QLabel):
            title = MoneyFormat.current().title("金额")
            label.setText(required_label(title) if required else title)
        self.adjustSize()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        kind = self.kind.currentText()
        if self.cadre.currentIndex() < 0:
            problems.append(("请选择干部。", self.cadre))
        if self.kind.currentIndex() < 0:
            problems.append((f"请选择关爱类型（{'、'.join(CARE_KINDS)}）。", self.kind))
        if self.amount.isVisibleTo(self) and (p := self.amount.problem("金额")):
            problems.append((p, self.amount))
        elif kind in ("补贴", "工作经费") and not self.amount.text().strip():
            problems.append((f"{kind}须填写金额。", self.amount))
        if kind == "意外保险":
            if not self.policy_no.text().strip():
                problems.append(("请填写保单号。", self.policy_no))
            if not self.insurer.text().strip():
                problems.append(("请填写承保公司。", self.insurer))
            start, end = self.valid_from.day(), self.valid_to.day()
            if start is None or end is None:
                problems.append(("请填写保险有效期起止。", self.valid_from))
            elif end <= start:
                problems.append(("保险止期应晚于起期。", self.valid_to))
        return report(problems)

    def value(self) -> CareInput:
        kind = self.kind.currentText()
        return CareInput(
            cadre_id=int(self.cadre.currentData()),
            kind=kind,
            occurred_on=_day(self.occurred_on),
            provider=self.provider.text().strip(),
            occasion=self.occasion.currentText() if kind == "走访慰问" else "日常",
            amount=self.amount.amount() if self.amount.isVisibleTo(self) else None,
            policy_no=self.policy_no.text().strip() if kind == "意外保险" else "",
            insurer=self.insurer.text().strip() if kind == "意外保险" else "",
            valid_from=self.valid_from.day() if kind == "意外保险" else None,
            valid_to=self.valid_to.day() if kind == "意外保险" else None,
            note=self.note.toPlainText().strip(),
        )


class SpotCheckDialog(FormDialog):
    """抽查: an unannounced check of whether a cadre was in the village, and its result."""

    def __init__(
        self, cadres: list[PostedCadre], cadre_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("驻村抽查登记", parent)
        self.cadre = _cadre_box(self, cadres, cadre_id)
        self.checked_on = DateInput(self, day=date.today(), maximum=date.today())
        self.checked_by = QLineEdit(self)
        self.checked_by.setPlaceholderText("如 县委组织部")
        self.result = choice_box(self, SPOT_RESULTS)
        self.note = _text_box(self, 2)
        cap = QLabel("无故缺勤1次不得评为优秀，2次最高基本称职，3次不称职。", self)
        cap.setObjectName("hintLabel")
        self.add_required("干部", self.cadre)
        self.add_required("抽查日期", self.checked_on)
        self.add_required("抽查单位", self.checked_by, "请填写抽查单位或人员。")
        self.add_required("抽查结果", self.result, f"请选择抽查结果（{'、'.join(SPOT_RESULTS)}）。")
        self.form.addRow("情况说明", self.note)
        self.form.addRow("", cap)
        (self.cadre if cadre_id is None else self.checked_by).setFocus()

    def fill(self, r: CheckRow) -> None:
        self.setWindowTitle("修改驻村抽查记录")
        _pick_cadre(self.cadre, r.cadre_id, r.name)
        self.checked_on.set_day(r.on)
        self.checked_by.setText(r.by)
        self.result.setCurrentText(r.result)
        self.note.setPlainText(r.note)
        self.checked_by.setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if self.cadre.currentIndex() < 0:
            problems.append(("请选择干部。", self.cadre))
        if not self.checked_by.text().strip():
            problems.append(("请填写抽查单位或人员。", self.checked_by))
        if self.result.currentIndex() < 0:
            problems.append((f"请选择抽查结果（{'、'.join(SPOT_RESULTS)}）。", self.result))
        return report(problems)

    def value(self) -> dict[str, object]:
        return {
            "cadre_id": int(self.cadre.currentData()),
            "checked_on": _day(self.checked_on),
            "checked_by": self.checked_by.text().strip(),
            "result": self.result.currentText(),
            "note": self.note.toPlainText().strip(),
        }


class UnitReportDialog(FormDialog):
    """派出单位听取汇报 (every six months): when, and what was reported and decided."""

    def __init__(
        self, cadres: list[PostedCadre], cadre_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("派出单位听取汇报登记", parent)
        self.cadre = _cadre_box(self, cadres, cadre_id)
        self.on = DateInput(self, day=date.today(), maximum=date.today())
        self.content = _text_box(self, 5, "汇报内容、派出单位研究解决的事项")
        self.add_required("干部", self.cadre)
        self.add_required("听取日期", self.on)
        self.add_required("汇报内容", self.content)
        (self.cadre if cadre_id is None else self.content).setFocus()

    def fill(self, r: CheckRow) -> None:
        """A report heard by the unit, or another work record (月度工作记录 …) the same way."""
        self.setWindowTitle(f"修改{r.kind}")
        if r.kind != UNIT_REPORT:
            for widget, title in ((self.on, "日期"), (self.content, "内容")):
                label = self.form.labelForField(widget)
                if isinstance(label, QLabel):
                    label.setText(required_label(title))
        _pick_cadre(self.cadre, r.cadre_id, r.name)
        self.on.set_day(r.on)
        self.content.setPlainText(r.result)
        self.content.setFocus()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if self.cadre.currentIndex() < 0:
            problems.append(("请选择干部。", self.cadre))
        if not self.content.toPlainText().strip():
            problems.append(("请填写汇报内容。", self.content))
        return report(problems)

    def value(self) -> tuple[int, date, str]:
        return int(self.cadre.currentData()), _day(self.on), self.content.toPlainText()
