"""Exchange kind `attendance`: a town's monthly sign-in sheet of its resident cadres (考勤表).

Towns keep the sheet the way they always have: a title naming the month (“固关镇2021年9月驻村干部
考勤表”), a name column often merged over two rows (上午/下午), and one column per day with
marks ✓/√ (在村), ○ (缺勤), 半 (半天), 假 (请假), 公 (公出). One cadre's rows become one month of
attendance; a blank day inside an approved leave counts as leave. Rows are matched to cadres posted
in the town that month by name (and village when two share a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.cadres.attendance import NO_MARK, write_month
from fpr_desktop.cadres.leave import APPROVED
from fpr_desktop.cadres.models import Assignment, AttendanceDay, AttendanceMonth, Cadre, Leave
from fpr_desktop.cadres.rules import month_bounds
from fpr_desktop.exchange import ColumnSpec, KindSpec, ValidationResult
from fpr_desktop.exchange.normalize import squeeze
from fpr_desktop.exchange.workbook import open_workbook
from fpr_desktop.submissions.kinds import (
    ApplyState,
    ExchangeKind,
    PlanContext,
    RowPlan,
    TownRef,
    register,
)

DAYS = range(1, 32)
MARK_TEXT = {"P": "√", "H": "半", "A": "○", "L": "假", "D": "公"}
_MARK_ALIASES = {
    "P": "√✓✔1在到是",
    "A": "○〇O0×X缺旷",
    "H": "半½◐",
    "L": "假请休病事",
    "D": "公差会训",
}
ALIASES = {c: code for code, chars in _MARK_ALIASES.items() for c in chars}
MARKS_EXPECTED = "√或✓（在村）、○（缺勤）、半（半天）、假（请假）、公（公出）或留空"
HALF_AM = ("上午", "上", "am", "AM")
HALF_PM = ("下午", "下", "pm", "PM")
_MONTH_RE = re.compile(r"(20\d{2})\s*[年.\-/]\s*(\d{1,2})\s*月?")


def day_key(d: int) -> str:
    return f"d{d}"


COLUMNS = (
    ColumnSpec("seq", "序号", aliases=("编号",)),
    ColumnSpec("month", "月份", aliases=("考勤月份", "年月"), help="如“2021年9月”"),
    ColumnSpec("village", "村", aliases=("所驻村", "驻村", "村（社区）", "村名"), max_length=60),
    ColumnSpec("name", "姓名", aliases=("驻村干部", "干部姓名"), required=True, max_length=40),
    ColumnSpec("role", "职务", aliases=("驻村职务",), max_length=20),
    ColumnSpec("half", "时段", aliases=("上下午", "上/下午"), help="上午或下午（每人两行时）"),
    *(
        ColumnSpec(day_key(d), f"{d}日", aliases=(str(d), f"{d}号"), help=MARKS_EXPECTED)
        for d in DAYS
    ),
)
SPEC = KindSpec(
    kind="attendance",
    title="驻村干部考勤表",
    columns=COLUMNS,
    natural_key=("name", "half"),  # two rows per person: 上午 and 下午
    sheet_names=("考勤表", "驻村干部考勤表"),
    min_header_matches=3,
)


@dataclass(frozen=True)
class MonthInput:
    cadre_id: int
    year: int
    month: int
    marks: str


def sheet_month(result: ValidationResult) -> tuple[int, int] | None:
    """The month named in the title rows above the header (or None)."""
    table = result.table
    book, _ = open_workbook(table.source.path)
    with book:
        sheet = book.get_sheet_by_name(table.sheet)
        for row in islice(sheet.iter_rows(), table.header.first_row):
            for cell in row:
                if m := _MONTH_RE.search(str(cell)):
                    return int(m.group(1)), int(m.group(2))
    return None


def _month_of(value: Any) -> tuple[int, int] | None:
    m = _MONTH_RE.search(str(value or ""))
    return (int(m.group(1)), int(m.group(2))) if m else None


def _mark(value: Any) -> str | None:
    """A day cell → mark code, '' for blank, None if unreadable."""
    text = squeeze(str(value or "")).replace("在村", "在").replace("请假", "假")
    if not text:
        return ""
    if text.endswith(".0"):
        text = text[:-2]
    return ALIASES.get(text[0]) if len(text) <= 2 else None


def combine(rows: Sequence[dict[int, str]], days: int) -> str:
    """One row: its marks. Two rows (上午/下午): each present half counts; with none, the reason
    (leave before duty before absence)."""
    out = []
    for d in range(1, days + 1):
        marks = [r.get(d, "") for r in rows]
        if len(rows) == 1:
            out.append(marks[0] or NO_MARK)
            continue
        present = sum(m in ("P", "H") for m in marks)
        others = [m for m in ("L", "D", "A") if m in marks]
        out.append("P" if present >= 2 else "H" if present else others[0] if others else NO_MARK)
    return "".join(out)


@register
class AttendanceKind(ExchangeKind):
    name = "attendance"
    title = "驻村干部考勤表"
    permission = "cadres.daily"
    model = AttendanceMonth
    town_key = "name"
    period = "month"
    number_key = "seq"
    template_skip = frozenset({"month", "half"})

    def spec(self, session: Session) -> KindSpec:
        return SPEC

    def notes(self) -> list[str]:
        return [
            "标题写明考勤月份，如“固关镇2021年9月驻村干部考勤表”；或增加“月份”列。",
            f"每天一格：{MARKS_EXPECTED}。每人分上午、下午两行时，姓名可合并单元格。",
            "留空的日期如在已批准的请假期间内，按请假统计。",
        ]

    # --- import ------------------------------------------------------------------------------
    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        session, result = ctx.session, ctx.result
        rows = list(result.rows)
        if not rows:
            return []
        found = _month_of(rows[0].values.get("month")) or sheet_month(result)
        if found is None or not 1 <= found[1] <= 12:
            result.add_problem(
                None, "month", "未找到考勤月份", "标题写明如“2021年9月”，或增加“月份”列"
            )
            return []
        year, month = found
        first, last = month_bounds(year, month)
        posted = self._posted(session, ctx, first, last)
        groups: dict[int, list[tuple[int, dict[int, str]]]] = {}
        for vr in rows:
            v = vr.values
            cadre = self._match(result, vr.row, v, posted)
            if cadre is None:
                continue
            marks: dict[int, str] = {}
            for d in DAYS:
                raw = v.get(day_key(d))
                mark = _mark(raw)
                if mark is None:
                    result.add_problem(
                        vr.row, day_key(d), "考勤标记无法识别", MARKS_EXPECTED, str(raw)
                    )
                    break
                if mark and d > last.day:
                    result.add_problem(
                        vr.row, day_key(d), f"{year}年{month}月没有{d}日", "留空", str(raw)
                    )
                    break
                if mark:
                    marks[d] = mark
            else:
                groups.setdefault(cadre[0], []).append((vr.row, marks))
        good = {r.row for r in result.rows}
        leave = self._leave_days(session, list(groups), first, last)
        existing = {
            m.cadre_id: m
            for m in session.scalars(
                select(AttendanceMonth).where(
                    AttendanceMonth.year == year,
                    AttendanceMonth.month == month,
                    AttendanceMonth.cadre_id.in_(list(groups)),
                )
            )
        }
        plans = []
        for cadre_id, parts in groups.items():
            if len(parts) > 2 or any(r not in good for r, _ in parts):
                if len(parts) > 2:
                    result.add_problem(parts[2][0], "name", "同一人最多两行（上午、下午）")
                continue
            days = list(combine([m for _, m in parts], last.day))
            for d in leave.get(cadre_id, ()):
                if days[d - 1] == NO_MARK:
                    days[d - 1] = "L"
            inp = MonthInput(cadre_id, year, month, "".join(days))
            old = existing.get(cadre_id)
            action = (
                "create" if old is None else "unchanged" if old.marks == inp.marks else "update"
            )
            plans.append(
                RowPlan(
                    parts[0][0],
                    action,  # type: ignore[arg-type]
                    inp,
                    posted[cadre_id][2],
                    old.id if old else None,
                    old.version if old else None,
                )
            )
        return plans

    def _posted(
        self, session: Session, ctx: PlanContext, first: Any, last: Any
    ) -> dict[int, tuple[str, str, int]]:
        """cadre id → (name, village, town id) of everyone posted in the town that month."""
        stmt = (
            select(Cadre.id, Cadre.name, Division.name, Assignment.town_id)
            .join(Assignment, Assignment.cadre_id == Cadre.id)
            .join(Division, Division.id == Assignment.village_id)
            .where(
                Assignment.term_start <= last,
                or_(Assignment.ended_on.is_(None), Assignment.ended_on >= first),
            )
        )
        town = ctx.town.id if ctx.town else ctx.actor.scope_town_id
        if town is not None:
            stmt = stmt.where(Assignment.town_id == town)
        return {cid: (name, village, tid) for cid, name, village, tid in session.execute(stmt)}

    def _match(
        self,
        result: ValidationResult,
        row: int,
        v: dict[str, Any],
        posted: dict[int, tuple[str, str, int]],
    ) -> tuple[int, str, str, int] | None:
        name = squeeze(str(v["name"]))
        village = squeeze(str(v.get("village") or ""))
        hits = [(cid, *p) for cid, p in posted.items() if p[0] == name]
        if village and len(hits) > 1:
            hits = [h for h in hits if h[2].startswith(village) or village.startswith(h[2])]
        if not hits:
            result.add_problem(
                row, "name", f"“{name}”不是本月在本镇驻村的干部", "已登记选派的驻村干部姓名", name
            )
            return None
        if len(hits) > 1:
            result.add_problem(row, "village", f"有{len(hits)}名驻村干部叫“{name}”", "填写所驻村")
            return None
        return hits[0]

    def _leave_days(
        self, session: Session, cadre_ids: list[int], first: Any, last: Any
    ) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {}
        for r in session.scalars(
            select(Leave).where(
                Leave.cadre_id.in_(cadre_ids),
                Leave.status == APPROVED,
                Leave.start_date <= last,
                Leave.end_date >= first,
            )
        ):
            lo, hi = max(r.start_date, first).day, min(r.end_date, last).day
            out.setdefault(r.cadre_id, set()).update(range(lo, hi + 1))
        return out

    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int:
        m: MonthInput = plan.payload
        return write_month(session, m.cadre_id, m.year, m.month, m.marks).id

    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None:
        self.create(session, actor, plan, state)

    def period_of(self, plans: Sequence[RowPlan]) -> tuple[int | None, int | None]:
        if not plans:
            return None, None
        return plans[0].payload.year, plans[0].payload.month

    # --- undo --------------------------------------------------------------------------------
    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]:
        row = session.get(AttendanceMonth, row_id)
        assert row is not None
        return {"marks": row.marks}

    def restore(self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]) -> None:
        row = session.get(AttendanceMonth, row_id)
        assert row is not None
        write_month(session, row.cadre_id, row.year, row.month, data["marks"])

    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None:
        for row in session.scalars(select(AttendanceMonth).where(AttendanceMonth.id.in_(ids))):
            first, last = month_bounds(row.year, row.month)
            session.execute(
                delete(AttendanceDay).where(
                    AttendanceDay.cadre_id == row.cadre_id, AttendanceDay.day.between(first, last)
                )
            )
            session.delete(row)
        session.flush()

    # --- export ------------------------------------------------------------------------------
    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]:
        stmt = (
            select(AttendanceMonth, Cadre.name, Assignment.role, Division.name)
            .join(Cadre, Cadre.id == AttendanceMonth.cadre_id)
            .join(Assignment, Assignment.cadre_id == Cadre.id)
            .join(Division, Division.id == Assignment.village_id)
            .order_by(AttendanceMonth.year, AttendanceMonth.month, Division.sort_order, Cadre.id)
        )
        if year is not None:
            stmt = stmt.where(AttendanceMonth.year == year)
        scope = town.id if town else actor.scope_town_id
        if scope is not None:
            stmt = stmt.where(Assignment.town_id == scope)
        seen: set[int] = set()
        for n, (m, name, role, village) in enumerate(session.execute(stmt), 1):
            if m.id in seen:
                continue
            seen.add(m.id)
            row: dict[str, Any] = {
                "seq": n,
                "month": f"{m.year}年{m.month}月",
                "village": village,
                "name": name,
                "role": role,
            }
            row.update({day_key(i + 1): MARK_TEXT.get(c, "") for i, c in enumerate(m.marks)})
            yield row
