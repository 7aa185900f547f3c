"""The 系统管理 tab: divisions, users, parameters, audit log and the working-day calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpr_desktop.base.context import Actor

#: (title, permission needed) of each page, in order. An auditor gets only 审计日志; a town
#: clerk only 行政区划. Here, not in tab.py, so the main window can ask without loading the pages.
PAGE_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("行政区划", "divisions.edit"),
    ("用户", "users.manage"),
    ("参数设置", "settings.edit"),
    ("项目类别", "settings.edit"),
    ("审计日志", "audit.read"),
    ("工作日历", "calendar.edit"),
    ("报送登记", "import"),
)


def admin_tab_visible(actor: Actor) -> bool:
    from fpr_desktop.base.permissions import can

    return any(can(actor, permission) for _, permission in PAGE_PERMISSIONS)
