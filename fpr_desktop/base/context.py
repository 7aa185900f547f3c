"""Who is acting: the logged-in user as plain data, passed to every service call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SOURCES = ("ui", "import", "cli", "system")


@dataclass(frozen=True)
class AuditContext:
    """Who acts and through which door; every write session carries one."""

    user_id: int | None
    username: str
    source: str  # ui / import / cli / system


@dataclass(frozen=True)
class Actor:
    """The acting user. `scope_town_id` None means the whole county."""

    user_id: int | None
    username: str
    display_name: str
    role: str
    scope_town_id: int | None = None
    scope_name: str = ""
    source: str = "ui"

    def audit(self, source: str | None = None) -> AuditContext:
        return AuditContext(self.user_id, self.username, source or self.source)

    def via(self, source: str) -> Actor:
        """The same user acting through another door (e.g. an import)."""
        return Actor(
            self.user_id,
            self.username,
            self.display_name,
            self.role,
            self.scope_town_id,
            self.scope_name,
            source,
        )


SYSTEM = Actor(user_id=None, username="system", display_name="系统", role="admin", source="system")


def anonymous(source: str) -> AuditContext:
    """Audit context before anyone has logged in (login itself, creating the first admin)."""
    return AuditContext(None, "", source)


#: session.info key: writes to make in their own transaction once the session ends
AFTER_SESSION = "fpr_after_session"


def after_session(session: Any, write: Callable[[Any], None]) -> None:
    """Record something even when the action is refused and rolled back (a failed login, a
    permission refusal): `write(session)` runs in its own transaction once this session ends
    (the database layer runs it; see `fpr_desktop.db.engine`)."""
    session.info.setdefault(AFTER_SESSION, []).append(write)
