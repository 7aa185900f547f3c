"""Entry points other tabs call: a notice for chosen projects, a project's approval sheet, and the
PDF of a registered notice — all built in the background and shown in the in-program preview."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from fpr_desktop.base.errors import UserError, ValidationError
from fpr_desktop.documents import NoticeKind
from fpr_desktop.notices import register as reg
from fpr_desktop.projects.notices import build as nb
from fpr_desktop.projects.notices.approval_sheet import approval_sheet
from fpr_desktop.projects.notices.batch import file_name, safe_name
from ui.common.ops import OpContext, OpHandle
from ui.common.pdf_preview import PdfPreviewDialog, show_pdf_preview
from ui.common.widgets import Workspace
from ui.notices.compose import NoticeComposeDialog

Shown = Callable[[PdfPreviewDialog], Any] | None


def open_notice_for_projects(
    ws: Workspace,
    parent: QWidget | None,
    kind: NoticeKind | str,
    project_ids: Sequence[int],
    *,
    level: str | None = None,
) -> NoticeComposeDialog | None:
    """Build `kind` for the chosen projects in the background, preview it, and offer to register
    it with a window start date (at `level`; None: from the projects). None (and a message) for
    a kind not available yet."""
    try:
        nb.check_kind(str(kind))
        if not project_ids:
            raise ValidationError("请先选择要公示的项目。")
    except UserError as exc:
        ws.runner.show_error(exc, parent)
        return None
    dialog = NoticeComposeDialog(ws, NoticeKind(kind).value, project_ids, parent, level=level)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def print_approval_sheet(
    ws: Workspace, parent: QWidget | None, project_id: int, on_shown: Shown = None
) -> OpHandle[tuple[str, bytes]]:
    """The project's approval sheet (项目审批表) in the preview, ready to print or save."""
    db, actor = ws.db, ws.actor

    def job(_ctx: OpContext) -> tuple[str, bytes]:
        with db.read() as session:
            sheet = approval_sheet(session, actor, project_id)
        return sheet.project_name, sheet.pdf()

    def show(result: tuple[str, bytes]) -> None:
        name, data = result
        dialog = show_pdf_preview(
            data,
            title=f"项目审批表 — {name}",
            file_name=f"{safe_name(name)}审批表.pdf",
            parent=parent,
        )
        if on_shown is not None:
            on_shown(dialog)

    return ws.run(job, on_success=show, parent=parent, progress_label="正在生成项目审批表…")


def preview_registered(
    ws: Workspace, parent: QWidget | None, notice_id: int, on_shown: Shown = None
) -> OpHandle[tuple[nb.BuiltNotice, bytes]]:
    """A registered notice regenerated from what the register holds (place, window, projects)."""
    db, actor = ws.db, ws.actor

    def job(_ctx: OpContext) -> tuple[nb.BuiltNotice, bytes]:
        with db.read() as session:
            row = reg.get_notice(session, actor, notice_id)
            built = nb.build_notices(session, actor, nb.request_for(row))[0]
        return built, nb.render(built)

    def show(result: tuple[nb.BuiltNotice, bytes]) -> None:
        built, data = result
        dialog = show_pdf_preview(
            data, title=built.title, file_name=file_name(built), parent=parent
        )
        if on_shown is not None:
            on_shown(dialog)

    return ws.run(job, on_success=show, parent=parent, progress_label="正在生成公告…")
