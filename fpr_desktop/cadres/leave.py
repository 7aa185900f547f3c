"""Leave (请销假): requests with half days, the approver tier by length, decisions, report-back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.permissions import can
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.cadres.common import cadre_for
from fpr_desktop.cadres.models import Leave
from fpr_desktop.cadres.rules import (
    LEAVE_TIERS,
    LEAVE_TYPES,
    days_text,
    halves_in,
    leave_halves,
    leave_slots,
    leave_tier,
)

PENDING, APPROVED, REJECTED = "待审批", "已批准", "未批准"


@dataclass(frozen=True)
class LeaveInput:
    cadre_id: int
    leave_type: str
    start_date: date
    end_date: date
    start_pm: bool = False  # starts in the afternoon
    end_am: bool = False  # ends at noon
    reason: str = ""
    attachment_name: str = ""
    attachment: bytes | None = None


@dataclass(frozen=True)
class LeaveRow:
    id: int
    cadre_id: int
    leave_type: str
    start_date: date
    start_pm: bool
    end_date: date
    end_am: bool
    halves: int
    approver: str  # 镇党委 / 县委组织部
    status: str
    opinion: str
    reported_back_on: date | None
    version: int

    @property
    def days(self) -> str:
        return days_text(self.halves)


def _row(r: Leave) -> LeaveRow:
    return LeaveRow(
        r.id,
        r.cadre_id,
        r.leave_type,
        r.start_date,
        r.start_pm,
        r.end_date,
        r.end_am,
        r.halves,
        LEAVE_TIERS[r.approver_tier],
        r.status,
        r.opinion,
        r.reported_back_on,
        r.version,
    )


def _span(r: Leave | LeaveInput) -> str:
    a = f"{r.start_date}{'下午' if r.start_pm else ''}"
    b = f"{r.end_date}{'上午' if r.end_am else ''}"
    return f"{a}至{b}"


def tier_for(session: Session, inp: LeaveInput) -> str:
    """Who approves a leave of this length: 镇党委 or 县委组织部 (the threshold is a setting)."""
    halves = leave_halves(inp.start_date, inp.start_pm, inp.end_date, inp.end_am)
    return LEAVE_TIERS[leave_tier(session, halves)]


def request_leave(session: Session, actor: Actor, inp: LeaveInput) -> LeaveRow:
    """Record a written leave request; an overlap with a pending or approved leave is refused."""
    cadre_for(session, actor, inp.cadre_id, "cadres.daily")
    problems = []
    if inp.leave_type not in LEAVE_TYPES:
        problems.append(f"请假类型只能是：{'、'.join(LEAVE_TYPES)}。")
    halves = leave_halves(inp.start_date, inp.start_pm, inp.end_date, inp.end_am)
    if halves <= 0:
        problems.append("请假结束时间应晚于开始时间。")
    if not inp.reason.strip():
        problems.append("请填写请假事由。")
    if problems:
        raise ValidationError("\n".join(problems))
    mine = leave_slots(inp.start_date, inp.start_pm, inp.end_date, inp.end_am)
    for other in session.scalars(
        select(Leave).where(
            Leave.cadre_id == inp.cadre_id,
            Leave.status != REJECTED,
            Leave.start_date <= inp.end_date,
            Leave.end_date >= inp.start_date,
        )
    ):
        theirs = leave_slots(other.start_date, other.start_pm, other.end_date, other.end_am)
        if mine[0] < theirs[1] and theirs[0] < mine[1]:
            raise ValidationError(
                f"与已登记的{other.leave_type}（{_span(other)}，{other.status}）时间重叠。"
            )
    row = Leave(
        cadre_id=inp.cadre_id,
        leave_type=inp.leave_type,
        start_date=inp.start_date,
        start_pm=inp.start_pm,
        end_date=inp.end_date,
        end_am=inp.end_am,
        halves=halves,
        reason=inp.reason.strip(),
        attachment_name=inp.attachment_name,
        attachment=inp.attachment,
        approver_tier=leave_tier(session, halves),
        status=PENDING,
    )
    session.add(row)
    session.flush()
    return _row(row)


def _leave(session: Session, actor: Actor, leave_id: int, version: int) -> Leave:
    row = session.get(Leave, leave_id)
    if row is None:
        raise NotFound("该请假记录不存在。")
    cadre_for(session, actor, row.cadre_id, "cadres.daily")
    check_version(row, version)
    return row


def may_decide(session: Session, actor: Actor, tier: str) -> str:
    """'' or why the actor may not decide a leave of this tier."""
    if tier == "county" and not can(actor, "cadres.edit"):
        days = int(get_value(session, "cadres.leave_county_threshold_days"))
        return f"超过{days}天的请假由县委组织部审批。"
    return ""


def decide_leave(
    session: Session,
    actor: Actor,
    leave_id: int,
    version: int,
    *,
    approve: bool,
    opinion: str,
    decided_on: date,
) -> LeaveRow:
    row = _leave(session, actor, leave_id, version)
    if reason := may_decide(session, actor, row.approver_tier):
        raise PermissionDenied(reason)
    if row.status != PENDING:
        raise ValidationError(f"该请假已审批（{row.status}）。")
    if not approve and not opinion.strip():
        raise ValidationError("不予批准时请填写审批意见。")
    row.status = APPROVED if approve else REJECTED
    row.opinion = opinion.strip()
    row.decided_by, row.decided_on = actor.display_name, decided_on
    session.flush()
    return _row(row)


def report_back(session: Session, actor: Actor, leave_id: int, version: int, on: date) -> LeaveRow:
    """销假: the cadre is back in the village on `on`."""
    row = _leave(session, actor, leave_id, version)
    if row.status != APPROVED:
        raise ValidationError("只有已批准的请假才能销假。")
    if on < row.start_date:
        raise ValidationError("销假日期不能早于请假开始日期。")
    row.reported_back_on = on
    session.flush()
    return _row(row)


def list_leave(session: Session, actor: Actor, cadre_id: int) -> list[LeaveRow]:
    cadre_for(session, actor, cadre_id, "read")
    rows = session.scalars(
        select(Leave).where(Leave.cadre_id == cadre_id).order_by(Leave.start_date.desc())
    )
    return [_row(r) for r in rows]


def approved_halves(
    session: Session, first: date, last: date, cadre_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Approved leave half days per cadre between `first` and `last` (what feeds attendance)."""
    stmt = select(Leave).where(
        Leave.status == APPROVED, Leave.start_date <= last, Leave.end_date >= first
    )
    if cadre_ids is not None:
        stmt = stmt.where(Leave.cadre_id.in_(list(cadre_ids)))
    out: dict[int, int] = defaultdict(int)
    for r in session.scalars(stmt):
        out[r.cadre_id] += halves_in(
            leave_slots(r.start_date, r.start_pm, r.end_date, r.end_am), first, last
        )
    return dict(out)


