"""What one write changed — the `Changes` summary a transaction hands back (ARCHITECTURE rule 2).

The summary names the tables written (`project`, `notice`, `division` …): "what changed", not
"who to poke". It is collected without any service having to remember it: the audit hook records
the table of every row it audits (`record`), bulk writes do the same when they audit their rows,
and `changes_of(session)` reads the result after the transaction. The GUI publishes it on its
one change signal (`ui.common.changes`), where every page that shows such rows refreshes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_KEY = "fpr_changed_tables"


@dataclass(frozen=True)
class Changes:
    """The tables one transaction wrote (empty: nothing changed)."""

    tables: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *tables: str) -> Changes:
        return cls(frozenset(tables))

    def touches(self, tables: Iterable[str]) -> bool:
        """Whether any of `tables` changed."""
        return not self.tables.isdisjoint(tables)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tables | other.tables)

    def __bool__(self) -> bool:
        return bool(self.tables)


NOTHING = Changes()


def record(session: Session, tables: Iterable[str]) -> None:
    """Note that this session wrote rows of `tables` (called where writes are audited)."""
    session.info.setdefault(_KEY, set()).update(tables)


def changes_of(session: Session) -> Changes:
    """Everything the session wrote so far (read it after the transaction has committed)."""
    return Changes(frozenset(session.info.get(_KEY, ())))
