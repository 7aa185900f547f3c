"""选派 and 离任: posting a cadre to a village (the task-46 warnings shown while typing, before
saving), and recording a recall, rotation or term end with an optional replacement. A posting
is never deleted."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from fpr_desktop.cadres.listing import RosterEntry
from fpr_desktop.cadres.posting import PostingContext, posting_warnings
from fpr_desktop.cadres.roster import AssignmentInput
from fpr_desktop.cadres.rules import END_REASONS, ROLES, add_years
from ui.cadres.cells import choice_box, report
from ui.common.date_input import DateInput
from ui.common.widgets import FormDialog, required_label


class PostingFields:
    """The fields of one posting inside a form, and the warnings they raise."""

    def __init__(
        self,
        dialog: FormDialog,
        form: QFormLayout,
        ctx: PostingContext,
        *,
        village_id: int | None = None,
        role: str | None = None,
        leaving_village_id: int | None = None,
    ) -> None:
        self.ctx = ctx
        self.dialog = dialog
        self.shown = True  # False while a form keeps these fields folded away
        self.leaving_village_id = leaving_village_id
        self.cadre = QComboBox(dialog)
        for c in ctx.cadres:
            if not c.posted:
                self.cadre.addItem(c.label, c.id)
        self.cadre.setCurrentIndex(-1)
        self.cadre.setPlaceholderText(
            "请选择" if self.cadre.count() else "没有未派驻的干部，请先“新增驻村干部”"
        )
        self.village = QComboBox(dialog)
        for vid, name in ctx.villages:
            self.village.addItem(name, vid)
        self.village.setCurrentIndex(self.village.findData(village_id) if village_id else -1)
        self.village.setPlaceholderText("请选择")
        self.village.setEnabled(village_id is None)  # a replacement goes to the same village
        self.role = choice_box(dialog, ROLES)
        if role:
            self.role.setCurrentText(role)
        self.document = QLineEdit(dialog)
        self.document.setPlaceholderText("如 陇组字〔2024〕12号")
        start = ctx.today
        self.start = DateInput(dialog, day=start)
        self.end = DateInput(dialog, day=add_years(start, ctx.min_years) - timedelta(days=1))
        self.warnings = QLabel("", dialog)
        self.warnings.setObjectName("warningLabel")
        self.warnings.setWordWrap(True)
        form.addRow(required_label("干部"), self.cadre)
        form.addRow(required_label("所驻村"), self.village)
        form.addRow(required_label("驻村职务"), self.role)
        form.addRow("选派文件", self.document)
        form.addRow(required_label("任期开始"), self.start)
        form.addRow(required_label("任期结束"), self.end)
        form.addRow("", self.warnings)
        for signal in (
            self.cadre.currentIndexChanged,
            self.village.currentIndexChanged,
            self.role.currentIndexChanged,
            self.start.edit.textChanged,
            self.end.edit.textChanged,
        ):
            signal.connect(self.update_warnings)
        self.update_warnings()

    def update_warnings(self) -> None:
        found = posting_warnings(
            self.ctx,
            cadre_id=self.cadre.currentData(),
            village_id=self.village.currentData(),
            role=self.role.currentText(),
            term_start=self.start.day(),
            term_end=self.end.day(),
            leaving_village_id=self.leaving_village_id,
        )
        self.warnings.setText(
            "提醒（可以保存）：\n" + "\n".join(f"· {w}" for w in found) if found else ""
        )
        self.warnings.setVisible(bool(found) and self.shown)
        self.dialog.adjustSize()  # the warnings grow the form; its buttons stay below them

    def problems(self) -> list[tuple[str, QWidget]]:
        out: list[tuple[str, QWidget]] = []
        if self.cadre.currentIndex() < 0:
            out.append(("请选择要选派的干部。", self.cadre))
        if self.village.currentIndex() < 0:
            out.append(("请选择所驻村。", self.village))
        if self.role.currentIndex() < 0:
            out.append((f"请选择驻村职务（{'、'.join(ROLES)}）。", self.role))
        start, end = self.start.day(), self.end.day()
        if start and end and end <= start:
            out.append(("任期结束日期应晚于开始日期。", self.end))
        return out

    def value(self) -> AssignmentInput:
        start, end = self.start.day(), self.end.day()
        assert start is not None and end is not None  # checked by the form
        return AssignmentInput(
            int(self.cadre.currentData()),
            int(self.village.currentData()),
            self.role.currentText(),
            start,
            end,
            self.document.text().strip(),
        )


class AssignmentDialog(FormDialog):
    """选派驻村干部."""

    def __init__(
        self, ctx: PostingContext, village_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("选派驻村干部", parent)
        self.posting = PostingFields(self, self.form, ctx)
        if village_id is not None:
            self.posting.village.setCurrentIndex(self.posting.village.findData(village_id))
        self.posting.cadre.setFocus()

    def check(self) -> str:
        return report(self.posting.problems())

    def value(self) -> AssignmentInput:
        return self.posting.value()


class EndAssignmentDialog(FormDialog):
    """召回、轮换或期满: the posting stays on record; a replacement may be posted at once."""

    def __init__(
        self, entry: RosterEntry, ctx: PostingContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"离任登记 — {entry.village}{entry.role}{entry.name}", parent)
        self.entry = entry
        self.ended_on = DateInput(self, day=ctx.today)
        self.reason = choice_box(self, END_REASONS)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.note.setPlaceholderText("召回、轮换须写明原因")
        self.replace = QCheckBox("同时选派接替人员（派驻同一个村）", self)
        self.add_required("离任日期", self.ended_on)
        self.add_required("离任方式", self.reason)
        self.form.addRow("原因说明", self.note)
        self.form.addRow("", self.replace)
        village_id = entry.village_id
        self.posting = PostingFields(
            self,
            self.form,
            ctx,
            village_id=village_id,
            role=entry.role,
            leaving_village_id=village_id,
        )
        self.replace.toggled.connect(self._show_replacement)
        self._show_replacement(False)
        self.reason.setFocus()

    def _show_replacement(self, on: bool) -> None:
        self.posting.shown = on
        for w in (
            self.posting.cadre,
            self.posting.village,
            self.posting.role,
            self.posting.document,
            self.posting.start,
            self.posting.end,
        ):
            w.setVisible(on)
            label = self.form.labelForField(w)
            if label is not None:
                label.setVisible(on)
        if on and self.ended_on.day() is not None:
            start = self.ended_on.day()
            assert start is not None
            self.posting.start.set_day(start + timedelta(days=1))
            self.posting.end.set_day(add_years(start, self.posting.ctx.min_years))
        self.posting.update_warnings()
        self.adjustSize()

    def check(self) -> str:
        problems: list[tuple[str, QWidget]] = []
        if self.reason.currentIndex() < 0:
            problems.append((f"请选择离任方式（{'、'.join(END_REASONS)}）。", self.reason))
        elif self.reason.currentText() != "期满" and not self.note.toPlainText().strip():
            problems.append((f"{self.reason.currentText()}须写明原因。", self.note))
        if self.replace.isChecked():
            problems += self.posting.problems()
        return report(problems)

    def ended(self) -> date:
        day = self.ended_on.day()
        assert day is not None
        return day

    def replacement(self) -> AssignmentInput | None:
        return self.posting.value() if self.replace.isChecked() else None
