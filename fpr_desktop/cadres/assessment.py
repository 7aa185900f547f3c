"""Assessment (考核, task 49): annual and term-end rounds, the inputs of each body, the county's
grade with the absence caps and the share cap of the best grade, and how the result was used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.cadres.attendance import unexcused_absences
from fpr_desktop.cadres.models import Assessment, AssessmentRound, Assignment, Cadre, DispatchUnit
from fpr_desktop.cadres.rules import (
    ROUND_KINDS,
    allowed_grades,
    cap_reason,
    excellent_quota,
    grades,
    role_order,
    round_title,
)


def open_round(session: Session, actor: Actor, year: int, kind: str) -> int:
    """Start a round: every cadre posted during the year (annual), or whose term ends in it
    (term-end), gets an assessment row to fill."""
    require(session, actor, "cadres.edit")
    if kind not in ROUND_KINDS:
        raise ValidationError(f"考核类型只能是：{'、'.join(ROUND_KINDS)}。")
    exists = session.scalar(
        select(AssessmentRound.id).where(AssessmentRound.year == year, AssessmentRound.kind == kind)
    )
    if exists is not None:
        raise ValidationError(f"{round_title(year, kind)}已经建立。")
    first, last = date(year, 1, 1), date(year, 12, 31)
    stmt = select(Assignment).where(
        Assignment.term_start <= last,
        or_(Assignment.ended_on.is_(None), Assignment.ended_on >= first),
    )
    if kind == "期满考核":
        stmt = stmt.where(Assignment.term_end.between(first, last))
    postings = {a.cadre_id: a for a in session.scalars(stmt.order_by(Assignment.term_start))}
    if not postings:
        raise ValidationError(f"{year}年没有需要{kind}的驻村干部。")
    rnd = AssessmentRound(year=year, kind=kind)
    session.add(rnd)
    session.flush()
    session.add_all(
        Assessment(round_id=rnd.id, cadre_id=cid, assignment_id=a.id)
        for cid, a in sorted(postings.items())
    )
    session.flush()
    return rnd.id


@dataclass(frozen=True)
class RoundRow:
    id: int
    year: int
    kind: str
    count: int
    graded: int
    closed_on: date | None
    version: int

    @property
    def title(self) -> str:
        return round_title(self.year, self.kind)


def list_rounds(session: Session, actor: Actor) -> list[RoundRow]:
    require_role(actor, "read")
    stmt = (
        select(
            AssessmentRound,
            func.count(Assessment.id),
            func.count(Assessment.decided_on),
        )
        .outerjoin(Assessment, Assessment.round_id == AssessmentRound.id)
        .group_by(AssessmentRound.id)
        .order_by(AssessmentRound.year.desc(), AssessmentRound.kind)
    )
    return [
        RoundRow(r.id, r.year, r.kind, n, g, r.closed_on, r.version)
        for r, n, g in session.execute(stmt)
    ]


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    cadre_id: int
    name: str
    unit: str
    role: str
    village: str
    self_report: str
    democratic_rating: str
    town_opinion: str
    unit_opinion: str
    grade: str
    allowed: tuple[str, ...]
    cap: str  # why some grades are closed ('' if none)
    use_of_result: str
    version: int


def round_rows(session: Session, actor: Actor, round_id: int) -> list[AssessmentRow]:
    require_role(actor, "read")
    rnd = session.get(AssessmentRound, round_id)
    if rnd is None:
        raise NotFound("该考核不存在。")
    grade_set = grades(session)
    stmt = (
        select(Assessment, Cadre.name, DispatchUnit.name, Assignment.role, Division.name)
        .join(Cadre, Cadre.id == Assessment.cadre_id)
        .join(DispatchUnit, DispatchUnit.id == Cadre.unit_id)
        .join(Assignment, Assignment.id == Assessment.assignment_id)
        .join(Division, Division.id == Assignment.village_id)
        .where(Assessment.round_id == round_id)
        .order_by(Division.town_id, Division.sort_order, role_order(Assignment.role), Cadre.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Assignment.town_id == actor.scope_town_id)
    out = []
    for a, name, unit, role, village in session.execute(stmt):
        absent = unexcused_absences(session, a.cadre_id, rnd.year)
        out.append(
            AssessmentRow(
                a.id,
                a.cadre_id,
                name,
                unit,
                role,
                village,
                a.self_report,
                a.democratic_rating,
                a.town_opinion,
                a.unit_opinion,
                a.grade,
                allowed_grades(grade_set, absent),
                cap_reason(absent),
                a.use_of_result,
                a.version,
            )
        )
    return out


def _assessment(
    session: Session, actor: Actor, assessment_id: int, version: int
) -> tuple[Assessment, AssessmentRound]:
    require(session, actor, "cadres.edit")
    a = session.get(Assessment, assessment_id)
    if a is None:
        raise NotFound("该考核记录不存在。")
    check_version(a, version)
    rnd = session.get(AssessmentRound, a.round_id)
    assert rnd is not None
    return a, rnd


def record_inputs(
    session: Session,
    actor: Actor,
    assessment_id: int,
    version: int,
    *,
    self_report: str,
    democratic_rating: str,
    town_opinion: str,
    unit_opinion: str,
) -> None:
    """个人述职、民主测评、乡镇评价和派出单位意见."""
    a, rnd = _assessment(session, actor, assessment_id, version)
    if rnd.closed_on is not None:
        raise ValidationError("该考核已结束，不能再修改。")
    a.self_report, a.democratic_rating = self_report.strip(), democratic_rating.strip()
    a.town_opinion, a.unit_opinion = town_opinion.strip(), unit_opinion.strip()
    session.flush()


def set_grade(
    session: Session, actor: Actor, assessment_id: int, version: int, grade: str, decided_on: date
) -> None:
    """The county's decision; refused beyond the absence caps or the share cap of the best grade."""
    a, rnd = _assessment(session, actor, assessment_id, version)
    if rnd.closed_on is not None:
        raise ValidationError("该考核已结束，不能再修改等次。")
    grade_set = grades(session)
    if grade not in grade_set:
        raise ValidationError(f"考核等次只能是：{'、'.join(grade_set)}。")
    if not a.self_report or not a.town_opinion:
        raise ValidationError("请先录入个人述职和乡镇评价意见，再确定等次。")
    absent = unexcused_absences(session, a.cadre_id, rnd.year)
    allowed = allowed_grades(grade_set, absent)
    if grade not in allowed:
        raise ValidationError(
            f"{cap_reason(absent)}，等次只能是：{'、'.join(allowed)}（不能评为{grade}）。"
        )
    best = grade_set[0]
    if grade == best and a.grade != best:
        total = session.scalar(select(func.count()).where(Assessment.round_id == rnd.id)) or 0
        taken = (
            session.scalar(
                select(func.count()).where(Assessment.round_id == rnd.id, Assessment.grade == best)
            )
            or 0
        )
        percent = int(get_value(session, "cadres.excellent_share_percent"))
        quota = excellent_quota(total, percent)
        if taken + 1 > quota:
            raise ValidationError(
                f"{best}等次不超过参加考核人数的{percent}%（{total}人中至多{quota}人），"
                f"已评{taken}人。"
            )
    a.grade, a.decided_on = grade, decided_on
    session.flush()


