"""Quarterly inspections of the funds (督查检查, task 41): plan, items, findings, rectification.

An inspection is planned for a quarter and carried out on a day (`done_on`); the quarter counts
as inspected only when one was carried out in it. Its findings each get a rectification deadline
and a state (未整改 → 整改中 → 已整改); 已整改 needs the day, what was done and at least one
evidence file. Lists flag overdue rectifications and quarters past without an inspection.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.funds.models import FINDING_STATES, FundEvidence, FundFinding, FundInspection
from fpr_desktop.projects.models import Project

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024  # a scanned rectification report, photos
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def quarter_text(year: int, quarter: int) -> str:
    return f"{year}年{QUARTER_NAMES.get(quarter, f'第{quarter}季度')}"


# --- inspections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionInput:
    year: int
    quarter: int
    title: str
    planned_on: date
    items: str  # 检查事项, one a line
    inspectors: str = ""
    scope: str = ""
    done_on: date | None = None
    summary: str = ""

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


def inspection_problems(inp: InspectionInput, today: date) -> list[str]:
    """Every problem of an inspection at once (empty: it may be saved)."""
    out = []
    if not inp.title.strip():
        out.append("检查名称不能为空。")
    if inp.quarter not in QUARTER_NAMES:
        out.append(f"季度“{inp.quarter}”应为 1～4。")
    elif not 2000 <= inp.year <= 2100:
        out.append(f"年度“{inp.year}”不正确。")
    else:
        first, last = quarter_span(inp.year, inp.quarter)
        where = quarter_text(inp.year, inp.quarter)
        if not first <= inp.planned_on <= last:
            out.append(
                f"计划检查日期 {inp.planned_on.isoformat()} 不在{where}"
                f"（{first.isoformat()}～{last.isoformat()}）内。"
            )
        if inp.done_on is not None and not first <= inp.done_on <= last:
            out.append(
                f"实际检查日期 {inp.done_on.isoformat()} 不在{where}内；"
                "请把该次检查登记在实际开展的季度。"
            )
    if inp.done_on is not None and inp.done_on > today:
        out.append(f"实际检查日期 {inp.done_on.isoformat()} 晚于今天，尚未开展的检查只填计划日期。")
    if not inp.item_list():
        out.append("请至少填写一项检查事项（每行一项）。")
    if inp.done_on is not None and not inp.inspectors.strip():
        out.append("已开展的检查必须填写检查人员。")
    return out


def _clean(inp: InspectionInput) -> InspectionInput:
    return replace(
        inp,
        title=inp.title.strip(),
        items="\n".join(inp.item_list()),
        inspectors=inp.inspectors.strip(),
        scope=inp.scope.strip(),
        summary=inp.summary.strip(),
    )


def _values(inp: InspectionInput) -> dict[str, Any]:
    return {k: getattr(inp, k) for k in InspectionInput.__dataclass_fields__}


def create_inspection(
    session: Session, actor: Actor, inp: InspectionInput, *, today: date | None = None
) -> int:
    require(session, actor, "funds.edit")
    inp = _clean(inp)
    problems = inspection_problems(inp, today or date.today())
    if problems:
        raise ValidationError("\n".join(problems))
    row = FundInspection(**_values(inp))
    session.add(row)
    session.flush()
    return row.id


def _inspection(session: Session, inspection_id: int) -> FundInspection:
    row = session.get(FundInspection, inspection_id)
    if row is None:
        raise NotFound("该督查检查记录不存在。")
    return row


def update_inspection(
    session: Session,
    actor: Actor,
    inspection_id: int,
    expected_version: int,
    inp: InspectionInput,
    *,
    today: date | None = None,
) -> None:
    require(session, actor, "funds.edit")
    row = _inspection(session, inspection_id)
    check_version(row, expected_version)
    inp = _clean(inp)
    problems = inspection_problems(inp, today or date.today())
    has_findings = session.scalar(
        select(FundFinding.id).where(FundFinding.inspection_id == row.id).limit(1)
    )
    if has_findings and inp.done_on is None:
        problems.append("该检查已登记发现问题，不能取消实际检查日期。")
    if problems:
        raise ValidationError("\n".join(problems))
    for key, value in _values(inp).items():
        setattr(row, key, value)
    session.flush()


def delete_inspection(session: Session, actor: Actor, inspection_id: int) -> None:
    require(session, actor, "funds.edit")
    row = _inspection(session, inspection_id)
    if session.scalar(select(FundFinding.id).where(FundFinding.inspection_id == row.id).limit(1)):
        raise ValidationError(f"检查“{row.title}”已登记发现问题，不能删除。")
    session.delete(row)
    session.flush()


# --- findings and their rectification ----------------------------------------------------------


@dataclass(frozen=True)
class FindingInput:
    inspection_id: int
    description: str
    rectify_by: date
    project_id: int | None = None
    town_id: int | None = None


def add_finding(session: Session, actor: Actor, inp: FindingInput) -> int:
    """A problem the inspection found, with its rectification deadline."""
    insp = _inspection(session, inp.inspection_id)
    town_id = inp.town_id
    if inp.project_id is not None:
        p = session.get(Project, inp.project_id)
        if p is None:
            raise NotFound("该项目不存在。")
        town_id = p.town_id
    require(session, actor, "funds.edit", town_id)
    problems = []
    if insp.done_on is None:
        problems.append(f"检查“{insp.title}”尚未开展（没有实际检查日期），不能登记发现问题。")
    if not inp.description.strip():
        problems.append("问题描述不能为空。")
    start = insp.done_on or insp.planned_on
    if inp.rectify_by < start:
        problems.append(f"整改期限不能早于检查日期 {start.isoformat()}。")
    if problems:
        raise ValidationError("\n".join(problems))
    row = FundFinding(
        inspection_id=insp.id,
        project_id=inp.project_id,
        town_id=town_id,
        description=inp.description.strip(),
        rectify_by=inp.rectify_by,
        status="open",
    )
    session.add(row)
    session.flush()
    return row.id


def _finding(session: Session, finding_id: int) -> FundFinding:
    row = session.get(FundFinding, finding_id)
    if row is None:
        raise NotFound("该督查发现问题不存在。")
    return row


def evidence_count(session: Session, finding_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(FundEvidence.id)).where(FundEvidence.finding_id == finding_id)
        )
        or 0
    )


@dataclass(frozen=True)
class RectificationInput:
    status: str  # open / doing / done
    rectification: str = ""
    rectified_on: date | None = None
    rectify_by: date | None = None  # a new deadline (None: unchanged)


def update_rectification(
    session: Session,
    actor: Actor,
    finding_id: int,
    expected_version: int,
    inp: RectificationInput,
    *,
    today: date | None = None,
) -> None:
    """Record how the rectification stands; 已整改 needs day, what was done and evidence."""
    row = _finding(session, finding_id)
    require(session, actor, "funds.edit", row.town_id)
    check_version(row, expected_version)
    insp = _inspection(session, row.inspection_id)
    today = today or date.today()
    problems = []
    if inp.status not in FINDING_STATES:
        problems.append(f"整改状态“{inp.status}”应为：{'、'.join(FINDING_STATES.values())}。")
    start = insp.done_on or insp.planned_on
    if inp.rectify_by is not None and inp.rectify_by < start:
        problems.append(f"整改期限不能早于检查日期 {start.isoformat()}。")
    if inp.status == "done":
        if inp.rectified_on is None:
            problems.append("已整改的问题必须填写整改完成日期。")
        elif inp.rectified_on < start:
            problems.append(f"整改完成日期不能早于检查日期 {start.isoformat()}。")
        elif inp.rectified_on > today:
            problems.append(f"整改完成日期 {inp.rectified_on.isoformat()} 晚于今天。")
        if not inp.rectification.strip():
            problems.append("已整改的问题必须写明整改情况。")
        if evidence_count(session, row.id) == 0:
            problems.append("已整改的问题必须先上传整改佐证材料（文件、照片）。")
    if problems:
        raise ValidationError("\n".join(problems))
    row.status = inp.status
    row.rectification = inp.rectification.strip()
    row.rectified_on = inp.rectified_on if inp.status == "done" else None
    if inp.rectify_by is not None:
        row.rectify_by = inp.rectify_by
    session.flush()


def add_evidence(
    session: Session, actor: Actor, finding_id: int, file_name: str, content: bytes
) -> int:
    """Keep an evidence file (the whole file, in the database) with a finding."""
    row = _finding(session, finding_id)
    require(session, actor, "funds.edit", row.town_id)
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    problems = []
    if not name:
        problems.append("佐证材料必须有文件名。")
    if not content:
        problems.append(f"文件“{name}”是空的，请选择整改佐证材料文件。")
    if len(content) > MAX_EVIDENCE_BYTES:
        problems.append(
            f"文件“{name}”有 {len(content) / 1048576:.1f} MB，超过上限 "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB；请压缩或分开上传。"
        )
    if problems:
        raise ValidationError("\n".join(problems))
    ev = FundEvidence(
        finding_id=row.id,
        file_name=name[:200],
        size=len(content),
        content=content,
        added_by=actor.username,
    )
    session.add(ev)
    session.flush()
    return ev.id


def evidence_file(session: Session, actor: Actor, evidence_id: int) -> tuple[str, bytes]:
    require_role(actor, "read")
    ev = session.get(FundEvidence, evidence_id)
    if ev is None:
        raise NotFound("该佐证材料不存在。")
    return ev.file_name, ev.content


# --- lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionRow:
    id: int
    year: int
    quarter: int
    title: str
    planned_on: date
    done_on: date | None
    inspectors: str
    scope: str
    items: tuple[str, ...]
    summary: str
    findings: int
    open_findings: int
    overdue_findings: int
    version: int

    @property
    def state(self) -> str:
        return "已开展" if self.done_on else "计划中"


@dataclass(frozen=True)
class FindingRow:
    id: int
    inspection_id: int
    inspection: str
    description: str
    project: str
    town: str
    rectify_by: date
    status: str
    rectified_on: date | None
    rectification: str
    evidence: tuple[tuple[int, str, int], ...]  # (id, file name, size)
    version: int
    overdue_days: int  # >0: past the deadline and not rectified (or rectified late)

    @property
    def status_label(self) -> str:
        return FINDING_STATES[self.status]

    @property
    def flag(self) -> str:
        if self.overdue_days <= 0:
            return ""
        if self.status == "done":
            return f"逾期 {self.overdue_days} 天完成整改"
        return f"整改逾期 {self.overdue_days} 天"


def _overdue(f: FundFinding, today: date) -> int:
    end = f.rectified_on if f.status == "done" and f.rectified_on else today
    return max((end - f.rectify_by).days, 0)


def list_findings(
    session: Session,
    actor: Actor,
    *,
    year: int | None = None,
    inspection_id: int | None = None,
    today: date | None = None,
) -> list[FindingRow]:
    require_role(actor, "read")
    today = today or date.today()
    stmt = (
        select(FundFinding, FundInspection.title, Project.name, Division.name)
        .join(FundInspection, FundInspection.id == FundFinding.inspection_id)
        .outerjoin(Project, Project.id == FundFinding.project_id)
        .outerjoin(Division, Division.id == FundFinding.town_id)
        .order_by(FundFinding.rectify_by, FundFinding.id)
    )
    if year is not None:
        stmt = stmt.where(FundInspection.year == year)
    if inspection_id is not None:
        stmt = stmt.where(FundFinding.inspection_id == inspection_id)
    if actor.scope_town_id is not None:
        stmt = stmt.where(FundFinding.town_id == actor.scope_town_id)
    found = session.execute(stmt).all()
    files: dict[int, list[tuple[int, str, int]]] = {}
    ids = [f.id for f, *_ in found]
    if ids:
        for ev_id, fid, name, size in session.execute(
            select(
                FundEvidence.id, FundEvidence.finding_id, FundEvidence.file_name, FundEvidence.size
            )
            .where(FundEvidence.finding_id.in_(ids))
            .order_by(FundEvidence.id)
        ):
            files.setdefault(fid, []).append((ev_id, name, size))
    return [
        FindingRow(
            f.id,
            f.inspection_id,
            title,
            f.description,
            project or "",
            town or "",
            f.rectify_by,
            f.status,
            f.rectified_on,
            f.rectification,
            tuple(files.get(f.id, ())),
            f.version,
            _overdue(f, today),
        )
        for f, title, project, town in found
    ]


def list_inspections(
    session: Session, actor: Actor, year: int, *, today: date | None = None
) -> list[InspectionRow]:
    require_role(actor, "read")
    findings = list_findings(session, actor, year=year, today=today)
    out = []
    for i in session.scalars(
        select(FundInspection)
        .where(FundInspection.year == year)
        .order_by(FundInspection.quarter, FundInspection.planned_on, FundInspection.id)
    ):
        mine = [f for f in findings if f.inspection_id == i.id]
        out.append(
            InspectionRow(
                i.id,
                i.year,
                i.quarter,
                i.title,
                i.planned_on,
                i.done_on,
                i.inspectors,
                i.scope,
                tuple(line for line in i.items.splitlines() if line.strip()),
                i.summary,
                len(mine),
                sum(1 for f in mine if f.status != "done"),
                sum(1 for f in mine if f.status != "done" and f.overdue_days > 0),
                i.version,
            )
        )
    return out


def overdue_rectifications(
    session: Session, actor: Actor, today: date | None = None
) -> list[FindingRow]:
    """Findings past their deadline and not rectified, any year, most overdue first."""
    today = today or date.today()
    late = [
        f
        for f in list_findings(session, actor, today=today)
        if f.status != "done" and f.overdue_days > 0
    ]
    return sorted(late, key=lambda f: -f.overdue_days)


@dataclass(frozen=True)
class QuarterState:
    year: int
    quarter: int
    done: int
    planned: int
    required: int
    ended: bool

    @property
    def label(self) -> str:
        return quarter_text(self.year, self.quarter)

    @property
    def missing(self) -> bool:
        """The quarter is over and had fewer inspections than required (flagged)."""
        return self.ended and self.done < self.required

    @property
    def text(self) -> str:
        name = QUARTER_NAMES[self.quarter]
        if self.missing:
            return f"{name}：未开展督查检查（应至少 {self.required} 次，实际 {self.done} 次）"
        if self.done >= self.required:
            return f"{name}：已开展 {self.done} 次"
        if self.ended:
            return f"{name}：已开展 {self.done} 次"
        return f"{name}：计划 {self.planned} 次，已开展 {self.done} 次"


def quarter_states(
    session: Session, actor: Actor, year: int, today: date | None = None
) -> list[QuarterState]:
    """The year's four quarters: inspections carried out and planned, flagged when missing."""
    require_role(actor, "read")
    today = today or date.today()
    required = int(get_value(session, "funds.inspections_per_quarter"))
    counts: dict[int, list[int]] = {q: [0, 0] for q in QUARTER_NAMES}
    for quarter, done_on in session.execute(
        select(FundInspection.quarter, FundInspection.done_on).where(FundInspection.year == year)
    ):
        counts[quarter][0 if done_on is not None else 1] += 1
    return [
        QuarterState(
            year, q, counts[q][0], counts[q][1], required, quarter_span(year, q)[1] < today
        )
        for q in QUARTER_NAMES
    ]
