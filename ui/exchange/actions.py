"""Entry points the tabs mount on their buttons: import (wizard), export, blank template.

import_kind(ws, parent, "projects")            # opens the wizard; returns it
export_kind(ws, parent, "projects", year=2025)  # asks for a file name, writes in background
save_template(ws, parent, "divisions")
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QAbstractButton, QWidget

from fpr_desktop.base.context import Actor
from fpr_desktop.base.permissions import PERMISSION_LABELS, can, role_label
from fpr_desktop.submissions.files import export_kind as export_service
from fpr_desktop.submissions.kinds import get_kind
from ui.common.ops import OpContext
from ui.common.widgets import Workspace
from ui.exchange import prompts
from ui.exchange.templates import done_note, save_template
from ui.exchange.wizard import ImportWizard

__all__ = ["export_kind", "guard_import", "import_kind", "import_refusal", "save_template"]


def import_refusal(actor: Actor, kind: str) -> str:
    """Why `actor` may not import `kind` ('' when they may): said before the wizard opens."""
    k = get_kind(kind)
    for permission in ("import", k.permission):
        if not can(actor, permission):
            label = PERMISSION_LABELS.get(permission, permission)
            return f"当前用户（{role_label(actor.role)}）没有“{label}”的权限，不能导入{k.title}。"
    return ""


def guard_import(button: QAbstractButton, actor: Actor, kind: str) -> str:
    """An 导入… button of a user who may not import `kind`: disabled, the reason as its tip.

    Returns the reason ('' when the import is allowed and the button is left as it was).
    """
    reason = import_refusal(actor, kind)
    if reason:
        button.setEnabled(False)
        button.setToolTip(reason)
        button.setStatusTip(reason)
    return reason


def import_kind(
    ws: Workspace,
    parent: QWidget | None,
    kind: str,
) -> ImportWizard | None:
    """Open the import wizard for `kind` (what an import wrote goes out on the change signal).

    A user who may not import it is told why at once, and no wizard opens (None).
    """
    reason = import_refusal(ws.actor, kind)
    if reason:
        from fpr_desktop.base.errors import PermissionDenied

        ws.runner.show_error(PermissionDenied(reason), parent)
        return None
    wizard = ImportWizard(ws, kind, parent)
    wizard.finished.connect(lambda _r: wizard.deleteLater())
    wizard.open()
    return wizard


def export_kind(
    ws: Workspace,
    parent: QWidget | None,
    kind: str,
    year: int | None = None,
    town_id: int | None = None,
) -> str | None:
    """Ask where to save, then write the official-layout export in the background."""
    k = get_kind(kind)
    when = f"{year}年" if year else ""
    suggested = f"{when}{k.title}_{date.today():%Y%m%d}.xlsx"
    path = prompts.choose_save_file(parent, f"导出{k.title}", suggested)
    if not path:
        return None
    actor, db = ws.actor, ws.db

    def work(ctx: OpContext) -> int:
        def progress(n: int) -> None:
            ctx.check_cancelled()
            ctx.progress(n, None, f"已写入 {n} 行…")

        with db.read() as session:
            return export_service(
                session, actor, kind, path, year=year, town_id=town_id, progress=progress
            )

    ws.run(
        work,
        on_success=lambda n: done_note(parent, f"已导出 {n} 行到：\n{path}"),
        parent=parent,
        progress_label=f"正在导出{k.title}…",
        cancellable=True,
    )
    return path
