"""The 办理 menu of one project: its life-cycle steps (refusals with the reason) and records."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.projects.flow import StepOption
from fpr_desktop.projects.todo import NOTICE_AFTER_STEP, NoticeCall
from fpr_desktop.projects.views import ActionContext, action_context
from ui.common.widgets import Workspace, submit_dialog
from ui.projects.records_dialogs import (
    RECORD_DIALOGS,
    AcceptanceDialog,
    MeetingDialog,
    RecordDialog,
    RecordDialogType,
)
from ui.projects.step_dialog import StepDialog

NO_PROJECT = "请先在列表中选择一个项目"
NO_STEP = "当前状态没有可办理的审批步骤"
NOT_COMPLETED = "项目尚未登记竣工，不能验收。"
NO_RECORD_RIGHT = "当前用户没有“维护项目库”的权限。"
#: Menu texts of records whose dialog's own text would read like a step (验收… beside 验收通过…).
RECORD_TEXTS = {AcceptanceDialog: "验收记录（自检、初验、终验）…"}
#: The other answer to “生成村级公示…?” after a step that needs a publicity.
LATER = "稍后"

ActionDialog = StepDialog | RecordDialog


class ProjectActions(QObject):
    """Keeps `menu` in step with one project; runs its dialogs through the op runner."""

    #: The menu now shows the options of `context` (None: no project chosen).
    menu_updated = Signal()
    #: A save was refused as stale: the project with this id changed under the user (a saved
    #: step or record is announced on the app-wide change signal instead).
    project_changed = Signal(int)
    #: A sentence for the user about what was just done.
    message_posted = Signal(str)

    def __init__(self, ws: Workspace, owner: QWidget) -> None:
        super().__init__(owner)
        self.ws = ws
        self.owner = owner
        self.menu = QMenu(owner)
        self.menu.setToolTipsVisible(True)
        self.context: ActionContext | None = None
        self.dialog: ActionDialog | None = None
        #: the message box shown after the last save (success, or the offer of the next step)
        self.note: QMessageBox | None = None
        #: the notice dialog opened from that offer (see `_offer_notice`)
        self.notice_dialog: QWidget | None = None
        self._wanted: int | None = None
        self._request = 0  # number of the latest read; older answers are out of date
        self._build()

    # --- menu ------------------------------------------------------------------------------

    def load(self, project_id: int | None) -> None:
        """Read what may be done with `project_id` now (None: clear the menu)."""
        self._wanted = project_id
        self._request += 1
        if project_id is None:
            self.context = None
            self._build()
            return
        actor, request = self.ws.actor, self._request

        def read(session: Session) -> ActionContext:
            return action_context(session, actor, project_id)

        self.ws.read(read, on_success=lambda ctx: self._loaded(request, ctx), parent=self.owner)

    def _loaded(self, request: int, ctx: ActionContext) -> None:
        if request != self._request:
            return  # a newer read is on its way (another project, or after a change)
        self.context = ctx
        self._build()

    def _build(self) -> None:
        self.menu.clear()
        ctx = self.context
        if ctx is None:
            self.menu.addAction(NO_PROJECT).setEnabled(False)
            self.menu_updated.emit()
            return
        self.menu.addSection(f"审批办理（当前：{ctx.status_label}）")
        for option in ctx.options:
            action = self.menu.addAction(option.label + "…")
            action.setEnabled(option.allowed)
            action.setToolTip(option.reason or option.label)
            action.setStatusTip(option.reason)
            action.triggered.connect(lambda _checked=False, o=option: self.open_step(o))
        if not ctx.options:
            self.menu.addAction(NO_STEP).setEnabled(False)
        self.menu.addSection("登记实施记录")
        for text, dialog_type in RECORD_DIALOGS:
            text = RECORD_TEXTS.get(dialog_type, text)
            action = self.menu.addAction(text)
            reason = self._record_refusal(ctx, dialog_type)
            action.setEnabled(not reason)
            action.setToolTip(reason or text.removesuffix("…"))
            action.triggered.connect(lambda _checked=False, t=dialog_type: self.open_record(t))
        self.menu_updated.emit()

    @staticmethod
    def _record_refusal(ctx: ActionContext, dialog_type: RecordDialogType) -> str:
        if not ctx.may_record:
            return NO_RECORD_RIGHT
        if dialog_type is AcceptanceDialog and ctx.completed_on is None:
            return NOT_COMPLETED
        refusal = getattr(dialog_type, "refusal", None)  # a record dialog's own rule
        return refusal(ctx) if refusal is not None else ""

    def action(self, text: str) -> QAction | None:
        """The menu entry whose text starts with `text` (for tests and shortcuts)."""
        return next((a for a in self.menu.actions() if a.text().startswith(text)), None)

    # --- dialogs ---------------------------------------------------------------------------

    def open_step(self, option: StepOption) -> StepDialog | None:
        if self.context is None or not option.allowed:
            return None
        dialog = StepDialog(self.context, option, self.owner)
        self._open(dialog)
        return dialog

    def open_record(self, dialog_type: RecordDialogType) -> RecordDialog | None:
        if self.context is None:
            return None
        dialog = dialog_type(self.context, self.owner)
        self._open(dialog)
        return dialog

    def _open(self, dialog: ActionDialog) -> None:
        project_id = dialog.ctx.id
        actor = self.ws.actor

        def save() -> None:
            submit_dialog(
                self.ws,
                dialog,
                dialog.work(actor),
                on_saved=lambda result: self._done(dialog, result),
                on_conflict=lambda: self._changed(project_id),
            )

        dialog.save_requested.connect(save)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: ActionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _done(self, dialog: ActionDialog, result: Any) -> None:
        text = dialog.done_text(result)
        self.message_posted.emit(text)
        call = NOTICE_AFTER_STEP.get(dialog.option.code) if isinstance(dialog, StepDialog) else None
        if call is not None:
            self._offer_notice(dialog.ctx.id, text, call)
        elif isinstance(dialog, MeetingDialog) and result:
            # A meeting that misses its quorum is recorded, but the clerk must know at once.
            self._tell(QMessageBox.Icon.Warning, "会议不符合要求", text)
        else:
            self._tell(QMessageBox.Icon.Information, "办理完成", text)
        if dialog.ctx.id == self._wanted:
            self.load(dialog.ctx.id)  # the steps now open (the lists refresh on the change signal)

    def tell(self, text: str, title: str = "完成") -> QMessageBox:
        """A success note for the page (a saved proposal, an export)."""
        return self._tell(QMessageBox.Icon.Information, title, text)

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A window-modal note where the eye is (never grey text that vanishes)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(self.owner, box.windowFlags())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(box.deleteLater)
        self.note = box
        box.open()
        return box

    def _offer_notice(self, project_id: int, done: str, call: NoticeCall) -> None:
        """After a step that needs a publicity: offer to generate and register it right away."""
        if not can(self.ws.actor, "notices.edit"):
            self._tell(
                QMessageBox.Icon.Information,
                "办理完成",
                f"{done}\n\n请通知有“登记公告公示”权限的人员生成并登记{call.label}。",
            )
            return
        box = self._tell(
            QMessageBox.Icon.Question,
            "办理完成",
            f"{done}\n\n下一步须张贴{call.label}并登记，期满无异议后才能继续办理。"
            f"现在生成并登记{call.label}吗？",
        )
        box.setStandardButtons(QMessageBox.StandardButton.NoButton)
        generate = box.addButton(f"生成{call.label}…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(LATER, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(generate)
        ws, owner = self.ws, self.owner

        def answered() -> None:
            if box.clickedButton() is generate:
                from ui.notices.actions import open_notice_for_projects

                self.notice_dialog = open_notice_for_projects(
                    ws, owner, call.kind, [project_id], level=call.level
                )

        box.finished.connect(answered)

    def _changed(self, project_id: int) -> None:
        self.project_changed.emit(project_id)
        if project_id == self._wanted:
            self.load(project_id)
