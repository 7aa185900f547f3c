"""Performance of the year's projects (绩效监控与自评, task 40): each target of a project in the
annual plan gets a mid-year monitoring value and a year-end value with a self-evaluation grade;
projects behind target are listed with the reason.

Targets are the library's (`ProjectTarget`: kind, indicator, unit, target value such as “≥95”,
“50”, “≤3000”); a numeric target is compared with the values typed for it, a worded one (“明显
改善”) only through the self-evaluation grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.versioning import check_version
from fpr_desktop.funds.models import FundPerformance
from fpr_desktop.projects.models import Project, ProjectTarget
from fpr_desktop.projects.records import plan_rows

GRADES = ("优", "良", "中", "差")
#: by the end of July (the mid-year monitoring) a numeric target should be at least half reached
MID_YEAR_SHARE = Decimal("0.5")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_AT_MOST = ("≤", "<", "不高于", "不超过", "以内", "以下")


def target_number(text: str) -> tuple[Decimal, bool] | None:
    """(value, at_most) of a numeric target: '≥95' → (95, False); '≤3000元' → (3000, True)."""
    m = _NUMBER.search(text.replace(",", "").replace("，", ""))
    if m is None:
        return None
    return Decimal(m.group()), any(w in text for w in _AT_MOST)


def value_number(text: str) -> Decimal | None:
    m = _NUMBER.fullmatch(text.strip().replace(",", "").rstrip("%％").strip())
    if m is None:
        return None
    try:
        return Decimal(m.group())
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None


def mid_year(year: int) -> date:
    return date(year, 7, 31)


@dataclass(frozen=True)
class PerformanceLine:
    project_id: int
    project: str
    town: str
    kind: str
    indicator: str
    unit: str
    target: str
    mid_value: str
    mid_on: date | None
    final_value: str
    evaluation: str
    evaluation_note: str
    behind: str  # why the target is behind ('' when it is not)
    record_id: int | None
    version: int | None


def _behind(target: str, mid: str, final: str, evaluation: str, year: int, today: date) -> str:
    parsed = target_number(target)
    if evaluation == "差":
        return "年终自评为“差”"
    if parsed is not None:
        goal, at_most = parsed
        fv = value_number(final) if final else None
        if fv is not None:
            if (fv > goal) if at_most else (fv < goal):
                return f"年终完成 {final}，未达到目标 {target}"
            return ""
        mv = value_number(mid) if mid else None
        if mv is not None and not at_most and goal > 0 and mv < goal * MID_YEAR_SHARE:
            return f"年中监测 {mid}，未过目标 {target} 的一半"
    if not mid and not final and today > mid_year(year):
        return "未开展年中绩效监控"
    if today > date(year, 12, 31) and not evaluation:
        return "未开展年终绩效自评"
    return ""


def performance_lines(
    session: Session, actor: Actor, year: int, *, today: date | None = None
) -> list[PerformanceLine]:
    """Every target of every project of `year`'s plan, with its monitoring values."""
    require_role(actor, "read")
    today = today or date.today()
    projects = [p for p, _amount in plan_rows(session, year)]
    if actor.scope_town_id is not None:
        projects = [p for p in projects if p.town_id == actor.scope_town_id]
    ids = [p.id for p in projects]
    towns = dict(session.execute(select(Division.id, Division.name)).all())
    targets: dict[int, list[ProjectTarget]] = {}
    for t in session.scalars(
        select(ProjectTarget).where(ProjectTarget.project_id.in_(ids)).order_by(ProjectTarget.id)
    ):
        targets.setdefault(t.project_id, []).append(t)
    records = {
        (r.project_id, r.kind, r.indicator): r
        for r in session.scalars(
            select(FundPerformance).where(
                FundPerformance.year == year, FundPerformance.project_id.in_(ids)
            )
        )
    }
    out = []
    for p in projects:
        for t in targets.get(p.id, []):
            r = records.get((p.id, t.kind, t.indicator))
            mid, final = (r.mid_value, r.final_value) if r else ("", "")
            evaluation = r.evaluation if r else ""
            out.append(
                PerformanceLine(
                    p.id,
                    p.name,
                    towns.get(p.town_id, ""),
                    t.kind,
                    t.indicator,
                    t.unit,
                    t.target_value,
                    mid,
                    r.mid_on if r else None,
                    final,
                    evaluation,
                    r.evaluation_note if r else "",
                    _behind(t.target_value, mid, final, evaluation, year, today),
                    r.id if r else None,
                    r.version if r else None,
                )
            )
    return out


