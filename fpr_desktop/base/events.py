"""Audited facts that are not column changes: a login, a refusal, a password reset, a restore."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import AuditLog
from fpr_desktop.base.models.columns import utcnow


def record_event(
    session: Session,
    actor: Actor,
    *,
    table_name: str,
    row_id: str,
    action: str,
    note: str = "",
    division_id: int | None = None,
) -> None:
    """An audited fact that is not a column change (a login, a password reset, a restore)."""
    session.execute(
        insert(AuditLog),
        [
            {
                "at": utcnow(),
                "user_id": actor.user_id,
                "username": actor.username,
                "source": actor.source,
                "table_name": table_name,
                "row_id": row_id,
                "action": action,
                "field": None,
                "old_value": None,
                "new_value": note or None,
                "division_id": division_id,
            }
        ],
    )
