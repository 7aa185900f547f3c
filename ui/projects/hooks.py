"""Where the 项目库 hands over to the notice screens and the exchange module.

Kept as small functions so that tests can replace what a button calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fpr_desktop.services.exchange_kinds_io import export_kind
from fpr_desktop.services.notices import KIND_LABELS
from ui.notices.actions import open_notice_for_projects, print_approval_sheet

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


def notice_opener() -> Callable[..., Any]:
    """`open_notice_for_projects(ws, parent, kind, project_ids)`."""
    return open_notice_for_projects


def approval_sheet_opener() -> Callable[..., Any]:
    """`print_approval_sheet(ws, parent, project_id)` (项目审批表)."""
    return print_approval_sheet


def project_exporter() -> Callable[..., int]:
    """`export_kind(session, actor, kind, path, *, year, town_id, progress)`."""
    return export_kind