def assess(
    session: Session,
    actor: Actor,
    assessment_id: int,
    version: int,
    *,
    self_report: str,
    democratic_rating: str,
    town_opinion: str,
    unit_opinion: str,
    grade: str,
    decided_on: date,
) -> None:
    """The inputs and the grade saved together (the 评定 dialog): both or neither."""
    record_inputs(
        session,
        actor,
        assessment_id,
        version,
        self_report=self_report,
        democratic_rating=democratic_rating,
        town_opinion=town_opinion,
        unit_opinion=unit_opinion,
    )
    a = session.get(Assessment, assessment_id)
    assert a is not None
    set_grade(session, actor, assessment_id, a.version, grade, decided_on)


def record_use(
    session: Session, actor: Actor, assessment_id: int, version: int, use_of_result: str
) -> None:
    """How the result was used (评先评优、提拔使用、晋升职级 …)."""
    a, _ = _assessment(session, actor, assessment_id, version)
    a.use_of_result = use_of_result.strip()
    session.flush()


def close_round(session: Session, actor: Actor, round_id: int, version: int, on: date) -> None:
    """End the round once every cadre has a grade; grades are fixed from then on."""
    require(session, actor, "cadres.edit")
    rnd = session.get(AssessmentRound, round_id)
    if rnd is None:
        raise NotFound("该考核不存在。")
    check_version(rnd, version)
    missing = session.scalar(
        select(func.count()).where(Assessment.round_id == round_id, Assessment.grade == "")
    )
    if missing:
        raise ValidationError(f"还有{missing}人未确定考核等次。")
    rnd.closed_on = on
    session.flush()
