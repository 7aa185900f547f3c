"""What the forms of units, cadres and postings need: the choices they offer and the task-46
warnings of a posting computed before it is saved (the form shows them as the user types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.models import Assignment, Cadre, DispatchUnit
from fpr_desktop.cadres.roster import secretary_problems
from fpr_desktop.cadres.rules import FIRST_SECRETARY, add_years, mask_id_number


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    level: str
    cadres: int  # posted now
    secretaries: int  # posted now as 第一书记


@dataclass(frozen=True)
class CadreChoice:
    id: int
    name: str
    unit_id: int
    unit: str
    id_masked: str
    posted: bool  # has an active posting (cannot be posted again)
    secretary_problems: tuple[str, ...]  # why they would not qualify as 第一书记 ('' none)

    @property
    def label(self) -> str:
        state = "（在岗）" if self.posted else ""
        return f"{self.name}　{self.unit}　{self.id_masked}{state}"


@dataclass(frozen=True)
class PostingContext:
    """Everything the posting form needs to warn without asking the database again."""

    today: date
    min_years: int
    min_team: int
    ending_days: int
    units: list[UnitRow]
    cadres: list[CadreChoice]
    villages: list[tuple[int, str]]  # (id, '镇 村') in the actor's scope
    team_sizes: dict[int, int] = field(default_factory=dict)  # village id → active postings


def list_units(session: Session, actor: Actor) -> list[UnitRow]:
    require_role(actor, "read")
    active = (
        select(
            Cadre.unit_id,
            func.count(Assignment.id).label("n"),
            func.count(Assignment.id).filter(Assignment.role == FIRST_SECRETARY).label("s"),
        )
        .join(Assignment, Assignment.cadre_id == Cadre.id)
        .where(Assignment.ended_on.is_(None))
        .group_by(Cadre.unit_id)
        .subquery()
    )
    stmt = (
        select(DispatchUnit, func.coalesce(active.c.n, 0), func.coalesce(active.c.s, 0))
        .outerjoin(active, active.c.unit_id == DispatchUnit.id)
        .order_by(DispatchUnit.name)
    )
    return [UnitRow(u.id, u.name, u.level, int(n), int(s)) for u, n, s in session.execute(stmt)]


def posting_context(session: Session, actor: Actor, today: date) -> PostingContext:
    require_role(actor, "read")
    active = {
        cid: vid
        for cid, vid in session.execute(
            select(Assignment.cadre_id, Assignment.village_id).where(Assignment.ended_on.is_(None))
        )
    }
    units = list_units(session, actor)
    cadres = [
        CadreChoice(
            c.id,
            c.name,
            c.unit_id,
            unit,
            mask_id_number(c.id_number),
            c.id in active,
            tuple(secretary_problems(c, today)),
        )
        for c, unit in session.execute(
            select(Cadre, DispatchUnit.name)
            .join(DispatchUnit, DispatchUnit.id == Cadre.unit_id)
            .order_by(Cadre.name, Cadre.id)
        )
    ]
    town = aliased(Division)
    stmt = (
        select(Division.id, town.name, Division.name)
        .join(town, town.id == Division.town_id)
        .where(Division.level == "village", Division.active.is_(True))
        .order_by(town.sort_order, Division.sort_order, Division.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Division.town_id == actor.scope_town_id)
    villages = [(vid, f"{t} {v}") for vid, t, v in session.execute(stmt)]
    sizes: dict[int, int] = {}
    for vid in active.values():
        sizes[vid] = sizes.get(vid, 0) + 1
    return PostingContext(
        today,
        int(get_value(session, "cadres.min_term_years")),
        int(get_value(session, "cadres.min_team_size")),
        int(get_value(session, "cadres.term_end_warning_days")),
        units,
        cadres,
        villages,
        sizes,
    )


def posting_warnings(
    ctx: PostingContext,
    *,
    cadre_id: int | None,
    village_id: int | None,
    role: str,
    term_start: date | None,
    term_end: date | None,
    leaving_village_id: int | None = None,
) -> list[str]:
    """The task-46 warnings this posting would raise (it may still be saved).

    `leaving_village_id`: the village of a posting this one replaces (its team loses one).
    """
    out: list[str] = []
    if term_start and term_end and term_end > term_start:
        if term_end + timedelta(days=1) < add_years(term_start, ctx.min_years):
            out.append(f"任期不足{ctx.min_years}年（{term_start}至{term_end}）。")
        if ctx.today <= term_end <= ctx.today + timedelta(days=ctx.ending_days):
            out.append(
                f"任期将于{term_end}届满（{(term_end - ctx.today).days}天后），请及时安排轮换。"
            )
    cadre = next((c for c in ctx.cadres if c.id == cadre_id), None)
    if village_id is not None:
        size = ctx.team_sizes.get(village_id, 0) + 1
        if leaving_village_id == village_id:
            size -= 1
        if size < ctx.min_team:
            name = next((n for v, n in ctx.villages if v == village_id), "该村")
            out.append(f"{name.split()[-1]}工作队选派后仅{size}人，少于{ctx.min_team}人。")
    if cadre is not None:
        unit = next((u for u in ctx.units if u.id == cadre.unit_id), None)
        if unit is not None and role != FIRST_SECRETARY and unit.secretaries == 0:
            out.append(f"派出单位“{unit.name}”没有选派第一书记。")
        if role == FIRST_SECRETARY:
            out.extend(f"第一书记条件：{p}" for p in cadre.secretary_problems)
    return out
