"""The lists of the work and care pages: posted cadres to choose from, a village's visits, the
year's trainings, care records and spot checks, all within the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require_role
from fpr_desktop.cadres.common import stamp
from fpr_desktop.cadres.models import (
    Assignment,
    Cadre,
    CareRecord,
    HouseholdVisit,
    SpotCheck,
    Training,
    WorkRecord,
)
from fpr_desktop.cadres.rules import role_order


@dataclass(frozen=True)
class PostedCadre:
    cadre_id: int
    label: str  # 上岔村 第一书记 王建国
    village_id: int


def posted_cadres(session: Session, actor: Actor) -> list[PostedCadre]:
    """Cadres with an active posting in the actor's scope, by village then role."""
    require_role(actor, "read")
    stmt = (
        select(Assignment, Cadre.name, Division.name)
        .join(Cadre, Cadre.id == Assignment.cadre_id)
        .join(Division, Division.id == Assignment.village_id)
        .where(Assignment.ended_on.is_(None))
        .order_by(Division.sort_order, Division.id, role_order(Assignment.role), Cadre.name)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Assignment.town_id == actor.scope_town_id)
    return [
        PostedCadre(a.cadre_id, f"{v} {a.role} {n}", a.village_id)
        for a, n, v in session.execute(stmt)
    ]


def _in_scope[S: Select[*tuple[Any, ...]]](
    stmt: S, actor: Actor, cadre_column: InstrumentedAttribute[int]
) -> S:
    """Rows of cadres whose posting lies in the actor's town."""
    if actor.scope_town_id is None:
        return stmt
    return stmt.where(
        cadre_column.in_(
            select(Assignment.cadre_id).where(Assignment.town_id == actor.scope_town_id)
        )
    )


@dataclass(frozen=True)
class VisitRow:
    household: str
    visited_on: date
    visitors: str
    items: str
    problems: str
    referred: bool
    id: int = 0
    stamp: str = ""  # what the record looked like when listed (a correction checks it)


def list_visits(session: Session, actor: Actor, village_id: int, year: int) -> list[VisitRow]:
    require_role(actor, "read")
    stmt = (
        select(HouseholdVisit)
        .where(
            HouseholdVisit.village_id == village_id,
            HouseholdVisit.visited_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .order_by(HouseholdVisit.visited_on.desc(), HouseholdVisit.id.desc())
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(
            HouseholdVisit.village_id.in_(
                select(Division.id).where(Division.town_id == actor.scope_town_id)
            )
        )
    return [
        VisitRow(
            v.household, v.visited_on, v.visitors, v.items, v.problems, v.referred, v.id, stamp(v)
        )
        for v in session.scalars(stmt)
    ]


@dataclass(frozen=True)
class TrainingRow:
    name: str
    course: str
    level: str
    start_date: date
    end_date: date
    hours: int
    id: int = 0
    cadre_id: int = 0
    stamp: str = ""


def list_trainings(session: Session, actor: Actor, year: int) -> list[TrainingRow]:
    require_role(actor, "read")
    stmt = (
        select(Training, Cadre.name)
        .join(Cadre, Cadre.id == Training.cadre_id)
        .where(Training.start_date.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(Training.start_date.desc(), Training.id.desc())
    )
    stmt = _in_scope(stmt, actor, Training.cadre_id)
    return [
        TrainingRow(
            n,
            t.course,
            t.organiser_level,
            t.start_date,
            t.end_date,
            t.hours,
            t.id,
            t.cadre_id,
            stamp(t),
        )
        for t, n in session.execute(stmt)
    ]


@dataclass(frozen=True)
class CareRow:
    name: str
    kind: str
    occurred_on: date
    provider: str
    occasion: str
    amount: Decimal | None
    valid_to: date | None
    note: str
    id: int = 0
    cadre_id: int = 0
    stamp: str = ""
    policy_no: str = ""
    insurer: str = ""
    valid_from: date | None = None


def list_care(session: Session, actor: Actor, year: int) -> list[CareRow]:
    require_role(actor, "read")
    stmt = (
        select(CareRecord, Cadre.name)
        .join(Cadre, Cadre.id == CareRecord.cadre_id)
        .where(CareRecord.occurred_on.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(CareRecord.occurred_on.desc(), CareRecord.id.desc())
    )
    stmt = _in_scope(stmt, actor, CareRecord.cadre_id)
    return [
        CareRow(
            n,
            c.kind,
            c.occurred_on,
            c.provider,
            c.occasion,
            c.amount,
            c.valid_to,
            c.note,
            c.id,
            c.cadre_id,
            stamp(c),
            c.policy_no,
            c.insurer,
            c.valid_from,
        )
        for c, n in session.execute(stmt)
    ]


@dataclass(frozen=True)
class CheckRow:
    """A spot check or a report heard by the dispatching unit (the page's 抽查与汇报 list)."""

    name: str
    kind: str  # 抽查 / 派出单位听取汇报 …
    on: date
    by: str
    result: str
    id: int = 0  # of the spot check (kind 抽查) or of the work record
    cadre_id: int = 0
    stamp: str = ""
    note: str = ""  # a spot check's 情况说明

    @property
    def is_spot_check(self) -> bool:
        return self.kind == "抽查"


def list_checks_and_reports(session: Session, actor: Actor, year: int) -> list[CheckRow]:
    require_role(actor, "read")
    first, last = date(year, 1, 1), date(year, 12, 31)
    checks = _in_scope(
        select(SpotCheck, Cadre.name)
        .join(Cadre, Cadre.id == SpotCheck.cadre_id)
        .where(SpotCheck.checked_on.between(first, last)),
        actor,
        SpotCheck.cadre_id,
    )
    works = _in_scope(
        select(WorkRecord, Cadre.name)
        .join(Cadre, Cadre.id == WorkRecord.cadre_id)
        .where(WorkRecord.recorded_on.between(first, last)),
        actor,
        WorkRecord.cadre_id,
    )
    out = [
        CheckRow(
            n, "抽查", c.checked_on, c.checked_by, c.result, c.id, c.cadre_id, stamp(c), c.note
        )
        for c, n in session.execute(checks)
    ]
    out += [
        CheckRow(n, w.kind, w.recorded_on, "", w.content, w.id, w.cadre_id, stamp(w))
        for w, n in session.execute(works)
    ]
    return sorted(out, key=lambda r: r.on, reverse=True)
