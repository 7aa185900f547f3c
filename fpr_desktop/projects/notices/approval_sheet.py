"""The printable project approval sheet (项目审批表): the project and every step's who/when/opinion.

Built as a plain Document, so it prints through the same page family as the notices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.base.settings import get_value
from fpr_desktop.documents import (
    Column,
    ColumnKind,
    Document,
    FontChoice,
    Record,
    Section,
    Table,
    Text,
    pdf_bytes,
)
from fpr_desktop.documents.model import Align
from fpr_desktop.documents.textfmt import cn_date
from fpr_desktop.projects.categories import category_paths
from fpr_desktop.projects.flow import STEPS, action_label
from fpr_desktop.projects.models import Acceptance, Project, ProjectStep, VillageMeeting
from fpr_desktop.projects.notices import rows as rows_mod
from fpr_desktop.projects.notices.build import fonts_from_settings
from fpr_desktop.projects.proposals import get_project
from fpr_desktop.projects.status import label_of

A, D, N, IDX = ColumnKind.AMOUNT, ColumnKind.DATE, ColumnKind.NUMBER, ColumnKind.INDEX
SHEET_TITLE = "巩固拓展脱贫攻坚成果和乡村振兴项目审批表"
DETAIL_FIELDS = (
    Column("项目名称", "name"),
    Column("项目年度", "year"),
    Column("项目类别", "category"),
    Column("建设性质", "construction_type"),
    Column("建设地点", "location"),
    Column("建设内容及规模", "content"),
    Column("建设期限", "period"),
    Column("总投资（{unit}）", "investment", A),
    Column("财政资金（{unit}）", "fiscal", A),
    Column("资金来源", "funding"),
    Column("受益对象", "beneficiaries"),
    Column("绩效目标", "targets"),
    Column("联农带农机制", "linkage"),
    Column("实施方式", "mode"),
    Column("责任单位及责任人", "responsible"),
    Column("实施单位", "implementing"),
    Column("当前状态", "status"),
)
STEP_COLUMNS = (
    Column("序号", kind=IDX, width=0.5),
    Column("办理环节", "action", width=1.2),
    Column("状态变化", "change", width=1.8),
    Column("办理人", "who", width=1.0),
    Column("办理时间", "at", width=2.0, align=Align.CENTER),
    Column("意见", "opinion", width=2.4),
)
# one row per decision (乡镇审核、县级论证、县级审定、列入计划、项目调整): who decided, by which
# meeting or document, when, the opinion, and a box for the body's seal and signature
DECISION_COLUMNS = (
    Column("审批环节", "action", width=1.1),
    Column("决策机构", "body", width=1.5),
    Column("会议或文件文号", "doc_number", width=1.5),
    Column("决策日期", "on", width=1.4, align=Align.CENTER),
    Column("审批意见", "opinion", width=2.2),
    Column("盖章", "seal", width=1.6, align=Align.CENTER),
)
SEAL_BOX = "\n\n（盖章）\n\n负责人签字：\n\n　　年　　月　　日"
# the decisions a project goes through, with the body that usually takes them
DECISION_STEPS = ("town_approve", "county_argue", "county_approve", "plan")
MEETING_COLUMNS = (
    Column("会议", "meeting_type", width=1.5),
    Column("日期", "held_on", D, 1.3),
    Column("应到", "eligible", N, 0.6),
    Column("实到", "present", N, 0.6),
    Column("赞成", "votes_for", N, 0.6),
    Column("反对", "votes_against", N, 0.6),
    Column("弃权", "abstentions", N, 0.6),
    Column("决议公开", "published_on", D, 1.3),
)
ACCEPTANCE_COLUMNS = (
    Column("阶段", "stage", width=0.7, align=Align.CENTER),
    Column("日期", "held_on", D, 1.3),
    Column("验收组", "team", width=1.8),
    Column("结论", "result", width=1.0, align=Align.CENTER),
    Column("验收意见", "report", width=2.8),
)


@dataclass(frozen=True)
class ApprovalSheet:
    project_name: str
    document: Document
    fonts: FontChoice

    def pdf(self) -> bytes:
        return pdf_bytes(self.document, fonts=self.fonts)


def _when(at: datetime) -> str:
    local = at.astimezone()
    return f"{cn_date(local)} {local:%H:%M}"


def _step_label(action: str) -> str:
    return action_label(action)


def _decisions(session: Session, project_id: int) -> list[dict[str, Any]]:
    """The decision rows in the order of the approval path — each with its latest recorded
    decision, or blank (to be filled in by hand) when not taken yet — then the approved
    adjustments."""
    taken = list(
        session.scalars(
            select(ProjectStep)
            .where(
                ProjectStep.project_id == project_id,
                ProjectStep.action.in_((*DECISION_STEPS, "adjust")),
            )
            .order_by(ProjectStep.id)
        )
    )
    latest = {s.action: s for s in taken if s.action != "adjust"}

    def row(label: str, s: ProjectStep | None, body: str = "") -> dict[str, Any]:
        return {
            "action": label,
            "body": s.decided_by if s is not None else body,
            "doc_number": s.doc_number if s is not None else "",
            "on": cn_date(s.decided_on) if s is not None and s.decided_on else "",
            "opinion": s.opinion if s is not None else "",
            "seal": SEAL_BOX,
        }

    rows = [
        row(STEPS[code].label, latest.get(code), STEPS[code].decided_by) for code in DECISION_STEPS
    ]
    rows += [row(_step_label(s.action), s) for s in taken if s.action == "adjust"]
    return rows


def approval_sheet(
    session: Session, actor: Actor, project_id: int, today: date | None = None
) -> ApprovalSheet:
    """The approval sheet of one project the actor may see."""
    d = get_project(session, actor, project_id)
    v = d.values
    p = session.get(Project, project_id)
    assert p is not None  # get_project found it
    names = rows_mod.division_names(session, [p])
    funds = rows_mod.fundings(session, [p.id]).get(p.id, [])
    unit, decimals = MoneyUnit.WAN, int(get_value(session, "display.wan_decimals"))
    detail: dict[str, Any] = {
        "name": v.name,
        "year": f"{v.year}年",
        "category": category_paths(session, [p]).get(p.category_id or 0, d.category_name),
        "construction_type": v.construction_type,
        "location": rows_mod.location(p, names),
        "content": v.content,
        "period": rows_mod.month_period(v.planned_start, v.planned_end),
        "investment": v.total_investment,
        "fiscal": v.fiscal_funds,
        "funding": "；".join(f"{s}{format_amount(a, unit, decimals)}万元" for s, a in funds),
        "beneficiaries": rows_mod.beneficiaries(p),
        "targets": rows_mod.targets_text(session, [p.id]).get(p.id, ""),
        "linkage": v.benefit_mechanism,
        "mode": v.implementation_mode,
        "responsible": v.responsible_unit
        + (f"（责任人：{v.responsible_person}）" if v.responsible_person else ""),
        "implementing": v.implementing_unit,
        "status": d.status_label,
    }
    steps = [
        {
            "action": _step_label(action),
            "change": f"{label_of(src)} → {label_of(dst)}",
            "who": who,
            "at": _when(at),
            "opinion": opinion,
        }
        for (action, src, dst, who, at), opinion in zip(d.steps, d.opinions, strict=True)
    ]
    sections = [
        Section("项目基本情况", [Record(DETAIL_FIELDS, detail, unit=unit, decimals=decimals)]),
        Section(
            "审批流转记录",
            [Table(STEP_COLUMNS, steps, total_label=None)]
            if steps
            else [Text("尚无审批记录（项目仍为村级申报草稿）。")],
        ),
        Section("审批意见", [Table(DECISION_COLUMNS, _decisions(session, p.id), total_label=None)]),
    ]
    meetings = session.scalars(
        select(VillageMeeting)
        .where(VillageMeeting.project_id == p.id)
        .order_by(VillageMeeting.held_on, VillageMeeting.id)
    ).all()
    if meetings:
        sections.append(
            Section("“四议两公开”会议记录", [Table(MEETING_COLUMNS, meetings, total_label=None)])
        )
    checks = session.scalars(
        select(Acceptance).where(Acceptance.project_id == p.id).order_by(Acceptance.held_on)
    ).all()
    if checks:
        rows = [
            {
                "stage": a.stage,
                "held_on": a.held_on,
                "team": a.team,
                "result": "通过" if a.passed else "未通过",
                "report": a.report,
            }
            for a in checks
        ]
        sections.append(Section("竣工验收", [Table(ACCEPTANCE_COLUMNS, rows, total_label=None)]))
    doc = Document(
        title=SHEET_TITLE,
        subtitle=f"（{v.year}年度）　打印日期：{cn_date(today or date.today())}",
        sections=sections,
        seal_space=False,
        kind="approval_sheet",
    )
    return ApprovalSheet(v.name, doc, fonts_from_settings(session))
