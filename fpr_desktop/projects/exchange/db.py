"""The `projects` kind's database side: matching rows to stored projects, bulk inserts with
audit rows, and removing the projects an undone import created."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models.columns import utcnow
from fpr_desktop.exchange import ValidationResult
from fpr_desktop.notices.models import NoticeItem
from fpr_desktop.projects.exchange.rows import target_key
from fpr_desktop.projects.models import (
    Project,
    ProjectFunding,
    ProjectStep,
    ProjectTarget,
    ProjectVillage,
)
from fpr_desktop.projects.proposals import SCALAR_FIELDS, ProjectInput, TargetInput
from fpr_desktop.projects.status import Status
from fpr_desktop.submissions.bulk import (
    audit_core_rows,
    fast_insert,
    insert_returning_ids,
    table_of,
)
from fpr_desktop.submissions.kinds import RowPlan


def stored_inputs(session: Session, ids: list[int]) -> dict[int, ProjectInput]:
    """ProjectInputs of stored projects, three queries per block of ids (no N+1)."""
    out: dict[int, ProjectInput] = {}
    for start in range(0, len(ids), 900):
        block = ids[start : start + 900]
        cols = [getattr(Project, f) for f in SCALAR_FIELDS]
        for row in session.execute(select(Project.id, *cols).where(Project.id.in_(block))):
            out[row[0]] = ProjectInput(**dict(zip(SCALAR_FIELDS, row[1:], strict=True)))
        funds = select(ProjectFunding.project_id, ProjectFunding.source, ProjectFunding.amount)
        for pid, source, amount in session.execute(
            funds.where(ProjectFunding.project_id.in_(block)).order_by(ProjectFunding.id)
        ):
            out[pid].fundings[source] = amount
        vq = select(ProjectVillage.project_id, ProjectVillage.village_id)
        for pid, village_id in session.execute(
            vq.where(ProjectVillage.project_id.in_(block)).order_by(ProjectVillage.id)
        ):
            out[pid].villages += (village_id,)
        tq = select(ProjectTarget).where(ProjectTarget.project_id.in_(block))
        for t in session.scalars(tq.order_by(ProjectTarget.id)):
            out[t.project_id].targets.append(
                TargetInput(t.kind, t.indicator, t.unit, t.target_value)
            )
    return out


def _target_key(t: TargetInput) -> tuple[str, str, str]:
    return (t.kind, t.indicator.strip(), (t.target_value + t.unit).replace(" ", ""))


def same_input(a: ProjectInput, b: ProjectInput) -> bool:
    """Whether importing `a` over stored `b` would change nothing."""
    for f in fields(ProjectInput):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "targets":
            if sorted(map(_target_key, x)) != sorted(map(_target_key, y)):
                return False
        elif isinstance(x, str):
            if x.strip() != (y or "").strip():
                return False
        elif isinstance(x, Decimal) or isinstance(y, Decimal):
            if x != y:
                return False
        elif x != y:
            return False
    return True


# which column a message of services.projects.problems() belongs to, and what is expected there
# (first match wins)
PROBLEM_COLUMNS = (
    ("项目名称", "name", "项目名称"),
    ("年度", "year", "2000–2100 之间的年度"),
    ("项目类别", "category", "已有的项目类别"),
    ("建设性质", "construction_type", "新建、续建、改建、扩建或维修"),
    ("所属镇", "town", "本县已有的乡镇"),
    ("所属村", "village", "所填乡镇下的村"),
    ("建设内容", "content", "建设内容及规模"),
    ("金额不能为负数", "total_investment", "不小于 0 的金额"),
    ("资金", "fiscal_funds", "不超过总投资、且等于各资金来源金额之和的申请财政资金"),
    ("计划完工", "planned_end", "不早于计划开工时间的日期"),
    ("受益脱贫", "poverty_households", "不超过受益总户数、总人数"),
    ("受益监测", "monitored_households", "不超过受益总户数、总人数"),
    ("实施方式", "implementation_mode", "可选的实施方式之一"),
    ("绩效目标", target_key("产出指标"), "“指标名称：目标值”"),
)


def problem_column(message: str) -> tuple[str | None, str]:
    """(column key, expected) for a message of services.projects.problems()."""
    return next(((key, exp) for word, key, exp in PROBLEM_COLUMNS if word in message), (None, ""))


BULK_BLOCK = 5000
AUDITED = (
    "name",
    "year",
    "town_id",
    "village_id",
    "category_id",
    "total_investment",
    "fiscal_funds",
    "status",
)


def natural_key(inp: ProjectInput) -> tuple[int, int, int | None, str]:
    return (inp.year, inp.town_id, inp.village_id, inp.name.strip())


def stored_keys(
    session: Session, inputs: Iterable[ProjectInput]
) -> dict[tuple[int, int, int | None, str], list[tuple[int, int, str]]]:
    """Natural key → [(id, version, status)] of stored projects the rows may match."""
    pair_list = sorted({(i.year, i.town_id) for i in inputs})
    out: dict[tuple[int, int, int | None, str], list[tuple[int, int, str]]] = {}
    for start in range(0, len(pair_list), 200):
        block = pair_list[start : start + 200]
        stmt = select(
            Project.id,
            Project.version,
            Project.status,
            Project.year,
            Project.town_id,
            Project.village_id,
            Project.name,
        ).where(tuple_(Project.year, Project.town_id).in_(block))
        for r in session.execute(stmt.order_by(Project.id)):
            key = (r.year, r.town_id, r.village_id, r.name.strip())
            out.setdefault(key, []).append((r.id, r.version, r.status))
    return out


def drop_duplicates(
    result: ValidationResult, inputs: dict[int, ProjectInput], record_ids: dict[int, str]
) -> None:
    """A record twice in one file (same 系统编号, or same year, town, village and name)."""
    seen: dict[tuple[Any, ...], int] = {}
    for row, inp in list(inputs.items()):
        rid = record_ids.get(row)
        key = ("id", rid) if rid else natural_key(inp)
        first = seen.setdefault(key, row)
        if first != row:
            what = "系统编号" if rid else "年度、村、项目名称"
            result.add_problem(
                row,
                "record_id" if rid else "name",
                f"与第 {first} 行重复（{what}相同）",
                "每个项目只填写一行",
                rid or inp.name,
            )
            del inputs[row]


def insert_block(session: Session, actor: Actor, plans: Sequence[RowPlan], batch: str) -> list[int]:
    """One block of new draft projects with their fundings and targets, audited per project."""
    now = utcnow()
    rows = []
    for p in plans:
        inp: ProjectInput = p.payload
        values = {f: getattr(inp, f) for f in SCALAR_FIELDS}
        for f, v in values.items():
            if isinstance(v, str):
                values[f] = v.strip()
        values.update(
            status=Status.DRAFT.value, proposer_id=actor.user_id, created_at=now, version=1
        )
        rows.append(values)
    ids = insert_returning_ids(session, table_of(Project), rows)
    fast_insert(
        session,
        table_of(ProjectFunding),
        ("project_id", "source", "amount"),
        (
            (pid, s, a)
            for pid, p in zip(ids, plans, strict=True)
            for s, a in p.payload.fundings.items()
        ),
    )
    fast_insert(
        session,
        table_of(ProjectVillage),
        ("project_id", "village_id"),
        ((pid, v) for pid, p in zip(ids, plans, strict=True) for v in p.payload.villages),
    )
    fast_insert(
        session,
        table_of(ProjectTarget),
        ("project_id", "kind", "indicator", "unit", "target_value"),
        (
            (pid, t.kind, t.indicator, t.unit, t.target_value)
            for pid, p in zip(ids, plans, strict=True)
            for t in p.payload.targets
        ),
    )
    # one audit row per project, with its key facts; every cell of it is in the submitted
    # file, which the register keeps (original bytes + SHA-256) under the same batch
    audit_core_rows(
        session,
        actor,
        "project",
        "insert",
        (
            (pid, r["village_id"] or r["town_id"], {k: r[k] for k in AUDITED} | {"row": p.row})
            for pid, r, p in zip(ids, rows, plans, strict=True)
        ),
        batch,
    )
    return ids


def delete_projects(session: Session, actor: Actor, ids: Sequence[int], batch: str) -> None:
    """Remove projects an import created (refused once they have steps or are in a notice)."""
    for start in range(0, len(ids), 900):
        block = list(ids[start : start + 900])
        used = session.scalar(
            select(NoticeItem.record_id)
            .where(NoticeItem.record_type == "project", NoticeItem.record_id.in_(block))
            .limit(1)
        ) or session.scalar(
            select(ProjectStep.project_id).where(ProjectStep.project_id.in_(block)).limit(1)
        )
        if used is not None:
            name = session.scalar(select(Project.name).where(Project.id == used))
            raise ValidationError(
                f"无法撤销：导入的项目“{name}”此后已办理审批或已列入公告，不能删除。"
            )
        snapshots = session.execute(
            select(
                Project.id, Project.town_id, Project.village_id, Project.name, Project.year
            ).where(Project.id.in_(block))
        ).all()
        session.execute(delete(ProjectFunding).where(ProjectFunding.project_id.in_(block)))
        session.execute(delete(ProjectTarget).where(ProjectTarget.project_id.in_(block)))
        session.execute(delete(ProjectVillage).where(ProjectVillage.project_id.in_(block)))
        session.execute(delete(Project).where(Project.id.in_(block)))
        audit_core_rows(
            session,
            actor,
            "project",
            "delete",
            (
                (r.id, r.village_id or r.town_id, {"name": r.name, "year": r.year})
                for r in snapshots
            ),
            batch,
        )
