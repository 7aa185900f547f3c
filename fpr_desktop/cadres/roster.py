"""Villages first, then people: key villages, dispatching units, cadres, assignments and the
roster warnings of task 46 (term, team size, first secretaries, terms about to end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.cadres.models import Assignment, Cadre, DispatchUnit, KeyVillage
from fpr_desktop.cadres.rules import (
    END_REASONS,
    FIRST_SECRETARY,
    KEY_VILLAGE_REASONS,
    ROLES,
    UNIT_LEVELS,
    add_years,
    check_id_number,
)


@dataclass(frozen=True)
class KeyVillageRow:
    id: int
    year: int
    village_id: int
    village: str
    town: str
    reason: str
    households: int
    team_size: int
    version: int


def _village(session: Session, village_id: int) -> Division:
    v = session.get(Division, village_id)
    if v is None or v.level != "village":
        raise NotFound("所选的村不存在。")
    return v


def set_key_village(
    session: Session,
    actor: Actor,
    *,
    year: int,
    village_id: int,
    reason: str,
    households: int,
    note: str = "",
) -> int:
    """Designate (or re-describe) a key assistance village for a year (task 45)."""
    v = _village(session, village_id)
    require(session, actor, "cadres.edit", v.id)
    problems = []
    if reason not in KEY_VILLAGE_REASONS:
        problems.append(f"认定原因只能是：{'、'.join(KEY_VILLAGE_REASONS)}。")
    if households < 0:
        problems.append("户数不能为负数。")
    if not 2000 <= year <= 2100:
        problems.append(f"年度“{year}”不正确。")
    if problems:
        raise ValidationError("\n".join(problems))
    row = session.scalar(
        select(KeyVillage).where(KeyVillage.year == year, KeyVillage.village_id == v.id)
    )
    if row is None:
        row = KeyVillage(year=year, village_id=v.id)
        session.add(row)
    row.reason, row.households, row.note = reason, households, note.strip()
    session.flush()
    return row.id


def list_key_villages(session: Session, actor: Actor, year: int) -> list[KeyVillageRow]:
    require_role(actor, "read")
    town = Division.__table__.alias("town")
    active = (
        select(Assignment.village_id, func.count().label("n"))
        .where(Assignment.ended_on.is_(None))
        .group_by(Assignment.village_id)
        .subquery()
    )
    stmt = (
        select(KeyVillage, Division.name, town.c.name, func.coalesce(active.c.n, 0))
        .join(Division, Division.id == KeyVillage.village_id)
        .join(town, town.c.id == Division.town_id)
        .outerjoin(active, active.c.village_id == KeyVillage.village_id)
        .where(KeyVillage.year == year)
        .order_by(town.c.sort_order, Division.sort_order, Division.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Division.town_id == actor.scope_town_id)
    return [
        KeyVillageRow(k.id, k.year, k.village_id, v, t, k.reason, k.households, n, k.version)
        for k, v, t, n in session.execute(stmt)
    ]


def add_unit(session: Session, actor: Actor, name: str, level: str) -> int:
    require(session, actor, "cadres.edit")
    name = name.strip()
    if not name:
        raise ValidationError("请填写派出单位名称。")
    if level not in UNIT_LEVELS:
        raise ValidationError(f"单位级别只能是：{'、'.join(UNIT_LEVELS)}。")
    if session.scalar(select(DispatchUnit.id).where(DispatchUnit.name == name)) is not None:
        raise ValidationError(f"派出单位“{name}”已存在。")
    unit = DispatchUnit(name=name, level=level)
    session.add(unit)
    session.flush()
    return unit.id


@dataclass(frozen=True)
class CadreInput:
    name: str
    unit_id: int
    gender: str = ""
    id_number: str = ""
    phone: str = ""
    post: str = ""
    party_member_since: date | None = None
    work_since: date | None = None


def add_cadre(session: Session, actor: Actor, c: CadreInput) -> int:
    require(session, actor, "cadres.edit")
    problems = []
    if not c.name.strip():
        problems.append("请填写姓名。")
    if session.get(DispatchUnit, c.unit_id) is None:
        problems.append("请选择派出单位。")
    if id_problem := check_id_number(c.id_number):
        problems.append(id_problem)
    if c.gender not in ("", "男", "女"):
        problems.append("性别只能是男或女。")
    if problems:
        raise ValidationError("\n".join(problems))
    cadre = Cadre(
        name=c.name.strip(),
        unit_id=c.unit_id,
        gender=c.gender,
        id_number=c.id_number.strip().upper(),
        phone=c.phone.strip(),
        post=c.post.strip(),
        party_member_since=c.party_member_since,
        work_since=c.work_since,
    )
    session.add(cadre)
    session.flush()
    return cadre.id


@dataclass(frozen=True)
class AssignmentInput:
    cadre_id: int
    village_id: int
    role: str
    term_start: date
    term_end: date
    document_no: str = ""


def _check_assignment(session: Session, a: AssignmentInput) -> list[str]:
    problems = []
    if a.role not in ROLES:
        problems.append(f"驻村职务只能是：{'、'.join(ROLES)}。")
    if a.term_end <= a.term_start:
        problems.append("任期结束日期应晚于开始日期。")
    if session.get(Cadre, a.cadre_id) is None:
        problems.append("该驻村干部不存在。")
    busy = session.scalar(
        select(Assignment.id).where(
            Assignment.cadre_id == a.cadre_id, Assignment.ended_on.is_(None)
        )
    )
    if busy is not None:
        problems.append("该干部正在驻村，请先登记召回、轮换或期满，再另行选派。")
    return problems


def assign(
    session: Session, actor: Actor, a: AssignmentInput, replaces_id: int | None = None
) -> int:
    """Post a cadre to a village. Rules that are only warnings show in `roster_warnings`."""
    v = _village(session, a.village_id)
    require(session, actor, "cadres.edit", v.id)
    if problems := _check_assignment(session, a):
        raise ValidationError("\n".join(problems))
    assert v.town_id is not None
    row = Assignment(
        cadre_id=a.cadre_id,
        village_id=v.id,
        town_id=v.town_id,
        role=a.role,
        document_no=a.document_no.strip(),
        term_start=a.term_start,
        term_end=a.term_end,
        replaces_id=replaces_id,
    )
    session.add(row)
    session.flush()
    return row.id


def end_assignment(
    session: Session,
    actor: Actor,
    assignment_id: int,
    expected_version: int,
    *,
    ended_on: date,
    reason: str,
    note: str = "",
    replacement: AssignmentInput | None = None,
) -> int | None:
    """Record a recall (召回), rotation (轮换) or term end (期满); the row stays. A replacement
    posted to the same village is linked to it. Returns the replacement's assignment id."""
    row = session.get(Assignment, assignment_id)
    if row is None:
        raise NotFound("该驻村任职记录不存在。")
    require(session, actor, "cadres.edit", row.village_id)
    check_version(row, expected_version)
    if row.ended_on is not None:
        raise ValidationError(f"该任职已于{row.ended_on}结束（{row.end_reason}）。")
    if reason not in END_REASONS:
        raise ValidationError(f"结束原因只能是：{'、'.join(END_REASONS)}。")
    if reason != "期满" and not note.strip():
        raise ValidationError(f"{reason}须写明原因。")
    if ended_on < row.term_start:
        raise ValidationError("结束日期不能早于任期开始日期。")
    row.ended_on, row.end_reason, row.end_note = ended_on, reason, note.strip()
    session.flush()
    if replacement is None:
        return None
    if replacement.village_id != row.village_id:
        raise ValidationError("接替人员应派驻同一个村。")
    return assign(session, actor, replacement, replaces_id=row.id)


