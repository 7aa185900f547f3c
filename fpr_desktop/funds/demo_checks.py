"""The demo year's inspections (one carried out each quarter, findings mostly rectified with
evidence, one left overdue) and the performance monitoring of its plan projects (mid-year for
every started project, year-end values and self-evaluation for the accepted ones).

Everything goes through the services, dated as the clerks would have entered it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.funds.oversight import inspections as ins
from fpr_desktop.funds.oversight import performance as perf
from fpr_desktop.projects.models import Project, ProjectTarget
from fpr_desktop.projects.records import plan_rows

STARTED = ("implementing", "completed", "accepted", "settled", "completion_notice", "handed_over")
ITEMS = (
    "资金拨付进度和支出进度",
    "项目开工和实施进度",
    "报账凭证、合同和验收资料是否齐全",
    "资金使用是否符合负面清单要求",
    "项目公告公示是否及时",
)
FINDINGS = (
    "项目支出进度低于时序进度，资金滞留在实施单位",
    "报账凭证不全，缺少工程验收单",
    "项目实施情况未按时在村务公开栏公示",
    "施工合同未约定质保金比例",
    "劳务报酬发放表缺少受益群众签字",
    "资金用途与批复的建设内容不完全一致",
)
# (quarter, planned day, carried-out day)
ROUNDS = (
    (1, date(2021, 3, 15), date(2021, 3, 18)),
    (2, date(2021, 6, 10), date(2021, 6, 15)),
    (3, date(2021, 9, 13), date(2021, 9, 16)),
    (4, date(2021, 12, 6), date(2021, 12, 9)),
)


def seed_inspections(session: Session, rng: random.Random, year: int) -> int:
    projects = [p for p, _a in plan_rows(session, year) if p.status in STARTED]
    if not projects:
        return 0
    added = 0
    for quarter, planned, done in ROUNDS:
        towns = sorted({p.town_id for p in projects})
        iid = ins.create_inspection(
            session,
            SYSTEM,
            ins.InspectionInput(
                year,
                quarter,
                f"{year}年{ins.QUARTER_NAMES[quarter]}衔接资金项目督查",
                planned,
                "\n".join(rng.sample(ITEMS, 4)),
                "县乡村振兴局 王建国、县财政局 李秀兰、县纪委监委 赵明",
                f"抽查 {min(len(towns), 4)} 个镇的 {min(len(projects), 8)} 个项目",
                done,
                "资金拨付和使用总体规范，发现问题已当场反馈，限期整改。",
            ),
            today=date(year, 12, 31),
        )
        added += 1
        for k, p in enumerate(rng.sample(projects, min(2, len(projects)))):
            deadline = done + timedelta(days=30)
            fid = ins.add_finding(
                session,
                SYSTEM,
                ins.FindingInput(iid, rng.choice(FINDINGS), deadline, project_id=p.id),
            )
            added += 1
            if quarter == 3 and k == 1:
                continue  # left overdue: the list flags it
            if quarter == 4:
                ins.update_rectification(
                    session,
                    SYSTEM,
                    fid,
                    1,
                    ins.RectificationInput("doing", "正在整改"),
                    today=date(year, 12, 31),
                )
                continue
            ins.add_evidence(
                session,
                SYSTEM,
                fid,
                f"{p.name}整改情况说明.txt",
                f"{p.name}\n整改情况：已按督查意见完成整改。\n".encode(),
            )
            ins.update_rectification(
                session,
                SYSTEM,
                fid,
                1,
                ins.RectificationInput(
                    "done", "已按要求完成整改，补齐资料并公示", deadline - timedelta(days=5)
                ),
                today=date(year, 12, 31),
            )
    return added


def _value(target: str, share: float) -> str:
    parsed = perf.target_number(target)
    if parsed is None:
        return ""
    goal, at_most = parsed
    if at_most:
        share = 2 - share  # a cost: below the cap is good
    value = (goal * Decimal(str(share))).quantize(Decimal("1"))
    return f"{value}"


def _grade(share: float) -> tuple[str, str]:
    if share >= 1:
        return "优", ""
    if share >= 0.9:
        return "良", "个别建设内容年底前未完成，已明确完成时限"
    return "中", "受雨季影响工期延后，未完成部分已列入次年计划并督促实施"


def seed_performance(session: Session, rng: random.Random, year: int) -> int:
    """Mid-year values in July and the year-end values with self-evaluation in December."""
    projects = {p.id: p for p, _a in plan_rows(session, year)}
    added = 0
    for t in session.scalars(
        select(ProjectTarget)
        .where(ProjectTarget.project_id.in_(list(projects)))
        .order_by(ProjectTarget.project_id, ProjectTarget.id)
    ):
        p: Project = projects[t.project_id]
        if p.status not in STARTED or perf.target_number(t.target_value) is None:
            continue
        if t.unit == "%":  # a rate such as satisfaction: measured, not accumulated
            mid = str(rng.randint(92, 99))
            final = str(rng.randint(94, 99))
            grade, note = _grade(1.0 if Decimal(final) >= 95 else 0.95)
        else:
            share = rng.choice((0.45, 0.55, 0.6, 0.7, 0.8))
            mid = _value(t.target_value, share)
            if added % 5 == 2:  # some fall short at the year's end (listed as behind)
                done = 0.85
            elif p.accepted_on is not None:
                done = rng.choice((1.0, 1.0, 1.05))
            else:
                done = rng.choice((0.95, 1.0))
            final = _value(t.target_value, done)
            grade, note = _grade(done)
        perf.record_performance(
            session,
            SYSTEM,
            perf.PerformanceInput(
                p.id,
                year,
                t.kind,
                t.indicator,
                mid_value=mid,
                mid_on=date(year, 7, 25),
                final_value=final,
                evaluation=grade,
                evaluation_note=note,
                evaluated_on=date(year, 12, 20),
            ),
            today=date(year, 12, 31),
        )
        added += 1
    return added
