"""考核: annual and term-end rounds; each cadre's inputs and grade, with the caps shown before
the user chooses, and the round closed once everyone is graded."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.permissions import can
from fpr_desktop.cadres import assessment as asm
from fpr_desktop.cadres import documents as docs
from fpr_desktop.cadres import notice as cn
from fpr_desktop.cadres.rules import ROUND_KINDS
from fpr_desktop.projects.notices.build import render
from ui.cadres.cells import fill_table
from ui.common.files import ask_save_path
from ui.common.widgets import (
    FormDialog,
    LazyPage,
    Workspace,
    hint_label,
    submit_dialog,
    table_widget,
)

ROW_ID = Qt.ItemDataRole.UserRole
COLUMNS = ["姓名", "派出单位", "驻村职务", "所驻村", "民主测评", "乡镇评价", "考核等次", "限制"]


class GradeDialog(FormDialog):
    """One cadre's inputs and the county's grade; only grades the caps allow are offered."""

    def __init__(self, row: asm.AssessmentRow, parent: QWidget | None = None) -> None:
        super().__init__(f"考核评定 — {row.village}{row.role}{row.name}", parent)
        self.row = row

        def text(value: str) -> QPlainTextEdit:
            edit = QPlainTextEdit(value, self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(self.fontMetrics().height() * 3)
            return edit

        self.self_report = text(row.self_report)
        self.rating = QLineEdit(row.democratic_rating, self)
        self.town_opinion = text(row.town_opinion)
        self.unit_opinion = text(row.unit_opinion)
        self.grade = QComboBox(self)
        self.grade.addItems(list(row.allowed))
        self.grade.setCurrentIndex(row.allowed.index(row.grade) if row.grade in row.allowed else -1)
        self.grade.setPlaceholderText("请选择")
        self.add_required("个人述职", self.self_report)
        self.form.addRow("民主测评", self.rating)
        self.add_required("乡镇评价意见", self.town_opinion)
        self.form.addRow("派出单位意见", self.unit_opinion)
        self.add_required("考核等次", self.grade)
        if row.cap:
            cap = QLabel(f"{row.cap}，可选等次：{'、'.join(row.allowed)}", self)
            cap.setObjectName("warningLabel")
            self.form.addRow("", cap)
        self.self_report.setFocus()

    def check(self) -> str:
        problems = []
        if not self.self_report.toPlainText().strip():
            problems.append(("请填写个人述职。", self.self_report))
        if not self.town_opinion.toPlainText().strip():
            problems.append(("请填写乡镇评价意见。", self.town_opinion))
        if self.grade.currentIndex() < 0:
            problems.append(("请选择考核等次。", self.grade))
        if problems:
            problems[0][1].setFocus()
        return "\n".join(p for p, _ in problems)

    def save(self, session: Session, actor: Actor) -> None:
        asm.assess(
            session,
            actor,
            self.row.id,
            self.row.version,
            self_report=self.self_report.toPlainText(),
            democratic_rating=self.rating.text(),
            town_opinion=self.town_opinion.toPlainText(),
            unit_opinion=self.unit_opinion.toPlainText(),
            grade=self.grade.currentText(),
            decided_on=date.today(),
        )


class AssessmentPage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.rounds: list[asm.RoundRow] = []
        self.rows: list[asm.AssessmentRow] = []
        self.dialog: GradeDialog | None = None
        self.may_edit = can(ws.actor, "cadres.edit")
        self.round = QComboBox(self)
        self.round.currentIndexChanged.connect(self.load_round)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.kind = QComboBox(self)
        self.kind.addItems(ROUND_KINDS)
        self.new_button = QPushButton("建立考核", self)
        self.new_button.clicked.connect(self.open_round)
        self.grade_button = QPushButton("评定…", self)
        self.grade_button.clicked.connect(self.open_grade)
        self.close_button = QPushButton("结束考核", self)
        self.close_button.clicked.connect(self.close_round)
        self.notice_button = QPushButton("生成公示…", self)
        self.notice_button.setToolTip("生成驻村考核结果公示并登记到公告公示登记簿")
        self.notice_button.clicked.connect(self.make_notice)
        self.letter_button = QPushButton("反馈函…", self)
        self.letter_button.setToolTip("选中干部的考核结果反馈函（发派出单位）")
        self.letter_button.clicked.connect(self.make_letter)
        for b in (
            self.new_button,
            self.grade_button,
            self.close_button,
            self.notice_button,
            self.letter_button,
        ):
            b.setEnabled(self.may_edit)
            if not self.may_edit:
                b.setToolTip("当前用户没有“维护驻村干部”的权限。")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("考核", self))
        bar.addWidget(self.round, 1)
        bar.addWidget(self.grade_button)
        bar.addWidget(self.close_button)
        bar.addWidget(self.notice_button)
        bar.addWidget(self.letter_button)
        bar.addSpacing(24)
        bar.addWidget(self.year)
        bar.addWidget(self.kind)
        bar.addWidget(self.new_button)
        self.table = table_widget(self, COLUMNS)
        self.table.itemActivated.connect(lambda _i: self.open_grade())
        self.hint = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def reload(self) -> None:
        actor = self.ws.actor
        self.ws.read(lambda s: asm.list_rounds(s, actor), on_success=self._got_rounds, parent=self)

    def _got_rounds(self, rounds: list[asm.RoundRow]) -> None:
        keep = self.round.currentData()
        self.rounds = rounds
        self.round.blockSignals(True)
        self.round.clear()
        for r in rounds:
            state = f"已结束 {r.closed_on}" if r.closed_on else f"已评 {r.graded}/{r.count}"
            self.round.addItem(f"{r.title}（{state}）", r.id)
        if keep is not None and (i := self.round.findData(keep)) >= 0:
            self.round.setCurrentIndex(i)
        self.round.blockSignals(False)
        self.load_round()

    def current_round(self) -> asm.RoundRow | None:
        rid = self.round.currentData()
        return next((r for r in self.rounds if r.id == rid), None)

    def load_round(self) -> None:
        rnd = self.current_round()
        if rnd is None:
            self._show([])
            return
        actor = self.ws.actor
        self.ws.read(lambda s: asm.round_rows(s, actor, rnd.id), on_success=self._show, parent=self)

    def _show(self, rows: list[asm.AssessmentRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [
                (
                    r.name,
                    r.unit,
                    r.role,
                    r.village,
                    r.democratic_rating,
                    r.town_opinion,
                    r.grade,
                    r.cap,
                )
                for r in rows
            ],
            warn=[bool(r.cap) for r in rows],
        )
        for i in range(len(rows)):  # each row keeps its cadre when the headers sort it
            item = self.table.item(i, 0)
            if item is not None:
                item.setData(ROW_ID, i)
        rnd = self.current_round()
        closed = rnd is not None and rnd.closed_on is not None
        self.grade_button.setEnabled(self.may_edit and bool(rows) and not closed)
        self.close_button.setEnabled(self.may_edit and bool(rows) and not closed)
        for b in (self.notice_button, self.letter_button):
            b.setEnabled(self.may_edit and closed)
            if self.may_edit:
                b.setToolTip("" if closed else "考核结束、等次全部确定后才能公示和出具反馈函。")
        graded = sum(bool(r.grade) for r in rows)
        self.hint.setText(
            f"共 {len(rows)} 人，已评定 {graded} 人。红色：抽查发现无故缺勤，等次受限。"
            "选中一行按 Enter 或双击评定。"
            if rows
            else "还没有考核。选择年度和类型后点“建立考核”。"
        )
        self.finish_loading()

    def open_round(self) -> None:
        actor, year, kind = self.ws.actor, self.year.value(), self.kind.currentText()
        self.ws.write(
            lambda s: asm.open_round(s, actor, year, kind),
            on_success=lambda _i: self.reload(),
            parent=self,
        )

    def close_round(self) -> None:
        rnd = self.current_round()
        if rnd is None:
            return
        actor = self.ws.actor
        self.ws.write(
            lambda s: asm.close_round(s, actor, rnd.id, rnd.version, date.today()),
            on_success=lambda _r: self.reload(),
            parent=self,
        )

    def current(self) -> asm.AssessmentRow | None:
        picked = self.table.selectionModel().selectedRows()
        item = self.table.item(picked[0].row(), 0) if picked else None
        return self.rows[int(item.data(ROW_ID))] if item is not None else None

    def open_grade(self) -> None:
        row = self.current()
        if row is None or not self.grade_button.isEnabled():
            return
        self.dialog = GradeDialog(row, self)
        dialog, actor = self.dialog, self.ws.actor
        dialog.save_requested.connect(
            lambda: submit_dialog(
                self.ws,
                dialog,
                lambda s: dialog.save(s, actor),
                on_saved=lambda _r: self.reload(),
                on_conflict=self.reload,
            )
        )
        dialog.open()

    def make_notice(self) -> None:
        rnd = self.current_round()
        if rnd is None:
            return
        path = ask_save_path(self, "保存考核结果公示", f"{rnd.title}结果公示.pdf")
        if path is None:
            return
        actor = self.ws.actor

        def work(session: Session) -> str:
            built, ids = cn.build_assessment_notice(session, actor, rnd.id)
            cn.register_assessment_notice(session, actor, built, ids)
            path.write_bytes(render(built))  # a failed write rolls the registration back
            return f"已生成并登记：{path}"

        self.ws.write(work, on_success=self.hint.setText, parent=self, progress_label="正在生成…")

    def make_letter(self) -> None:
        row = self.current()
        if row is None:
            self.hint.setText("请先选中一名干部。")
            return
        path = ask_save_path(self, "保存反馈函", f"{row.name}考核结果反馈函.pdf")
        if path is None:
            return
        actor = self.ws.actor

        def work(session: Session) -> str:
            path.write_bytes(docs.feedback_letter_pdf(session, actor, row.id, date.today()))
            return f"已保存：{path}"

        self.ws.read(work, on_success=self.hint.setText, parent=self, progress_label="正在生成…")
