"""Exchange kind `projects`: town proposal workbooks → draft projects (村级申报) in the library.

Rows are matched on the natural key (year, town, village, name). New rows become draft projects
through services.projects (or, for large files, one Core bulk insert with explicit audit rows);
matched drafts are updated; a matched project past the draft stage may only come back unchanged.
Every rule of `services.projects.problems()` is a validation problem of the row.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.reference import choices
from fpr_desktop.base.settings import get_value
from fpr_desktop.exchange import DivisionDirectory, DivisionResolver, KindSpec
from fpr_desktop.exchange.template import Dropdown
from fpr_desktop.projects import proposals as project_service
from fpr_desktop.projects.exchange.db import (
    BULK_BLOCK,
    delete_projects,
    drop_duplicates,
    insert_block,
    natural_key,
    problem_column,
    same_input,
    stored_inputs,
    stored_keys,
)
from fpr_desktop.projects.exchange.fill import RowFiller
from fpr_desktop.projects.exchange.infer import year_hint
from fpr_desktop.projects.exchange.places import PlacesResolver
from fpr_desktop.projects.exchange.report import FillReport, check_columns
from fpr_desktop.projects.exchange.rows import (
    RowValueError,
    build_spec,
    categories,
    export_values,
    fund_keys,
    fund_pairs,
    source_key,
)
from fpr_desktop.projects.models import (
    Project,
    ProjectCategory,
    ProjectFunding,
)
from fpr_desktop.projects.proposals import ProjectInput, TargetInput
from fpr_desktop.projects.status import EDITABLE, STATUS_LABELS
from fpr_desktop.submissions.bulk import json_value
from fpr_desktop.submissions.kinds import (
    ApplyState,
    ExchangeKind,
    PlanContext,
    RowPlan,
    TownRef,
    division_directory,
    register,
)


@register
class ProjectsKind(ExchangeKind):
    name = "projects"
    title = "项目库"
    permission = "projects.edit"
    model = Project
    period = "year"
    unit = MoneyUnit.WAN
    bulk_threshold = 200
    # export leaves these out when every row has them empty (the template keeps them all)
    droppable = frozenset(
        (
            *fund_keys(32),
            *(source_key(s) for s in choices("projects", "fund_sources")),
            "fund_text",
            "group_name",
            "responsible_person",
            "implementing_unit",
            "monitored_households",
            "monitored_people",
            "implementation_mode",
        )
    )

    # one column per source and a 资金来源 text are read from real lists; templates use pairs
    template_skip = frozenset(
        {"record_id", "fund_text", *(source_key(s) for s in choices("projects", "fund_sources"))}
    )

    def spec(self, session: Session) -> KindSpec:
        return build_spec(categories(session), fund_pairs(session))

    def resolver(self, directory: DivisionDirectory) -> DivisionResolver:
        return PlacesResolver(directory)

    def dropdowns(self, session: Session, town: TownRef | None) -> dict[str, Dropdown]:
        rows = session.execute(
            select(Division.id, Division.name, Division.parent_id, Division.level)
            .where(Division.active.is_(True), Division.level.in_(("town", "village")))
            .order_by(Division.sort_order, Division.id)
        ).all()
        towns = {r.id: r.name for r in rows if r.level == "town"}
        villages: dict[str, list[str]] = {name: [] for name in towns.values()}
        for r in rows:
            if r.level == "village" and r.parent_id in towns:
                villages[towns[r.parent_id]].append(r.name)
        mechanisms = Dropdown(choices("projects", "benefit_mechanisms"), strict=False)
        # a text column on import (an unknown category is suggested, not refused); the
        # template still offers the list
        cats = Dropdown(list(categories(session).values))
        if town is not None:
            return {
                "town": Dropdown([town.name]),
                "village": Dropdown(villages.get(town.name, [])),
                "benefit_mechanism": mechanisms,
                "category": cats,
            }
        return {
            "town": Dropdown(list(towns.values())),
            "village": Dropdown(depends_on="town", by_parent=villages),
            "benefit_mechanism": mechanisms,
            "category": cats,
        }

    def notes(self) -> list[str]:
        return [
            "同一年度、同一村的项目名称不能重复；再次导入同名项目会更新“村级申报”阶段的项目。",
            "申请财政资金的合计应等于各资金来源之和；绩效目标写作“指标名称：目标值”，"
            "多个用分号隔开，如“硬化道路：3公里”。",
        ]

    def table_title(self, session: Session, town: TownRef | None, year: int | None) -> str:
        county = get_value(session, "org.county_name")
        when = f"{year}年度" if year else ""
        where = f"（{town.name}）" if town else ""
        return f"{county}{when}巩固衔接项目库申报表{where}"

    # --- import ------------------------------------------------------------------------------
    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        session, result = ctx.session, ctx.result
        cats = categories(session)
        if not check_columns(result):
            return []
        table = result.table
        hint = year_hint(ctx.year, table.titles, table.source.name)
        filler = RowFiller(cats, division_directory(session), hint)
        report = FillReport()
        # problems() looks divisions and categories up by primary key: holding them here keeps
        # them in the session's (weak) identity map, so 100,000 rows cost no extra queries
        held = [*session.scalars(select(Division)), *session.scalars(select(ProjectCategory))]
        inputs: dict[int, ProjectInput] = {}
        record_ids: dict[int, str] = {}
        for vr in list(result.rows):
            values, vr.values = vr.values, {}  # consumed: a 100,000-row file keeps one copy
            if values.get("record_id"):
                record_ids[vr.row] = values["record_id"]
            try:
                inputs[vr.row], filled = filler.to_input(values)
            except RowValueError as exc:
                result.add_problem(vr.row, exc.key, str(exc), exc.expected)
                continue
            report.row(result, vr.row, inputs[vr.row], filled)
        drop_duplicates(ctx.result, inputs, record_ids)
        found = stored_keys(session, inputs.values())
        stored = stored_inputs(session, [h[0] for hits in found.values() for h in hits])
        plans: list[RowPlan] = []
        for row, inp in inputs.items():
            hits = found.get(natural_key(inp), [])
            rid = record_ids.get(row)
            if rid is not None:
                hits = [h for h in hits if str(h[0]) == rid]
                if not hits:
                    result.add_problem(
                        row,
                        "record_id",
                        f"系统编号 {rid} 与本行的年度、村、项目名称对不上",
                        "导出时的系统编号（新增项目留空；不能通过导入修改项目名称或村）",
                        rid,
                    )
                    continue
            elif len(hits) > 1:
                result.add_problem(
                    row,
                    "name",
                    f"库中有 {len(hits)} 个同年度、同村、同名的项目，无法确定更新哪一个",
                    "填写系统编号（先导出该镇项目，在导出文件上修改后再导入）",
                    inp.name,
                )
                continue
            hit = hits[0] if hits else None
            if hit is not None and same_input(inp, stored[hit[0]]):
                plans.append(RowPlan(row, "unchanged", inp, inp.town_id, hit[0], hit[1]))
                continue
            if hit is not None and hit[2] not in EDITABLE:
                result.add_problem(
                    row,
                    "name",
                    f"项目已是“{STATUS_LABELS[hit[2]]}”阶段，不能通过导入修改",
                    "与库中内容一致，或只导入村级申报、退回修改的项目",
                    inp.name,
                )
                continue
            messages = project_service.problems(session, inp)
            for message in messages:
                key, expected = problem_column(message)
                result.add_problem(row, key, message.rstrip("。"), expected)
            if messages:
                continue
            if hit is None:
                plans.append(RowPlan(row, "create", inp, inp.town_id))
            else:
                plans.append(RowPlan(row, "update", inp, inp.town_id, hit[0], hit[1]))
        del held
        ctx.notes += report.notes({p.row for p in plans})
        return plans

    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int:
        return project_service.create_project(session, actor, plan.payload)

    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None:
        assert plan.existing_id is not None and plan.existing_version is not None
        project_service.update_project(
            session, actor, plan.existing_id, plan.existing_version, plan.payload
        )

    def bulk_create(
        self, session: Session, actor: Actor, plans: Sequence[RowPlan], state: ApplyState
    ) -> list[int]:
        """Core inserts in blocks (memory stays flat), one audit row per project."""
        ids: list[int] = []
        for start in range(0, len(plans), BULK_BLOCK):
            ids += insert_block(session, actor, plans[start : start + BULK_BLOCK], state.batch)
        return ids

    def period_of(self, plans: Sequence[RowPlan]) -> tuple[int | None, int | None]:
        years = Counter(p.payload.year for p in plans)
        return (years.most_common(1)[0][0] if years else None), None

    def due_date(self, session: Session, year: int | None, month: int | None) -> date | None:
        if year is None:
            return None
        m = int(get_value(session, "exchange.projects_due_month"))
        return date(year - 1, m, calendar.monthrange(year - 1, m)[1])

    # --- undo --------------------------------------------------------------------------------
    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]:
        inp = stored_inputs(session, [row_id])[row_id]
        data = {
            k: json_value(v) for k, v in asdict(inp).items() if k not in ("fundings", "targets")
        }
        data["fundings"] = {s: str(a) for s, a in inp.fundings.items()}
        data["targets"] = [asdict(t) for t in inp.targets]
        return data

    def restore(self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]) -> None:
        p = session.get(Project, row_id)
        assert p is not None
        values = dict(data)
        for key in ("planned_start", "planned_end"):
            values[key] = date.fromisoformat(values[key]) if values[key] else None
        for key in ("total_investment", "fiscal_funds"):
            values[key] = Decimal(values[key])
        values["fundings"] = {s: Decimal(a) for s, a in data["fundings"].items()}
        values["targets"] = [TargetInput(**t) for t in data["targets"]]
        project_service.update_project(session, actor, row_id, p.version, ProjectInput(**values))

    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None:
        delete_projects(session, actor, ids, batch)

    # --- export ------------------------------------------------------------------------------
    def _scoped(self, stmt: Any, actor: Actor, year: int | None, town: TownRef | None) -> Any:
        if year is not None:
            stmt = stmt.where(Project.year == year)
        scope = town.id if town is not None else actor.scope_town_id
        if scope is not None:
            stmt = stmt.where(Project.town_id == scope)
        return stmt

    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]:
        """Projects by town, village (division order), then id: each (town, village) group is
        read in keyset blocks of 2000 ids, so rows stream however many there are."""
        cats = categories(session)
        names = dict(session.execute(select(Division.id, Division.name)).all())
        order = dict(session.execute(select(Division.id, Division.sort_order)).all())
        pairs = list(
            session.execute(
                self._scoped(
                    select(Project.town_id, Project.village_id).distinct(), actor, year, town
                )
            ).all()
        )
        pairs.sort(key=lambda r: (order.get(r[0], 0), order.get(r[1] or 0, 0)))
        for town_id, village_id in pairs:
            stmt = self._scoped(select(Project.id), actor, year, town).where(
                Project.town_id == town_id,
                Project.village_id.is_(None)
                if village_id is None
                else Project.village_id == village_id,
            )
            last = 0
            while True:
                block = list(
                    session.scalars(stmt.where(Project.id > last).order_by(Project.id).limit(2000))
                )
                if not block:
                    break
                stored = stored_inputs(session, block)
                for pid in block:
                    yield export_values(pid, stored[pid], names, cats)
                if len(block) < 2000:
                    break
                last = block[-1]

    def used_columns(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> set[str]:
        """Answered from the database (a whole export pass would double the export's time)."""
        if session.scalar(self._scoped(select(Project.id), actor, year, town).limit(1)) is None:
            return set()
        used = {"monitored_households", "monitored_people"}  # numbers, always written
        for key in ("group_name", "responsible_person", "implementing_unit", "implementation_mode"):
            column = getattr(Project, key)
            stmt = self._scoped(select(Project.id), actor, year, town).where(column != "")
            if session.scalar(stmt.limit(1)) is not None:
                used.add(key)
        ids = self._scoped(select(Project.id), actor, year, town).subquery()
        per_project = (
            select(func.count(ProjectFunding.id).label("n"))
            .where(ProjectFunding.project_id.in_(select(ids.c.id)))
            .group_by(ProjectFunding.project_id)
        ).subquery()
        most = session.scalar(select(func.max(per_project.c.n))) or 0
        used |= set(fund_keys(int(most)))
        return used & self.droppable
