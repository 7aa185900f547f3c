"""Batch generation: e.g. one 项目库公示 per village for a year, written into a chosen folder and
optionally registered — in the background, with progress and 取消 between notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fpr_desktop.base.changes import NOTHING, Changes, changes_of
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.permissions import can
from fpr_desktop.notices.register import KIND_LABELS, backdate_problem
from fpr_desktop.projects.notices import build as nb
from fpr_desktop.projects.notices.batch import PER_LABELS, batch_items, file_name
from ui.common.date_input import DateInput
from ui.common.ops import OpContext, OpHandle
from ui.common.widgets import ErrorLabel, Workspace

#: The batch mode offered first for each kind.
DEFAULT_PER = {"project_library_publicity": "village", "pre_implementation": "project"}
PLACE = "{地点}"


@dataclass
class BatchOutcome:
    """What a batch did so far (filled by the worker; read on the GUI thread once it ended)."""

    planned: int = 0
    files: list[Path] = field(default_factory=list)
    registered: int = 0
    cancelled: bool = False
    changes: Changes = NOTHING  # what the registered notices wrote


def unique_path(path: Path) -> Path:
    """`path`, or 名称（2）.pdf, 名称（3）.pdf … if taken: an earlier file is never overwritten."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        n += 1
    return candidate


class BatchDialog(QDialog):
    """Choose year, kind, “one per …”, window start, folder; 开始生成 runs it in the background."""

    #: The batch ended (done, cancelled or failed part-way); carries the BatchOutcome.
    batch_finished = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.handle: OpHandle[BatchOutcome] | None = None
        self.outcome: BatchOutcome | None = None
        self.setWindowTitle("生成公告公示")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年度")
        self.kind = QComboBox(self)
        for kind in nb.PROJECT_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind.value)
        self.per = QComboBox(self)
        for per, label in PER_LABELS.items():
            self.per.addItem(label, per)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.start = DateInput(self, day=date.today())
        self.folder = QLineEdit(self)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.folder.setText(docs)
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._ask_folder)
        self.register = QCheckBox("同时登记到公告公示登记簿（公示期从上面的日期开始）", self)
        may_register = can(ws.actor, "notices.edit")
        self.register.setChecked(may_register)
        self.register.setEnabled(may_register)
        self.posted = QLineEdit(self)
        self.posted.setPlaceholderText(f"张贴位置，可不填；{PLACE} 代表村、镇或项目名称")
        self.backdate_reason = QLineEdit(self)
        self.backdate_reason.setPlaceholderText(
            "公示开始早于今天数日以上（纸质公示已先张贴）时必填"
        )
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("年度：", self.year)
        form.addRow("公告类型：", self.kind)
        form.addRow("生成方式：", self.per)
        form.addRow("公示开始：", self.start)
        form.addRow("保存到：", folder_row)
        form.addRow("", self.register)
        form.addRow("张贴位置：", self.posted)
        form.addRow("补登原因：", self.backdate_reason)
        self.error = ErrorLabel(self)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(
            "开始生成", QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start_batch)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 40)
        self._kind_changed()

    def _kind_changed(self) -> None:
        per = DEFAULT_PER.get(self.kind.currentData(), "county")
        self.per.setCurrentIndex(self.per.findData(per))

    def _ask_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "选择保存公告的文件夹", self.folder.text())
        if name:
            self.folder.setText(name)

    def start_batch(self) -> OpHandle[BatchOutcome] | None:
        """Run the batch; None (and a message in the dialog) if the folder is missing."""
        folder = Path(self.folder.text().strip())
        if not self.folder.text().strip() or not folder.is_dir():
            self.error.show_message("请选择一个已有的文件夹保存公告。")
            return None
        self.error.show_message("")
        self.summary.setText("")
        self.start_button.setEnabled(False)
        db, actor = self.ws.db, self.ws.actor
        kind, per, year = self.kind.currentData(), self.per.currentData(), self.year.value()
        start, register = self.start.day(), self.register.isChecked()
        posted = self.posted.text().strip()
        reason = self.backdate_reason.text().strip()
        outcome = self.outcome = BatchOutcome()

        def job(ctx: OpContext) -> BatchOutcome:
            with db.read() as session:
                if register and start is not None:
                    problem = backdate_problem(session, start, reason)
                    if problem:
                        raise ValidationError(problem)  # before any notice is built
                items = batch_items(session, actor, kind, year, per, start)
            if not items:
                raise nb.NothingToNotice(f"{year}年度没有需要生成{KIND_LABELS[kind]}的项目。")
            outcome.planned = len(items)
            for i, item in enumerate(items):
                ctx.check_cancelled()
                ctx.progress(i, len(items), f"正在生成第 {i + 1} / {len(items)} 份：{item.label}")
                with db.read() as session:
                    built = nb.build_notices(session, actor, item.request)
                for b in built:
                    ctx.check_cancelled()
                    data = nb.render(b)
                    label = item.label if len(built) == 1 else ""
                    path = unique_path(folder / file_name(b, label))
                    if register:
                        with db.transaction(actor.audit()) as session:
                            place = label or b.project_names[0]
                            nb.register(
                                session,
                                actor,
                                b,
                                posted.replace(PLACE, place),
                                backdate_reason=reason,
                            )
                            path.write_bytes(data)  # a failed write rolls the record back
                        outcome.changes |= changes_of(session)
                        outcome.registered += 1
                    else:
                        path.write_bytes(data)
                    outcome.files.append(path)
            ctx.progress(len(items), len(items), "已完成")
            return outcome

        bus = self.ws.changes  # notices registered before a cancel or error are announced too

        def succeeded(o: BatchOutcome) -> None:
            bus.publish(o.changes)
            if isValid(self):
                self._ended(o)

        def cancelled() -> None:
            bus.publish(outcome.changes)
            outcome.cancelled = True
            if isValid(self):
                self._ended(outcome)

        def failed(exc: BaseException) -> None:
            bus.publish(outcome.changes)
            if isValid(self):
                self._ended(outcome)
                self.ws.runner.show_error(exc, self)

        self.handle = self.ws.runner.run(
            job,
            on_success=succeeded,
            on_error=failed,
            on_cancelled=cancelled,
            parent=self,
            progress_label="正在批量生成公告…",
            cancellable=True,
        )
        return self.handle

    def _ended(self, o: BatchOutcome) -> None:
        self.start_button.setEnabled(True)
        where = str(o.files[0].parent) if o.files else self.folder.text()
        head = f"已取消：完成 {len(o.files)} 份" if o.cancelled else f"已生成 {len(o.files)} 份"
        text = f"{head}（计划 {o.planned} 份），保存在 {where}。"
        if o.registered:
            text += f"已登记到公告公示登记簿 {o.registered} 份。"
        self.summary.setText(text)
        self.batch_finished.emit(o)