def latest_posting(session: Session, cadre_id: int) -> Assignment:
    from fpr_desktop.cadres.common import latest_assignment

    a = latest_assignment(session, cadre_id)
    if a is None:
        raise NotFound("该干部没有驻村任职记录。")
    return a


@dataclass(frozen=True)
class RosterWarning:
    kind: str  # term / team / unit / secretary / ending
    text: str
    village_id: int | None = None
    cadre_id: int | None = None


def roster_warnings(session: Session, actor: Actor, today: date) -> list[RosterWarning]:
    """Everything task 46 asks to watch, for the active assignments in the actor's scope."""
    require_role(actor, "read")
    min_years = int(get_value(session, "cadres.min_term_years"))
    min_team = int(get_value(session, "cadres.min_team_size"))
    ending_days = int(get_value(session, "cadres.term_end_warning_days"))
    stmt = (
        select(Assignment, Cadre, DispatchUnit.name, Division.name)
        .join(Cadre, Cadre.id == Assignment.cadre_id)
        .join(DispatchUnit, DispatchUnit.id == Cadre.unit_id)
        .join(Division, Division.id == Assignment.village_id)
        .where(Assignment.ended_on.is_(None))
        .order_by(Division.sort_order, Assignment.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Assignment.town_id == actor.scope_town_id)
    out: list[RosterWarning] = []
    teams: dict[int, tuple[str, int]] = {}
    secretaries: dict[str, int] = {}
    for a, c, unit, village in session.execute(stmt):
        who = f"{village}{a.role}{c.name}"
        if a.term_end + timedelta(days=1) < add_years(a.term_start, min_years):  # end inclusive
            out.append(
                RosterWarning(
                    "term",
                    f"{who}任期不足{min_years}年（{a.term_start}至{a.term_end}）。",
                    a.village_id,
                    c.id,
                )
            )
        if today <= a.term_end <= today + timedelta(days=ending_days):
            out.append(
                RosterWarning(
                    "ending",
                    f"{who}任期将于{a.term_end}届满（{(a.term_end - today).days}天后），"
                    "请及时安排轮换。",
                    a.village_id,
                    c.id,
                )
            )
        if a.role == FIRST_SECRETARY:
            out.extend(
                RosterWarning("secretary", f"第一书记{c.name}（{village}）{p}", a.village_id, c.id)
                for p in secretary_problems(c, today)
            )
        name, n = teams.get(a.village_id, (village, 0))
        teams[a.village_id] = (name, n + 1)
        secretaries[unit] = secretaries.get(unit, 0) + int(a.role == FIRST_SECRETARY)
    out.extend(
        RosterWarning("team", f"{name}工作队仅{n}人，少于{min_team}人。", vid)
        for vid, (name, n) in teams.items()
        if n < min_team
    )
    out.extend(
        RosterWarning("unit", f"派出单位“{unit}”没有选派第一书记。")
        for unit, n in sorted(secretaries.items())
        if n == 0
    )
    return out


def secretary_problems(c: Cadre, today: date) -> list[str]:
    """A first secretary: party member for ≥ 1 year and ≥ 2 years of work (task 46 practice)."""
    problems = []
    if c.party_member_since is None or add_years(c.party_member_since, 1) > today:
        problems.append("党龄不足1年或未登记入党时间。")
    if c.work_since is None or add_years(c.work_since, 2) > today:
        problems.append("工作经历不足2年或未登记参加工作时间。")
    return problems
