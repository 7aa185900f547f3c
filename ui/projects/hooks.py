"""Where the 项目库 hands over to the notice screens and the exchange module.

Kept as small functions so that tests can replace what a button calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fpr_desktop.base.registry import module
from fpr_desktop.submissions.files import export_kind
from ui.notices.actions import open_notice_for_projects, print_approval_sheet


def notice_kind_labels() -> list[tuple[str, str]]:
    """Notice kinds a project list offers under 生成公示…, in life-cycle order."""
    projects = module("projects")
    assert projects is not None
    return [(k.kind, k.label) for k in projects.notice_kinds]


def notice_opener() -> Callable[..., Any]:
    """`open_notice_for_projects(ws, parent, kind, project_ids)`."""
    return open_notice_for_projects


def approval_sheet_opener() -> Callable[..., Any]:
    """`print_approval_sheet(ws, parent, project_id)` (项目审批表)."""
    return print_approval_sheet


def project_exporter() -> Callable[..., int]:
    """`export_kind(session, actor, kind, path, *, year, town_id, progress)`."""
    return export_kind