def behind_target(
    session: Session, actor: Actor, year: int, *, today: date | None = None
) -> list[PerformanceLine]:
    return [x for x in performance_lines(session, actor, year, today=today) if x.behind]


@dataclass(frozen=True)
class PerformanceInput:
    project_id: int
    year: int
    kind: str
    indicator: str
    mid_value: str = ""
    mid_on: date | None = None
    final_value: str = ""
    evaluation: str = ""
    evaluation_note: str = ""
    evaluated_on: date | None = None


def record_performance(
    session: Session,
    actor: Actor,
    inp: PerformanceInput,
    expected_version: int | None = None,
    *,
    today: date | None = None,
) -> int:
    """Save the monitoring values of one target (a new record when expected_version is None)."""
    today = today or date.today()
    p = session.get(Project, inp.project_id)
    if p is None:
        raise NotFound("该项目不存在。")
    require(session, actor, "funds.edit", p.village_id or p.town_id)
    target = session.scalar(
        select(ProjectTarget).where(
            ProjectTarget.project_id == p.id,
            ProjectTarget.kind == inp.kind,
            ProjectTarget.indicator == inp.indicator,
        )
    )
    problems = []
    if target is None:
        problems.append(f"项目“{p.name}”没有绩效目标“{inp.kind}：{inp.indicator}”。")
    if p.id not in {q.id for q, _ in plan_rows(session, inp.year)}:
        problems.append(f"项目“{p.name}”不在{inp.year}年度计划中。")
    mid, final = inp.mid_value.strip(), inp.final_value.strip()
    numeric = target is not None and target_number(target.target_value) is not None
    for label, value in (("年中监测值", mid), ("年终完成值", final)):
        if value and numeric and value_number(value) is None:
            problems.append(
                f"{label}“{value}”应为数字（目标值为 {target.target_value}{target.unit}）。"  # type: ignore[union-attr]
            )
    if mid and inp.mid_on is None:
        problems.append("填写年中监测值时必须填写监测日期。")
    if inp.mid_on is not None:
        if inp.mid_on.year != inp.year:
            problems.append(f"监测日期 {inp.mid_on.isoformat()} 不在{inp.year}年内。")
        elif inp.mid_on > today:
            problems.append(f"监测日期 {inp.mid_on.isoformat()} 晚于今天。")
    if inp.evaluation and inp.evaluation not in GRADES:
        problems.append(f"自评等次“{inp.evaluation}”应为：{'、'.join(GRADES)}。")
    if inp.evaluation and not final:
        problems.append("年终自评前必须填写年终完成值。")
    if (final or inp.evaluation) and today < date(inp.year, 11, 1):
        problems.append(f"年终完成值和自评在{inp.year}年11月1日以后填写（年中请填写监测值）。")
    if inp.evaluation in ("中", "差") and not inp.evaluation_note.strip():
        problems.append("自评为“中”或“差”时必须写明原因和整改措施。")
    if problems:
        raise ValidationError("\n".join(problems))
    row = session.scalar(
        select(FundPerformance).where(
            FundPerformance.project_id == p.id,
            FundPerformance.year == inp.year,
            FundPerformance.kind == inp.kind,
            FundPerformance.indicator == inp.indicator,
        )
    )
    if row is None:
        row = FundPerformance(
            project_id=p.id,
            year=inp.year,
            kind=inp.kind,
            indicator=inp.indicator,
            town_id=p.town_id,
        )
        session.add(row)
    else:  # someone else recorded it meanwhile: a stale form is refused
        check_version(row, -1 if expected_version is None else expected_version)
    row.mid_value, row.mid_on, row.final_value = mid, inp.mid_on, final
    row.evaluation = inp.evaluation
    row.evaluation_note = inp.evaluation_note.strip()
    row.evaluated_on = (inp.evaluated_on or today) if inp.evaluation else None
    session.flush()
    return row.id
