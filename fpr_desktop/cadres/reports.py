"""The monthly attendance notice (驻村干部考勤情况通报) as an official-layout workbook or PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.attendance import MonthRow, month_summary
from fpr_desktop.exchange import ColumnSpec, ColumnType, KindSpec

REPORT_COLUMNS = (
    ("seq", "序号", 0.5),
    ("town", "镇", 1.0),
    ("village", "所驻村", 1.1),
    ("name", "姓名", 0.9),
    ("role", "驻村职务", 1.0),
    ("unit", "派出单位", 2.0),
    ("in_village", "在村天数", 0.8),
    ("leave", "请假天数", 0.8),
    ("absent", "缺勤天数", 0.8),
    ("duty", "公出天数", 0.8),
    ("remark", "备注", 1.6),
)
COUNT_KEYS = frozenset({"in_village", "leave", "absent", "duty"})
SPEC = KindSpec(
    kind="attendance_report",
    title="驻村干部考勤情况通报",
    columns=tuple(ColumnSpec(k, t, ColumnType.TEXT) for k, t, _ in REPORT_COLUMNS),
    sheet_names=("考勤通报",),
)


@dataclass(frozen=True)
class AttendanceReport:
    title: str
    subtitle: str
    issuer: str
    rows: list[dict[str, Any]]
    flagged: int


def _remark(r: MonthRow, minimum: int) -> str:
    if r.recorded == 0:
        return "未报送考勤"
    return f"在村不足{minimum}天" if r.below_minimum else ""


def attendance_report(
    session: Session, actor: Actor, year: int, month: int, town_id: int | None = None
) -> AttendanceReport:
    """The month's figures per cadre, with those below the minimum named in 备注."""
    minimum = int(get_value(session, "cadres.min_days_in_village"))
    rows = month_summary(session, actor, year, month, town_id)
    town = session.get(Division, town_id) if town_id else None
    where = town.name if town else str(get_value(session, "org.county_name"))
    issuer = f"中共{where}委员会" if town else str(get_value(session, "org.organisation_unit"))
    out = [
        {
            "seq": n,
            "town": r.town,
            "village": r.village,
            "name": r.name,
            "role": r.role,
            "unit": r.unit,
            "in_village": r.in_village,
            "leave": r.leave,
            "absent": str(r.absent_days),
            "duty": str(r.duty_days),
            "remark": _remark(r, minimum),
        }
        for n, r in enumerate(rows, 1)
    ]
    flagged = sum(r.below_minimum for r in rows)
    return AttendanceReport(
        f"{where}{year}年{month}月驻村干部考勤情况通报",
        f"共{len(rows)}人，在村不足{minimum}天{flagged}人",
        issuer,
        out,
        flagged,
    )


def write_xlsx(report: AttendanceReport, path: Path, today: date | None = None) -> int:
    from fpr_desktop.exchange.layout import SheetLayout
    from fpr_desktop.exchange.official import write_official

    layout = SheetLayout(SPEC, report.title, unit_name=report.issuer)
    meta = {"kind": SPEC.kind, "kind_title": SPEC.title, "purpose": "report"}
    return write_official(path, layout, report.rows, meta=meta, number_key="seq", today=today)


def pdf_bytes(session: Session, report: AttendanceReport, today: date | None = None) -> bytes:
    from fpr_desktop.documents import Align, Column, ColumnKind, build_pdf, make_ledger
    from fpr_desktop.projects.notices.build import fonts_from_settings

    columns = [
        Column(
            t,
            k,
            ColumnKind.INDEX if k == "seq" else ColumnKind.TEXT,
            w,
            Align.CENTER if k in COUNT_KEYS else None,
        )
        for k, t, w in REPORT_COLUMNS
    ]
    doc = make_ledger(
        report.title,
        columns,
        report.rows,
        subtitle=report.subtitle,
        issuers=[report.issuer],
        made_on=today or date.today(),
    )
    for block in doc.preamble:
        block.total_label = None  # type: ignore[union-attr]  # day counts are not summed
    buf = io.BytesIO()
    build_pdf(doc, buf, fonts=fonts_from_settings(session))
    return buf.getvalue()
