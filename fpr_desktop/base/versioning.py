"""Optimistic locking for edits: a save based on an old version is refused, never merged."""

from __future__ import annotations

from typing import Any

from fpr_desktop.base.errors import ConflictError


def check_version(obj: Any, expected_version: int) -> None:
    """Refuse when the row changed since the user loaded it (another clerk saved first).

    The row's `version_id_col` also guards the UPDATE itself (a concurrent commit between this
    check and the flush raises StaleDataError, which the caller turns into ConflictError).
    """
    if obj.version != expected_version:
        raise ConflictError()
