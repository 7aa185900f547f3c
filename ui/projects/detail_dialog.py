"""The project dialog: enter a new proposal, edit a draft, or read a project with its history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.errors import ConflictError, UserError
from fpr_desktop.projects import proposals as project_service
from fpr_desktop.projects.proposals import ProjectDetail, ProjectInput
from fpr_desktop.projects.views import (
    ProjectChoices,
    RecordLine,
    StepRow,
    may_edit_proposal,
    project_records,
    step_decisions,
    step_rows,
)
from ui.common.screen_fit import fit_to_screen
from ui.common.table_model import format_value
from ui.common.unsaved import UnsavedGuard
from ui.common.widgets import ErrorLabel, Workspace, compact_rows
from ui.projects.proposal_form import ProposalForm

HISTORY_COLUMNS = ("时间", "办理人", "办理事项", "状态变化", "意见", "决策机构、文号及日期")
RECORD_COLUMNS = ("类型", "日期", "内容")


@dataclass(frozen=True)
class LoadedProject:
    detail: ProjectDetail
    steps: list[StepRow]
    records: list[RecordLine]


STALE_PROJECT = (
    "这个项目已被他人修改并保存，你的修改没有保存，仍保留在本窗口。请记下要改的内容，"
    "再点“载入最新内容”查看他人保存的内容后重新修改。"
)


def _table(columns: tuple[str, ...], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    compact_rows(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], empty: str) -> None:
    table.setRowCount(max(1, len(rows)))
    if not rows:
        item = QTableWidgetItem(empty)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        table.setItem(0, 0, item)
        table.setSpan(0, 0, 1, table.columnCount())
        return
    table.clearSpans()
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))


class ProjectDialog(QDialog):
    """New (project_id None) or existing project. Saves through the op runner, never itself."""

    #: The project's data arrived and is shown (also after a reload).
    detail_loaded = Signal()
    #: The proposal was saved; carries the project id.
    project_saved = Signal(int)

    def __init__(
        self,
        ws: Workspace,
        choices: ProjectChoices,
        project_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.project_id = project_id
        self.detail: ProjectDetail | None = None
        self.may_edit = choices.may_edit
        self.read_only = not choices.may_edit
        self._confirmed: tuple[object, ...] | None = None  # similar names the user accepted
        self._stale = False  # a save was refused as stale: 保存 now loads the newer record
        self.setWindowTitle("新增项目" if project_id is None else "项目详情")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.title = QLabel("新增项目（村级申报）" if project_id is None else "正在读取…", self)
        self.title.setObjectName("titleLabel")
        self.title.setWordWrap(True)
        self.banner = QLabel("", self)
        self.banner.setObjectName("bannerLabel")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.similar = QLabel("", self)
        self.similar.setObjectName("bannerLabel")
        self.similar.setWordWrap(True)
        self.similar.hide()
        self.form = ProposalForm(choices, self)
        self.history = _table(HISTORY_COLUMNS, self)
        self.records = _table(RECORD_COLUMNS, self)
        if project_id is not None:
            self.form.addTab(self.history, "审批记录")
            self.form.addTab(self.records, "实施记录")
        else:
            self.history.hide()  # a new proposal has no history yet
            self.records.hide()
            self.form.targets.add_row()
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.print_button = QPushButton("打印审批表…", self)
        self.save_button = QPushButton("保存", self)
        self.close_button = QPushButton("关闭" if project_id else "取消", self)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.setVisible(project_id is not None)
        self.print_button.clicked.connect(self._print_sheet)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.banner, self.similar):
            layout.addWidget(widget)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        em = self.fontMetrics().horizontalAdvance("字")
        fit_to_screen(self, em * 62, self.fontMetrics().height() * 40)
        self._apply_mode()
        self.guard = UnsavedGuard(self)
        if project_id is not None:
            self.save_button.setEnabled(False)
            self.reload()
        else:
            self.guard.mark_clean()  # an empty proposal (with its first target row)

    def reject(self) -> None:
        """Esc, 取消/关闭 and × ask before typing is thrown away."""
        if self.guard.may_close(self.reject):
            super().reject()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor, project_id = self.ws.actor, self.project_id
        assert project_id is not None

        def load(session: Session) -> LoadedProject:
            detail = project_service.get_project(session, actor, project_id)
            return LoadedProject(
                detail,
                step_rows(detail, step_decisions(session, project_id)),
                project_records(session, actor, project_id),
            )

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, loaded: LoadedProject) -> None:
        d = self.detail = loaded.detail
        self.title.setText(f"{d.values.name}（{d.status_label}）")
        self.form.set_values(d.values)
        self.read_only = not may_edit_proposal(self.ws.actor, d.status)
        _fill(
            self.history,
            [
                (
                    format_value("datetime", s.at),
                    s.who,
                    s.action,
                    f"{s.from_label} → {s.to_label}",
                    s.opinion,
                    s.decision,
                )
                for s in loaded.steps
            ],
            "尚未办理任何审批步骤。",
        )
        _fill(
            self.records,
            [(r.kind, format_value("date", r.on), r.text) for r in loaded.records],
            "尚未登记实施记录（四议两公开、招标、以工代赈、村监委会签字、验收、项目调整）。",
        )
        self._confirmed = None
        self.similar.hide()
        self._apply_mode()
        self.guard.mark_clean()  # what was loaded is what a close may drop without asking
        self.detail_loaded.emit()

    def _apply_mode(self) -> None:
        self.form.set_read_only(self.read_only)
        self.save_button.setVisible(not self.read_only)
        self.save_button.setEnabled(not self.read_only)
        self.close_button.setText("关闭" if self.read_only or self.project_id else "取消")
        if self.read_only and self.detail is not None and self.may_edit:
            self.banner.setText(
                f"项目当前为“{self.detail.status_label}”，申报内容只读："
                "只有村级申报或退回修改的项目可以修改。"
            )
        elif self.read_only:
            self.banner.setText("当前用户只能查看项目，不能修改。")
        self.banner.setVisible(self.read_only)

    # --- saving ----------------------------------------------------------------------------

    def _on_save_clicked(self) -> None:
        if self._stale:  # 载入最新内容, after a stale save: the user lets the typing go
            self._stale = False
            self.error.show_message("")
            self.save_button.setText("保存")
            self.reload()
            return
        problem = self.form.problem()
        self.error.show_message(problem)
        if problem:
            return
        inp = self.form.values()
        self.save_button.setEnabled(False)
        key = (inp.village_id, inp.year, inp.name)
        if key == self._confirmed:
            self._save(inp)
            return
        exclude = self.project_id

        def find(session: Session) -> list[tuple[int, int, str]]:
            return project_service.similar_projects(
                session, inp.village_id, inp.year, inp.name, exclude_id=exclude
            )

        self.ws.read(
            find,
            on_success=lambda hits: self._similar_checked(inp, key, hits),
            on_error=self._save_failed,
            parent=self,
        )

    def _similar_checked(
        self, inp: ProjectInput, key: tuple[object, ...], hits: list[tuple[int, int, str]]
    ) -> None:
        if not hits:
            self.save_button.setText("保存")
            self._save(inp)
            return
        names = "；".join(f"{year}年“{name}”" for _id, year, name in hits[:5])
        self.similar.setText(
            f"提示：本村今年或去年已有名称相近的项目：{names}。请核对是否重复申报；"
            "确认不是重复项目，请再点一次“仍然保存”。"
        )
        self.similar.show()
        self._confirmed = key
        self.save_button.setText("仍然保存")
        self.save_button.setEnabled(True)

    def _save(self, inp: ProjectInput) -> None:
        actor, project_id = self.ws.actor, self.project_id
        version = self.detail.version if self.detail is not None else 0

        def work(session: Session) -> int:
            if project_id is None:
                return project_service.create_project(session, actor, inp)
            project_service.update_project(session, actor, project_id, version, inp)
            return project_id

        self.ws.write(work, on_success=self._saved, on_error=self._save_failed, parent=self)

    def _saved(self, project_id: int) -> None:
        self.project_id = project_id
        self.project_saved.emit(project_id)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictError):
            # what was typed stays; the newer record replaces it only when the user says so
            self._stale = True
            self.error.show_message(STALE_PROJECT)
            self.save_button.setText("载入最新内容")
        elif isinstance(exc, UserError):
            self.error.show_message(str(exc))
        else:
            self.ws.runner.show_error(exc, self)

    def _print_sheet(self) -> None:
        if self.project_id is not None:
            from ui.notices.actions import print_approval_sheet

            print_approval_sheet(self.ws, self, self.project_id)
