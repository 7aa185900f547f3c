"""The roster (干部名册): postings with their cadre, unit and village, keyset-paged in SQL.

ID numbers leave this module masked only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.paging import Column, IdPage, Totals
from fpr_desktop.base.permissions import can, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.models import Assignment, Cadre, DispatchUnit
from fpr_desktop.cadres.rules import FIRST_SECRETARY, mask_id_number

ROSTER_COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", width=70),
    Column("id_number", "身份证号", width=150),
    Column("unit", "派出单位", width=160),
    Column("level", "单位级别", width=60),
    Column("role", "驻村职务", width=80),
    Column("town", "镇", width=70),
    Column("village", "所驻村", width=80),
    Column("term_start", "任期开始", "date", 90),
    Column("term_end", "任期结束", "date", 90),
    Column("state", "状态", width=120),
    Column("flag", "提示", width=120),
)


@dataclass(frozen=True)
class RosterFilter:
    town_id: int | None = None
    village_id: int | None = None
    active_only: bool = True
    text: str = ""


@dataclass(frozen=True)
class RosterEntry:
    """One posting, for the dialogs opened from the roster."""

    assignment_id: int
    cadre_id: int
    name: str
    role: str
    village: str
    town_id: int
    ended: bool
    version: int
    village_id: int = 0


#: Columns the roster sorts by (the ID number does not: its order would reveal birth dates).
UNSORTABLE = frozenset({"id_number"})
_FAR_FUTURE = date(9999, 12, 31)


@dataclass(frozen=True)
class RosterSort:
    """A header click: the column key and the direction (None: newest posting first)."""

    key: str
    descending: bool = False


class RosterSource:
    """Postings, newest id first, or by a column (keyset on the column value and id)."""

    columns: Sequence[Column] = ROSTER_COLUMNS

    def __init__(
        self,
        session: Session,
        actor: Actor,
        flt: RosterFilter | None = None,
        sort: RosterSort | None = None,
    ) -> None:
        require_role(actor, "read")
        if sort is not None and (
            sort.key in UNSORTABLE or sort.key not in {c.key for c in ROSTER_COLUMNS}
        ):
            raise ValueError(f"cannot sort the roster by {sort.key!r}")
        self.actor = actor
        self.filter = flt or RosterFilter()
        self.sort = sort
        self.today = date.today()
        self.ending_days = int(get_value(session, "cadres.term_end_warning_days"))

    def _apply[S: Select[*tuple[Any, ...]]](self, stmt: S) -> S:
        f = self.filter
        if self.actor.scope_town_id is not None:
            stmt = stmt.where(Assignment.town_id == self.actor.scope_town_id)
        if f.town_id is not None:
            stmt = stmt.where(Assignment.town_id == f.town_id)
        if f.village_id is not None:
            stmt = stmt.where(Assignment.village_id == f.village_id)
        if f.active_only:
            stmt = stmt.where(Assignment.ended_on.is_(None))
        if f.text.strip():
            stmt = stmt.where(
                Assignment.cadre_id.in_(
                    select(Cadre.id).where(Cadre.name.contains(f.text.strip(), autoescape=True))
                )
            )
        return stmt

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        if self.sort is None:
            stmt = self._apply(select(Assignment.id))
            if after is not None:
                stmt = stmt.where(Assignment.id < after[0])
            ids = list(session.scalars(stmt.order_by(Assignment.id.desc()).limit(limit)))
            return IdPage(ids, (ids[-1],) if len(ids) == limit else None)
        town = aliased(Division)
        village = aliased(Division)
        expr: Any = {
            "name": Cadre.name,
            "unit": DispatchUnit.name,
            "level": DispatchUnit.level,
            "role": Assignment.role,
            "town": town.name,
            "village": village.name,
            "term_start": Assignment.term_start,
            "term_end": Assignment.term_end,
            "state": func.coalesce(Assignment.ended_on, _FAR_FUTURE),
            "flag": Assignment.term_end,
        }[self.sort.key]
        q: Select[Any] = self._apply(
            select(expr, Assignment.id)
            .join(Cadre, Cadre.id == Assignment.cadre_id)
            .join(DispatchUnit, DispatchUnit.id == Cadre.unit_id)
            .join(town, town.id == Assignment.town_id)
            .join(village, village.id == Assignment.village_id)
        )
        desc = self.sort.descending
        if after is not None:
            value, last_id = after
            if desc:
                cond = or_(expr < value, and_(expr == value, Assignment.id < last_id))
            else:
                cond = or_(expr > value, and_(expr == value, Assignment.id > last_id))
            q = q.where(cond)
        order = (expr.desc(), Assignment.id.desc()) if desc else (expr.asc(), Assignment.id.asc())
        rows = session.execute(q.order_by(*order).limit(limit)).all()
        ids = [int(r[-1]) for r in rows]
        return IdPage(ids, tuple(rows[-1]) if len(rows) == limit else None)

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        town = aliased(Division)
        village = aliased(Division)
        stmt = (
            select(Assignment, Cadre, DispatchUnit, town.name, village.name)
            .join(Cadre, Cadre.id == Assignment.cadre_id)
            .join(DispatchUnit, DispatchUnit.id == Cadre.unit_id)
            .join(town, town.id == Assignment.town_id)
            .join(village, village.id == Assignment.village_id)
            .where(Assignment.id.in_(list(ids)))
        )
        out: dict[int, tuple[Any, ...]] = {}
        soon = self.today + timedelta(days=self.ending_days)
        for a, c, u, town_name, village_name in session.execute(stmt):
            state = "在岗" if a.ended_on is None else f"{a.end_reason}（{a.ended_on}）"
            flag = ""
            if a.ended_on is None and self.today <= a.term_end <= soon:
                flag = f"{(a.term_end - self.today).days}天后期满"
            out[a.id] = (
                c.name,
                mask_id_number(c.id_number),
                u.name,
                u.level,
                a.role,
                town_name,
                village_name,
                a.term_start,
                a.term_end,
                state,
                flag,
            )
        return out

    def totals(self, session: Session) -> Totals:
        stmt = self._apply(
            select(
                func.count(Assignment.id),
                func.count(Assignment.id).filter(Assignment.role == FIRST_SECRETARY),
            )
        )
        count, secretaries = session.execute(stmt).one()
        return Totals(int(count), {"secretaries": int(secretaries)})


def roster_entry(session: Session, actor: Actor, assignment_id: int) -> RosterEntry:
    require_role(actor, "read")
    row = session.execute(
        select(Assignment, Cadre.name, Division.name)
        .join(Cadre, Cadre.id == Assignment.cadre_id)
        .join(Division, Division.id == Assignment.village_id)
        .where(Assignment.id == assignment_id)
    ).one()
    a, name, village = row
    return RosterEntry(
        a.id,
        a.cadre_id,
        name,
        a.role,
        village,
        a.town_id,
        a.ended_on is not None,
        a.version,
        a.village_id,
    )


@dataclass(frozen=True)
class CadreChoices:
    """What the tab's filters and buttons need: towns in scope and what the user may do."""

    towns: list[tuple[int, str]]
    may_edit: bool
    may_daily: bool


def cadre_choices(session: Session, actor: Actor) -> CadreChoices:
    require_role(actor, "read")
    stmt = select(Division.id, Division.name).where(
        Division.level == "town", Division.active.is_(True)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Division.id == actor.scope_town_id)
    towns = [(i, n) for i, n in session.execute(stmt.order_by(Division.sort_order, Division.id))]
    return CadreChoices(towns, can(actor, "cadres.edit"), can(actor, "cadres.daily"))
