"""Shared look-ups of the cadres services: a cadre's posting and the permission check on it."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound
from fpr_desktop.base.permissions import in_scope, require
from fpr_desktop.cadres.models import Assignment, Cadre


def latest_assignment(session: Session, cadre_id: int) -> Assignment | None:
    """The current posting, or the last one when the cadre has left."""
    return session.scalar(
        select(Assignment)
        .where(Assignment.cadre_id == cadre_id)
        .order_by(Assignment.ended_on.is_(None).desc(), Assignment.term_start.desc())
        .limit(1)
    )


def cadre_for(session: Session, actor: Actor, cadre_id: int, permission: str) -> Cadre:
    """The cadre, once the actor may do `permission` in the village they are posted to."""
    cadre = session.get(Cadre, cadre_id)
    posting = latest_assignment(session, cadre_id) if cadre else None
    if cadre is None or (posting and not in_scope(session, actor, posting.village_id)):
        raise NotFound("该驻村干部不存在。")
    require(session, actor, permission, posting.village_id if posting else None)
    return cadre


def stamp(row: Any) -> str:
    """What a record of a table without a version column looked like when it was listed: a
    short digest of its columns. A correction based on an older stamp is refused (another
    clerk saved first), as a stale version is for versioned rows."""
    columns = inspect(row).mapper.column_attrs
    text = "\x1f".join(f"{c.key}={getattr(row, c.key)!r}" for c in columns)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
