"""The cadres module's PDFs: the one-page record sheet per cadre (驻村干部档案表) and the
feedback letter of an assessment result to the dispatching unit (考核结果反馈函)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.attendance import month_summary
from fpr_desktop.cadres.common import cadre_for
from fpr_desktop.cadres.models import (
    Assessment,
    AssessmentRound,
    Assignment,
    CareRecord,
    DispatchUnit,
    Leave,
    Training,
)
from fpr_desktop.cadres.rules import days_text, mask_id_number, round_title
from fpr_desktop.documents import Column, Document, Section, Table, Text


def _months_back(today: date, n: int) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _i in range(n):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append((y, m))
    return out[::-1]


def _table(
    columns: list[tuple[str, str, float]], rows: list[dict[str, Any]], empty: str
) -> Table | Text:
    if not rows:
        return Text(empty, indent=False, small=True)
    return Table([Column(t, k, width=w) for k, t, w in columns], rows, total_label=None)


def record_sheet(session: Session, actor: Actor, cadre_id: int, today: date) -> Document:
    """Assignment, attendance of the last 12 months, leave, trainings, assessments and care on
    one A4 page (the ID number masked)."""
    c = cadre_for(session, actor, cadre_id, "read")
    unit = session.get(DispatchUnit, c.unit_id)
    assert unit is not None
    postings = session.execute(
        select(Assignment, Division.name)
        .join(Division, Division.id == Assignment.village_id)
        .where(Assignment.cadre_id == c.id)
        .order_by(Assignment.term_start)
    ).all()
    basics = {
        "name": c.name,
        "gender": c.gender or "—",
        "id": mask_id_number(c.id_number) or "—",
        "unit": f"{unit.name}（{unit.level}级）",
        "post": c.post or "—",
        "party": f"{c.party_member_since:%Y年%-m月}" if c.party_member_since else "—",
        "work": f"{c.work_since:%Y年%-m月}" if c.work_since else "—",
    }
    fields = [
        Column("姓名", "name", width=0.9),
        Column("性别", "gender", width=0.5),
        Column("身份证号", "id", width=1.9),
        Column("派出单位", "unit", width=2.0),
        Column("原单位职务", "post", width=1.1),
        Column("入党时间", "party", width=1.1),
        Column("参加工作", "work", width=1.1),
    ]
    posting_rows = [
        {
            "village": v,
            "role": a.role,
            "doc": a.document_no,
            "term": f"{a.term_start}至{a.term_end}",
            "state": "在岗" if a.ended_on is None else f"{a.end_reason}（{a.ended_on}）",
        }
        for a, v in postings
    ]
    months = []
    for y, m in _months_back(today, 12):
        row = next((r for r in month_summary(session, actor, y, m) if r.cadre_id == c.id), None)
        if row is not None and row.recorded:
            months.append(
                {
                    "month": f"{y}年{m}月",
                    "in": row.in_village,
                    "leave": row.leave,
                    "absent": str(row.absent_days),
                    "ok": "不足" if row.below_minimum else "达标",
                }
            )
    leaves = [
        {
            "type": r.leave_type,
            "span": f"{r.start_date}至{r.end_date}",
            "days": days_text(r.halves),
            "status": r.status,
            "back": str(r.reported_back_on or ""),
        }
        for r in session.scalars(
            select(Leave).where(Leave.cadre_id == c.id).order_by(Leave.start_date.desc()).limit(4)
        )
    ]
    trainings = [
        {
            "course": t.course,
            "level": t.organiser_level,
            "when": f"{t.start_date}至{t.end_date}",
            "hours": str(t.hours),
        }
        for t in session.scalars(
            select(Training)
            .where(Training.cadre_id == c.id)
            .order_by(Training.start_date.desc())
            .limit(3)
        )
    ]
    assessments = [
        {"round": round_title(r.year, r.kind), "grade": a.grade or "未评定", "use": a.use_of_result}
        for a, r in session.execute(
            select(Assessment, AssessmentRound)
            .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
            .where(Assessment.cadre_id == c.id)
            .order_by(AssessmentRound.year)
        )
    ]
    care = [
        {
            "kind": r.kind,
            "when": str(r.occurred_on),
            "detail": (
                f"{r.insurer} {r.policy_no}，{r.valid_from}至{r.valid_to}"
                if r.kind == "意外保险"
                else f"{r.provider} {r.amount or ''}元".strip()
                if r.amount
                else f"{r.provider}（{r.occasion}）"
            ),
        }
        for r in session.scalars(
            select(CareRecord)
            .where(CareRecord.cadre_id == c.id)
            .order_by(CareRecord.occurred_on.desc())
            .limit(4)
        )
    ]
    return Document(
        title="驻村干部档案表",
        subtitle=f"{c.name}　{unit.name}　制表日期：{today:%Y年%-m月%-d日}",
        preamble=[Table(fields, [basics], total_label=None)],
        sections=[
            Section(
                "驻村任职",
                [
                    _table(
                        [
                            ("village", "所驻村", 1.2),
                            ("role", "职务", 1.0),
                            ("doc", "选派文件", 1.6),
                            ("term", "任期", 2.2),
                            ("state", "状态", 1.4),
                        ],
                        posting_rows,
                        "无任职记录。",
                    )
                ],
            ),
            Section(
                "近12个月考勤",
                [
                    _table(
                        [
                            ("month", "月份", 1.2),
                            ("in", "在村天数", 1.0),
                            ("leave", "请假天数", 1.0),
                            ("absent", "缺勤天数", 1.0),
                            ("ok", "是否达标", 1.0),
                        ],
                        months,
                        "近12个月没有考勤记录。",
                    )
                ],
            ),
            Section(
                "请销假",
                [
                    _table(
                        [
                            ("type", "类型", 0.8),
                            ("span", "起止", 2.4),
                            ("days", "天数", 0.7),
                            ("status", "审批", 0.9),
                            ("back", "销假日期", 1.2),
                        ],
                        leaves,
                        "无请假记录。",
                    )
                ],
            ),
            Section(
                "培训",
                [
                    _table(
                        [
                            ("course", "培训班", 2.6),
                            ("level", "层级", 0.6),
                            ("when", "时间", 2.2),
                            ("hours", "学时", 0.6),
                        ],
                        trainings,
                        "无培训记录。",
                    )
                ],
            ),
            Section(
                "考核",
                [
                    _table(
                        [("round", "考核", 2.0), ("grade", "等次", 1.0), ("use", "结果运用", 3.0)],
                        assessments,
                        "无考核记录。",
                    )
                ],
            ),
            Section(
                "关心关爱",
                [
                    _table(
                        [("kind", "类型", 1.0), ("when", "日期", 1.2), ("detail", "内容", 4.0)],
                        care,
                        "无记录。",
                    )
                ],
            ),
        ],
        seal_space=False,
    )


def feedback_letter(session: Session, actor: Actor, assessment_id: int, today: date) -> Document:
    """The result of one cadre's assessment, sent to the dispatching unit (task 49)."""
    a = session.get(Assessment, assessment_id)
    if a is None:
        raise NotFound("该考核记录不存在。")
    c = cadre_for(session, actor, a.cadre_id, "read")
    rnd = session.get(AssessmentRound, a.round_id)
    posting = session.get(Assignment, a.assignment_id)
    unit = session.get(DispatchUnit, c.unit_id)
    assert rnd is not None and posting is not None and unit is not None
    if not a.grade or rnd.closed_on is None:
        raise ValidationError("考核结束、等次确定后才能出具反馈函。")
    village = session.get(Division, posting.village_id)
    town = session.get(Division, posting.town_id)
    assert village is not None and town is not None
    org = str(get_value(session, "org.organisation_unit"))
    return Document(
        title=f"关于{c.name}同志驻村{round_title(rnd.year, rnd.kind)}结果的反馈函",
        preamble=[
            Text(f"{unit.name}：", indent=False),
            Text(
                f"根据驻村第一书记和工作队管理有关规定，经个人述职、群众测评、乡镇评价和{org}综合研判，"
                f"你单位选派的{c.name}同志（驻{town.name}{village.name}{posting.role}）"
                f"{round_title(rnd.year, rnd.kind)}等次确定为“{a.grade}”。"
            ),
            Text(
                "请将考核结果存入本人档案，并作为评选先进、提拔使用、晋升职级的重要依据，激励驻村干部担当作为。"
                "考核结果的运用情况请及时反馈我部。"
            ),
            Text("特此函告。"),
        ],
        issuers=[org],
        date=today,
    )


def _pdf(session: Session, doc: Document, compact: bool = False) -> bytes:
    import io

    from fpr_desktop.documents import build_pdf
    from fpr_desktop.documents.styles import Layout
    from fpr_desktop.projects.notices.build import fonts_from_settings

    layout = None
    if compact:  # the record sheet must hold on one page
        layout = Layout(
            title_size=18.0,
            subtitle_size=11.0,
            body_size=12.0,
            table_size=9.0,
            line_spacing=1.35,
            margin_top=16.0,
            margin_bottom=16.0,
        )
    buf = io.BytesIO()
    build_pdf(doc, buf, fonts=fonts_from_settings(session), layout=layout)
    return buf.getvalue()


def record_sheet_pdf(session: Session, actor: Actor, cadre_id: int, today: date) -> bytes:
    return _pdf(session, record_sheet(session, actor, cadre_id, today), compact=True)


def feedback_letter_pdf(session: Session, actor: Actor, assessment_id: int, today: date) -> bytes:
    return _pdf(session, feedback_letter(session, actor, assessment_id, today))
