"""A notice for hand-picked projects (or another module's subject: a village's year, e.g. the
收益分配公示): built in the background, previewed in the program, and — if the user confirms a
level, the window and where it is posted — recorded in the register."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.permissions import can
from fpr_desktop.base.settings import get_value
from fpr_desktop.notices.models import NOTICE_LEVELS
from fpr_desktop.notices.register import (
    KIND_LABELS,
    NoticeRow,
    backdate_problem,
    notice_number,
    window_end_for,
)
from fpr_desktop.projects.notices import build as nb
from fpr_desktop.projects.notices.batch import file_name
from ui.common.date_input import DateInput
from ui.common.ops import OpContext
from ui.common.pdf_preview import PdfPreview
from ui.common.screen_fit import fit_to_screen
from ui.common.widgets import ErrorLabel, Workspace

#: Why a town-scoped user is not offered the county level (greyed in the level list).
COUNTY_REFUSED = "镇级用户只能登记本镇及所辖村的公示；县级公示由县级部门登记。"


def level_refusal(actor: Actor, level: str) -> str:
    """Why `actor` may not register a notice at `level` ('' when they may)."""
    return COUNTY_REFUSED if level == "county" and actor.scope_town_id is not None else ""


@dataclass(frozen=True)
class Composed:
    built: list[nb.BuiltNotice]
    pdfs: list[bytes]
    levels: list[str]
    warnings: list[str]
    backdate: str = ""  # why the start needs a reason ('' when it does not)
    refusal: str = ""  # why it cannot be registered yet (complaint channels missing)


class NoticeComposeDialog(QDialog):
    """Preview first; 登记公示 records exactly what is previewed (rebuilt on every change)."""

    #: The notices were recorded (list of NoticeRow).
    notices_registered = Signal(list)
    #: A (re)built notice is shown.
    preview_ready = Signal()

    def __init__(
        self,
        ws: Workspace,
        kind: str,
        project_ids: Sequence[int],
        parent: QWidget | None = None,
        *,
        level: str | None = None,
        subject: nb.NoticeRequest | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.kind = kind
        self.preset_level = level  # None: from the projects (see notices.select.infer_level)
        self.project_ids = tuple(project_ids)
        #: a subject that is not hand-picked projects (its year and place, e.g. a village's
        #: 收益分配公示): the level is its place's, not to be changed here
        self.subject = subject
        self.composed: Composed | None = None
        self._generation = 0
        self.setWindowTitle(f"生成{KIND_LABELS[kind]}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        #: 公示 or 公告, as the kind's name says (docs/glossary.md)
        self.word = "公告" if KIND_LABELS[kind].endswith("公告") else "公示"
        self.info = QLabel(f"正在生成{KIND_LABELS[kind]}…", self)
        self.info.setWordWrap(True)
        self.info.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)  # title + window
        self.warning = ErrorLabel(self)
        self.which = QComboBox(self)
        self.which.hide()
        self.which.currentIndexChanged.connect(self._show_current)
        self.preview = PdfPreview(self)
        self.level = QComboBox(self)
        self.level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.start = DateInput(self, day=date.today())
        # the window lasts at least the settings' days (the minimum, set by the first build)
        self.days = QSpinBox(self)
        self.days.setRange(1, 90)
        self.days.setSuffix(" 天")
        self.days.setEnabled(False)
        self.days.setToolTip("公示期天数：可以延长，不能短于参数设置中规定的天数")
        self.days.valueChanged.connect(lambda _v: self._debounce.start())
        self.posted = QLineEdit(self)
        self.posted.setPlaceholderText("例如 上岔村村务公开栏")
        # a start well in the past: the paper was posted first — allowed, with the reason
        self.backdate_note = QLabel("", self)
        self.backdate_note.setObjectName("errorLabel")
        self.backdate_note.setWordWrap(True)
        self.backdate_reason = QLineEdit(self)
        self.backdate_reason.setPlaceholderText("补登原因（必填），如“纸质公示已于该日张贴”")
        self.backdate_reason.textChanged.connect(self._update_register)
        self.backdate_note.hide()
        self.backdate_reason.hide()
        self.doc_number = QLineEdit(self)
        self.doc_number.setPlaceholderText("如 陇乡振发〔2026〕12号")
        self.doc_number.setToolTip("县级公告的文号，印在标题下；没有可不填")
        self.doc_number.setMaximumWidth(
            self.fontMetrics().horizontalAdvance("陇乡振发〔2026〕12号") + 16
        )
        self.doc_number.textChanged.connect(lambda _t: self._debounce.start())
        self.register_button = QPushButton(f"登记{self.word}", self)
        self.register_button.setEnabled(False)
        self.register_button.setVisible(can(ws.actor, "notices.edit"))
        self.register_button.clicked.connect(self.register)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.rebuild)
        self.level.currentIndexChanged.connect(self._debounce.start)
        self.start.day_changed.connect(self._debounce.start)

        bar = QHBoxLayout()
        for text, widget in (
            ("公示层级", self.level),
            ("公示开始", self.start),
            ("公示期", self.days),
        ):
            bar.addSpacing(8)
            bar.addWidget(QLabel(text, self))
            bar.addWidget(widget)
        doc_label = QLabel("文号", self)
        bar.addSpacing(8)
        bar.addWidget(doc_label)
        bar.addWidget(self.doc_number)
        for widget in (doc_label, self.doc_number):  # another module's notice prints none
            widget.setVisible(subject is None)
        bar.addSpacing(8)
        bar.addWidget(QLabel("张贴位置", self))
        bar.addWidget(self.posted, 1)
        bar.addWidget(self.register_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.warning)
        layout.addWidget(self.which)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.backdate_note)
        layout.addWidget(self.backdate_reason)
        layout.addLayout(bar)
        fit_to_screen(self, 1000, 900)
        self.rebuild()

    def rebuild(self) -> None:
        """Build and render the notice(s) for the current level and window start."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        self.register_button.setEnabled(False)
        db, actor, kind, ids = self.ws.db, self.ws.actor, self.kind, self.project_ids
        start = self.start.day()
        days = self.days.value() if self.days.isEnabled() else None
        request = replace(
            self.subject or nb.NoticeRequest(kind, project_ids=ids),
            level=self.level.currentData() or self.preset_level,
            window_start=start,
            doc_number=self.doc_number.text().strip(),
        )
        subject = self.subject

        def job(ctx: OpContext) -> Composed:
            with db.read() as s:
                if days is not None:
                    window_kind = str(get_value(s, "publicity.window_kind"))
                    end = window_end_for(s, start, days, window_kind)
                    built = nb.build_notices(s, actor, replace(request, window_end=end))
                else:
                    built = nb.build_notices(s, actor, request)
                if subject is not None:  # its place decides the level
                    levels, warnings = [built[0].level], []
                else:
                    levels = nb.possible_levels(s, actor, ids)
                    warnings = nb.selection_warnings(s, actor, kind, ids, built[0].level)
                backdate = backdate_problem(s, built[0].window.start)
                refusal = nb.registration_refusal(s, built)
            pdfs = []
            for b in built:
                ctx.check_cancelled()
                pdfs.append(nb.render(b))
            return Composed(built, pdfs, levels, warnings, backdate, refusal)

        self.ws.run(
            job,
            on_success=lambda c: self._show(generation, c),
            on_error=self._failed,
            parent=self,
            progress_label=f"正在生成{KIND_LABELS[self.kind]}…",
        )

    def _failed(self, exc: BaseException) -> None:
        self.info.setText(f"未能生成{KIND_LABELS[self.kind]}。")
        self.ws.runner.show_error(exc, self)

    def _show(self, generation: int, c: Composed) -> None:
        if generation != self._generation:
            return  # the user changed something meanwhile; a newer build is coming
        first = c.built[0]
        allowed = [lv for lv in c.levels if not level_refusal(self.ws.actor, lv)]
        if first.level not in allowed and allowed:
            # a town clerk is never offered a level they may not register: rebuild at theirs
            self.preset_level = "village" if "village" in allowed else allowed[0]
            self.level.blockSignals(True)
            self.level.clear()
            self.level.blockSignals(False)
            self.rebuild()
            return
        self.composed = c
        self.level.blockSignals(True)
        self.level.clear()
        for level in c.levels:
            place = first.division_name if level == first.level else ""
            self.level.addItem(NOTICE_LEVELS[level] + (f"（{place}）" if place else ""), level)
            if reason := level_refusal(self.ws.actor, level):
                item = self.level.model().item(self.level.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(reason)
        self.level.setCurrentIndex(max(0, self.level.findData(first.level)))
        self.level.setEnabled(self.subject is None)
        self.level.blockSignals(False)
        if not self.days.isEnabled():  # the settings' days: the shortest window allowed
            self.days.blockSignals(True)
            self.days.setMinimum(first.window_days)
            self.days.setValue(first.window_days)
            self.days.blockSignals(False)
            self.days.setEnabled(True)
        count = sum(len(b.project_ids) for b in c.built)
        several = f"，共 {len(c.built)} 份（每个项目一份）" if len(c.built) > 1 else ""
        what = f"{first.division_name}（{first.year}年度）" if self.subject else f"{count} 个项目"
        self.info.setText(
            f"{first.title}\n{what}，公示期 {first.window.start:%Y-%m-%d} 至 "
            f"{first.window.end:%Y-%m-%d}{several}，发布：{first.issuer}。"
        )
        status = (
            "注意：以下项目当前状态与该公告不符：" + "、".join(c.warnings) if c.warnings else ""
        )
        self.warning.show_message("\n".join(t for t in (status, c.refusal) if t))
        self.which.blockSignals(True)
        self.which.clear()
        for b in c.built:
            self.which.addItem(b.project_names[0] if len(b.project_ids) == 1 else b.title)
        self.which.setVisible(len(c.built) > 1)
        self.which.blockSignals(False)
        self._show_current()
        self.backdate_note.setText(c.backdate)
        self.backdate_note.setVisible(bool(c.backdate))
        self.backdate_reason.setVisible(bool(c.backdate))
        self._update_register()
        self.preview_ready.emit()

    def _update_register(self, *_args: object) -> None:
        """登记公示 is open once the notice is built and, for a back-dated start, the reason
        is given (the tooltip says what is missing)."""
        if self.composed is None:
            return
        # What may not be registered is disabled beforehand, with the reason
        refusal = self.composed.refusal
        if not refusal and self.composed.backdate and not self.backdate_reason.text().strip():
            refusal = "请先填写补登原因"
        self.register_button.setEnabled(not refusal)
        self.register_button.setToolTip(refusal)

    def _show_current(self) -> None:
        if self.composed is None:
            return
        i = max(0, self.which.currentIndex())
        self.preview.load_bytes(self.composed.pdfs[i], file_name(self.composed.built[i]))

    def register(self) -> None:
        """Record the previewed notice(s) in the register (one transaction)."""
        if self.composed is None:
            return
        built, actor, posted = self.composed.built, self.ws.actor, self.posted.text().strip()
        reason = self.backdate_reason.text().strip() if self.composed.backdate else ""
        self.register_button.setEnabled(False)

        def work(session: Session) -> list[NoticeRow]:
            return [nb.register(session, actor, b, posted, backdate_reason=reason) for b in built]

        def failed(exc: BaseException) -> None:
            self.register_button.setEnabled(True)
            self.ws.runner.show_error(exc, self)

        self.ws.write(work, on_success=self._registered, on_error=failed, parent=self)

    def _registered(self, rows: list[NoticeRow]) -> None:
        numbers = "、".join(notice_number(r.year, r.id) for r in rows)
        self.info.setText(
            f"已登记 {len(rows)} 份公告公示（{numbers}），公示期 {rows[0].window_start:%Y-%m-%d} "
            f"至 {rows[0].window_end:%Y-%m-%d}。可在“公告公示”中登记异议和上传张贴照片。"
        )
        self.level.setEnabled(False)
        self.start.setEnabled(False)
        self.days.blockSignals(True)
        self.days.setReadOnly(True)
        self.posted.setEnabled(False)
        self.doc_number.setEnabled(False)
        self.backdate_reason.setEnabled(False)
        self.notices_registered.emit(rows)
