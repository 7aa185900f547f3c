"""Where the 项目库 hands over to the notice screens and the exchange module (both optional).

The notice screens provide `ui.notices.actions.open_notice_for_projects(ws, parent, kind,
project_ids)` and `print_approval_sheet(ws, parent, project_id)`; the exchange module provides
`export_kind(session, actor, "projects", path, year=, town_id=)`. While one is missing, the
button that would call it is hidden (notices) or disabled with a tooltip (export).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from fpr_desktop.services.notices import KIND_LABELS

log = logging.getLogger(__name__)

#: Notice kinds a project list offers under 生成公示…, in life-cycle order.
PROJECT_NOTICE_KINDS = (
    "project_library_publicity",
    "project_library_announcement",
    "annual_plan",
    "pre_implementation",
    "completion",
    "acceptance",
)


def notice_kind_labels() -> list[tuple[str, str]]:
    return [(kind, KIND_LABELS[kind]) for kind in PROJECT_NOTICE_KINDS]


def _provided(module_name: str, name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        log.info("%s 不可用，相应按钮不显示", module_name)
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


def notice_opener() -> Callable[..., Any] | None:
    """`open_notice_for_projects(ws, parent, kind, project_ids)`, or None if not available."""
    return _provided("ui.notices.actions", "open_notice_for_projects")


def approval_sheet_opener() -> Callable[..., Any] | None:
    """`print_approval_sheet(ws, parent, project_id)` (项目审批表), or None if not available."""
    return _provided("ui.notices.actions", "print_approval_sheet")


def project_exporter() -> Callable[..., int] | None:
    """`export_kind(session, actor, kind, path, *, year, town_id, progress)`, or None."""
    return _provided("fpr_desktop.services.exchange_kinds_io", "export_kind")