#: LeaveRow's fields as columns (the tier's label is looked up), then what the list adds
_LIST_COLUMNS = (
    Leave.id,
    Leave.cadre_id,
    Leave.leave_type,
    Leave.start_date,
    Leave.start_pm,
    Leave.end_date,
    Leave.end_am,
    Leave.halves,
    Leave.status,
    Leave.opinion,
    Leave.reported_back_on,
    Leave.version,
    Leave.approver_tier,
    Leave.reason,
    Leave.decided_by,
)


@dataclass(frozen=True)
class LeaveListRow:
    """A leave with its cadre, for the 请销假 list; `refusal` says why the actor may not decide."""

    leave: LeaveRow
    name: str
    village: str
    town: str
    reason: str
    decided_by: str
    refusal: str


def list_leaves(
    session: Session, actor: Actor, status: str | None = None, year: int | None = None
) -> list[LeaveListRow]:
    """Leaves in the actor's scope, newest first; `status` one of 待审批/已批准/未批准, `year`
    the year a leave starts in (None: every year).

    A cadre belongs to the town of their current (or last) posting.
    """
    from sqlalchemy.orm import aliased

    from fpr_desktop.base.models import Division
    from fpr_desktop.base.permissions import require_role
    from fpr_desktop.cadres.models import Assignment, Cadre

    require_role(actor, "read")
    town, village = aliased(Division), aliased(Division)
    latest: dict[int, tuple[str, str, int]] = {}
    postings = session.execute(
        select(Assignment.cadre_id, village.name, town.name, Assignment.town_id)
        .join(village, village.id == Assignment.village_id)
        .join(town, town.id == Assignment.town_id)
        .where(Assignment.cadre_id.in_(select(Leave.cadre_id)))
        .order_by(Assignment.ended_on.is_(None).desc(), Assignment.term_start.desc())
    )
    for cid, vname, tname, town_id in postings:
        latest.setdefault(cid, (vname, tname, town_id))
    stmt = (  # columns, not entities: a year of a large county is tens of thousands of rows
        select(*_LIST_COLUMNS, Cadre.name)
        .join(Cadre, Cadre.id == Leave.cadre_id)
        .order_by(Leave.start_date.desc(), Leave.id.desc())
    )
    if status is not None:
        stmt = stmt.where(Leave.status == status)
    if year is not None:
        stmt = stmt.where(Leave.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    no_daily = "当前用户没有“登记驻村考勤、请销假和走访”的权限。"
    refusals = {  # one settings read per tier, not per row
        tier: no_daily if not can(actor, "cadres.daily") else may_decide(session, actor, tier)
        for tier in LEAVE_TIERS
    }
    out = []
    for (
        lid,
        cid,
        kind,
        start,
        start_pm,
        end,
        end_am,
        halves,
        status_,
        opinion,
        back,
        version,
        tier,
        reason,
        decided_by,
        name,
    ) in session.execute(stmt):
        row = LeaveRow(
            lid,
            cid,
            kind,
            start,
            start_pm,
            end,
            end_am,
            halves,
            LEAVE_TIERS[tier],
            status_,
            opinion,
            back,
            version,
        )
        vname, tname, town_id = latest.get(row.cadre_id, ("", "", 0))
        if actor.scope_town_id is not None and town_id != actor.scope_town_id:
            continue
        out.append(LeaveListRow(row, name, vname, tname, reason, decided_by, refusals[tier]))
    return out
