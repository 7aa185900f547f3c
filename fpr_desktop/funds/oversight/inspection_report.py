"""The inspection report (督查检查报告) as an A4 document of the shared PDF page family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound
from fpr_desktop.documents import (
    Column,
    ColumnKind,
    Document,
    Orientation,
    Record,
    Section,
    Table,
    Text,
)
from fpr_desktop.funds.oversight.inspections import (
    FindingRow,
    InspectionRow,
    list_findings,
    list_inspections,
    quarter_text,
)


@dataclass(frozen=True)
class InspectionReport:
    inspection: InspectionRow
    findings: list[FindingRow]
    as_of: dt.date


def inspection_report(
    session: Session, actor: Actor, inspection_id: int, *, year: int, today: dt.date | None = None
) -> InspectionReport:
    today = today or dt.date.today()
    row = next(
        (i for i in list_inspections(session, actor, year, today=today) if i.id == inspection_id),
        None,
    )
    if row is None:
        raise NotFound("该督查检查记录不存在。")
    findings = list_findings(session, actor, inspection_id=inspection_id, today=today)
    return InspectionReport(row, findings, today)


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "（尚未开展）"


_FIELDS = [
    Column("检查名称", "title"),
    Column("检查时间", "when"),
    Column("检查人员", "inspectors"),
    Column("检查范围", "scope"),
]

_FINDING_COLUMNS = [
    Column("序号", kind=ColumnKind.INDEX, width=0.4),
    Column("发现问题", "description", width=2.4),
    Column("项目 / 乡镇", "where", width=1.5),
    Column("整改期限", "rectify_by", ColumnKind.DATE, width=1.1),
    Column("整改状态", "status", width=1.1),
    Column("完成日期", "rectified_on", ColumnKind.DATE, width=1.1),
    Column("整改情况", "rectification", width=2.0),
    Column("佐证材料", "evidence", ColumnKind.NUMBER, width=0.6),
]


def inspection_document(report: InspectionReport, unit_name: str = "") -> Document:
    """Basic facts, the items checked, the findings with their rectification, the summary."""
    i = report.inspection
    facts = {
        "title": i.title,
        "when": f"{_day(i.done_on)}（计划 {_day(i.planned_on)}）",
        "inspectors": i.inspectors or "—",
        "scope": i.scope or "全县衔接资金项目",
    }
    items = Table(
        [Column("序号", kind=ColumnKind.INDEX, width=0.4), Column("检查事项", "item", width=6)],
        [{"item": text} for text in i.items],
        total_label=None,
    )
    rows = [
        {
            "description": f.description,
            "where": " / ".join(x for x in (f.project, f.town) if x) or "—",
            "rectify_by": f.rectify_by,
            "status": f.status_label + (f"（{f.flag}）" if f.flag else ""),
            "rectified_on": f.rectified_on,
            "rectification": f.rectification,
            "evidence": len(f.evidence),
        }
        for f in report.findings
    ]
    done = sum(1 for f in report.findings if f.status == "done")
    late = sum(1 for f in report.findings if f.status != "done" and f.overdue_days > 0)
    findings_blocks: list[Text | Table | Record] = [
        Text(
            f"本次检查发现问题 {len(rows)} 个，已整改 {done} 个，未完成整改 {len(rows) - done} 个"
            + (f"，其中逾期未整改 {late} 个" if late else "")
            + "。"
        )
    ]
    if rows:
        findings_blocks.append(Table(_FINDING_COLUMNS, rows, total_label=None))
    return Document(
        title=f"{quarter_text(i.year, i.quarter)}衔接资金督查检查报告",
        subtitle=f"（{i.title}）",
        orientation=Orientation.LANDSCAPE,
        sections=[
            Section("检查基本情况", [Record(_FIELDS, facts)]),
            Section("检查事项", [items]),
            Section("发现问题及整改情况", findings_blocks),
            Section("检查结论", [Text(i.summary or "（未填写）")]),
        ],
        issuers=[unit_name] if unit_name else [],
        date=report.as_of,
        seal_space=False,
        footnote=f"整改情况统计截至{_day(report.as_of)}。",
    )


def write_inspection_pdf(report: InspectionReport, path: str | Path, unit_name: str = "") -> Path:
    from fpr_desktop.documents import build_pdf

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    build_pdf(inspection_document(report, unit_name), target)
    return target
