"""The notice register: issue a publicity notice, record objections, and tell a workflow whether
a record's publicity window has ended with no unresolved objection (`window_cleared`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from fpr_desktop.base.calendar import work_calendar
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.paging import Column, IdPage, Totals, keyset_page
from fpr_desktop.base.permissions import in_scope, require, require_role
from fpr_desktop.base.registry import NOTICE_KIND_LABELS
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.versioning import check_version
from fpr_desktop.base.workdays import add_working_days
from fpr_desktop.notices.models import (
    NOTICE_LEVELS,
    Notice,
    NoticeAttachment,
    NoticeItem,
    Objection,
)

KIND_LABELS = NOTICE_KIND_LABELS  # declared by each module's registration
IN_WINDOW, CLEARED, OPEN_OBJECTION, OBJECTIONS_HANDLED, WITHDRAWN = (
    "公示中",
    "期满无异议",
    "有异议待处理",
    "异议已处理",
    "已撤回",
)
MAX_ATTACHMENT_BYTES = 20 * 2**20


@dataclass(frozen=True)
class ObjectionRow:
    id: int
    notice_id: int
    received_on: date
    content: str
    contact: str
    handler: str
    result: str
    replied_on: date | None
    resolved: bool
    version: int
    late: bool = False  # received after the window ended (kept with its real date)


@dataclass(frozen=True)
class NoticeRow:
    id: int
    kind: str
    kind_label: str
    level: str
    level_label: str
    title: str
    year: int
    division_id: int
    division_name: str
    window_start: date
    window_end: date
    window_kind: str
    posted_at: str
    issuer: str
    issued_on: date
    status: str
    covers: tuple[tuple[str, int], ...]
    objections: tuple[ObjectionRow, ...]
    attachments: tuple[tuple[int, str], ...]
    version: int
    doc_number: str = ""  # 文号 printed under the title ('' when none)


def status_of(notice: Notice, objections: Sequence[Objection], today: date) -> str:
    """公示中 until the last day has passed; then by objections (open ones block at any time)."""
    open_count = sum(1 for o in objections if not o.resolved)
    return status_from_counts(notice, len(objections), open_count, today)


def status_from_counts(notice: Notice, total: int, open_count: int, today: date) -> str:
    if notice.withdrawn:
        return WITHDRAWN
    if open_count:
        return OPEN_OBJECTION
    if today <= notice.window_end:
        return IN_WINDOW
    return OBJECTIONS_HANDLED if total else CLEARED


def window_end_for(session: Session, start: date, days: int, kind: str) -> date:
    """The last day of a window of `days` days starting on (and counting) `start`."""
    if days < 1:
        raise ValidationError("公示期至少 1 天。")
    if kind == "natural":
        return start + timedelta(days=days - 1)
    if kind == "working":
        return add_working_days(start - timedelta(days=1), days, work_calendar(session)).day
    raise ValidationError("公示期计算方式只能是自然日或工作日。")


def window_days(session: Session, start: date, end: date, kind: str) -> int:
    """How many days (natural or working, counting `start`) a window from `start` to `end`
    lasts: the inverse of `window_end_for`. An end that is no such day is refused."""
    if end < start:
        raise ValidationError("公示结束日期不能早于开始日期。")
    if kind == "natural":
        return (end - start).days + 1
    days = 1
    while (last := window_end_for(session, start, days, kind)) < end:
        days += 1
    if last != end:
        raise ValidationError(f"公示结束日期 {end:%Y-%m-%d} 不是工作日，请按工作日计算公示期。")
    return days


def _objection_row(o: Objection, window_end: date | None = None) -> ObjectionRow:
    return ObjectionRow(
        o.id,
        o.notice_id,
        o.received_on,
        o.content,
        o.contact,
        o.handler,
        o.result,
        o.replied_on,
        o.resolved,
        o.version,
        window_end is not None and o.received_on > window_end,
    )


def _row(session: Session, n: Notice, today: date | None = None) -> NoticeRow:
    objections = list(
        session.scalars(select(Objection).where(Objection.notice_id == n.id).order_by(Objection.id))
    )
    covers = session.execute(
        select(NoticeItem.record_type, NoticeItem.record_id)
        .where(NoticeItem.notice_id == n.id)
        .order_by(NoticeItem.id)
    ).all()
    files = session.execute(
        select(NoticeAttachment.id, NoticeAttachment.filename).where(
            NoticeAttachment.notice_id == n.id
        )
    ).all()
    division_name = session.scalar(select(Division.name).where(Division.id == n.division_id))
    return NoticeRow(
        n.id,
        n.kind,
        KIND_LABELS.get(n.kind, n.kind),
        n.level,
        NOTICE_LEVELS[n.level],
        n.title,
        n.year,
        n.division_id,
        division_name or "",
        n.window_start,
        n.window_end,
        n.window_kind,
        n.posted_at,
        n.issuer,
        n.issued_on,
        status_of(n, objections, today or date.today()),
        tuple((t, i) for t, i in covers),
        tuple(_objection_row(o, n.window_end) for o in objections),
        tuple((i, f) for i, f in files),
        n.version,
        n.doc_number,
    )


def _get(session: Session, actor: Actor, notice_id: int) -> Notice:
    n = session.get(Notice, notice_id)
    if n is None or (n.town_id is not None and not in_scope(session, actor, n.town_id)):
        raise NotFound("该公告公示不存在。")
    if n.town_id is None and actor.scope_town_id is not None:
        raise NotFound("该公告公示不存在。")
    return n


def issue_notice(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    level: str,
    title: str,
    division_id: int,
    covers: Iterable[tuple[str, int]],
    window_start: date,
    days: int | None = None,
    window_kind: str | None = None,
    posted_at: str = "",
    issuer: str = "",
    issued_on: date | None = None,
    year: int | None = None,
    backdate_reason: str = "",
    doc_number: str = "",
    today: date | None = None,
) -> NoticeRow:
    """Register a notice as posted; the window defaults to the settings (10 natural days) and
    may not be shorter. A start more than `publicity.backdate_days` before today (the paper
    was posted first) needs `backdate_reason`, kept on the notice and in the audit log.
    `doc_number` (文号) may not be one the same issuing unit already used that year."""
    if kind not in KIND_LABELS:
        raise ValidationError(f"未知的公告类型“{kind}”。")
    if level not in NOTICE_LEVELS:
        raise ValidationError(f"未知的公示层级“{level}”。")
    division = session.get(Division, division_id)
    if division is None:
        raise NotFound("公示所在区划不存在。")
    require(session, actor, "notices.edit", None if division.level == "county" else division.id)
    if not title.strip():
        raise ValidationError("公告标题不能为空。")
    items = sorted(set(covers))
    minimum = int(get_value(session, "publicity.window_days"))
    days = int(days if days is not None else minimum)
    if days < minimum:
        raise ValidationError(f"公示期 {days} 天短于规定的 {minimum} 天，不能缩短。")
    reason = backdate_reason.strip()
    if not reason and actor.user_id is None and window_start < (today or date.today()):
        reason = "系统补登（演示或迁移的历史数据）"  # no user at the keyboard to ask
    if backdate_problem(session, window_start, reason, today):
        raise ValidationError(backdate_problem(session, window_start, reason, today))
    number = normal_doc_number(doc_number)
    issue_day = issued_on or window_start
    if problem := doc_number_problem(session, number, issuer, issue_day.year):
        raise ValidationError(problem)
    kind_of_days = window_kind or str(get_value(session, "publicity.window_kind"))
    end = window_end_for(session, window_start, days, kind_of_days)
    notice = Notice(
        kind=kind,
        level=level,
        title=title.strip(),
        year=year or window_start.year,
        division_id=division.id,
        town_id=division.town_id,
        window_start=window_start,
        window_end=end,
        window_kind=kind_of_days,
        posted_at=posted_at.strip(),
        issuer=issuer.strip(),
        issued_on=issue_day,
        created_by=actor.user_id,
        backdate_reason=reason,
        doc_number=number,
    )
    session.add(notice)
    session.flush()
    for record_type, record_id in items:
        session.add(NoticeItem(notice_id=notice.id, record_type=record_type, record_id=record_id))
    session.flush()
    return _row(session, notice)


_YEAR_BRACKETS = re.compile(r"[\[［(（【〔]\s*(\d{4})\s*[\]］)）】〕]")
_YEAR_IN_NUMBER = re.compile(r"〔(\d{4})〕")


def normal_doc_number(text: str) -> str:
    """A 文号 as stored: no spaces, the year in 六角括号
    (陇乡振发[2026]12号 → 陇乡振发〔2026〕12号)."""
    return _YEAR_BRACKETS.sub(r"〔\1〕", re.sub(r"\s+", "", text))


def doc_number_problem(
    session: Session, doc_number: str, issuer: str, year: int, exclude_id: int | None = None
) -> str:
    """Why `doc_number` cannot be given to a notice `issuer` issues in `year` ('' when it can):
    the same unit (the first one named, for a joint notice) already used it that year on
    another registered notice — withdrawn ones included, a number once posted stays used."""
    number = normal_doc_number(doc_number)
    if not number:
        return ""
    if len(number) > 60:
        return f"文号“{number}”过长（最多 60 个字）。"
    if (printed := _YEAR_IN_NUMBER.search(number)) and int(printed.group(1)) != year:
        return (
            f"文号“{number}”中的年份 {printed.group(1)} 与发布日期所在的 {year} 年不一致，"
            "请核对文号或发布日期。"
        )
    lead = issuer.strip().split("、")[0]
    stmt = select(Notice).where(
        Notice.doc_number == number,
        Notice.issued_on >= date(year, 1, 1),
        Notice.issued_on <= date(year, 12, 31),
        or_(Notice.issuer == lead, Notice.issuer.like(f"{lead}、%")),
    )
    if exclude_id is not None:
        stmt = stmt.where(Notice.id != exclude_id)
    used = session.scalar(stmt.order_by(Notice.id).limit(1))
    if used is None:
        return ""
    return (
        f"文号“{number}”已用于{lead}{year}年发布的“{used.title}”"
        f"（{notice_number(used.year, used.id)}）。同一发文单位同一年度的文号不能重复，请核对文号。"
    )


def backdate_problem(
    session: Session, window_start: date, reason: str = "", today: date | None = None
) -> str:
    """Why a window starting on `window_start` cannot be registered today without a reason
    ('' when it can: recent enough, or a reason is given)."""
    day = today or date.today()
    grace = int(get_value(session, "publicity.backdate_days"))
    if window_start >= day - timedelta(days=grace) or reason.strip():
        return ""
    return (
        f"公示开始日期 {window_start:%Y-%m-%d} 比今天早 {(day - window_start).days} 天"
        f"（超过 {grace} 天）。如纸质公示已先行张贴，请填写补登原因；否则请改为实际张贴日期。"
    )


def get_notice(
    session: Session, actor: Actor, notice_id: int, today: date | None = None
) -> NoticeRow:
    require_role(actor, "read")
    return _row(session, _get(session, actor, notice_id), today)


def add_objection(
    session: Session,
    actor: Actor,
    notice_id: int,
    *,
    received_on: date,
    content: str,
    contact: str = "",
    handler: str = "",
) -> ObjectionRow:
    n = _get(session, actor, notice_id)
    require(session, actor, "notices.edit", n.town_id)
    if not content.strip():
        raise ValidationError("异议内容不能为空。")
    if received_on < n.window_start:
        raise ValidationError(
            f"收到异议日期 {received_on:%Y-%m-%d} 早于公示开始日期 {n.window_start:%Y-%m-%d}。"
        )
    o = Objection(
        notice_id=n.id,
        received_on=received_on,
        content=content.strip(),
        contact=contact.strip(),
        handler=handler.strip(),
        resolved=False,
    )
    session.add(o)
    session.flush()
    return _objection_row(o, n.window_end)


def resolve_objection(
    session: Session,
    actor: Actor,
    objection_id: int,
    expected_version: int,
    *,
    result: str,
    replied_on: date,
    handler: str = "",
) -> ObjectionRow:
    """Record how an objection was handled and the reply date; it then no longer blocks."""
    o = session.get(Objection, objection_id)
    if o is None:
        raise NotFound("该异议不存在。")
    n = _get(session, actor, o.notice_id)
    require(session, actor, "notices.edit", n.town_id)
    check_version(o, expected_version)
    if not result.strip():
        raise ValidationError("请填写异议处理结果。")
    if replied_on < o.received_on:
        raise ValidationError("答复日期不能早于收到异议的日期。")
    o.result = result.strip()
    o.replied_on = replied_on
    o.handler = handler.strip() or o.handler
    o.resolved = True
    session.flush()
    return _objection_row(o, n.window_end)


def attach_file(
    session: Session, actor: Actor, notice_id: int, filename: str, content: bytes
) -> int:
    """Keep a photo or scan of the posted notice; returns the attachment id."""
    n = _get(session, actor, notice_id)
    require(session, actor, "notices.edit", n.town_id)
    if not content:
        raise ValidationError(f"文件“{filename}”是空的。")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"文件“{filename}”超过 20 MB，请压缩后再上传。")
    a = NoticeAttachment(
        notice_id=n.id,
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    session.add(a)
    session.flush()
    return a.id


def window_cleared(
    session: Session,
    record_type: str,
    record_id: int,
    *,
    kinds: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    today: date | None = None,
) -> bool:
    """True only when a notice covering the record has ended with no unresolved objection."""
    day = today or date.today()
    open_objection = exists().where(
        and_(Objection.notice_id == Notice.id, Objection.resolved.is_(False))
    )
    stmt = (
        select(Notice.id)
        .join(NoticeItem, NoticeItem.notice_id == Notice.id)
        .where(
            NoticeItem.record_type == record_type,
            NoticeItem.record_id == record_id,
            Notice.withdrawn.is_(False),
            Notice.window_end < day,
            ~open_objection,
        )
    )
    if kinds is not None:
        stmt = stmt.where(Notice.kind.in_(list(kinds)))
    if levels is not None:
        stmt = stmt.where(Notice.level.in_(list(levels)))
    return session.scalar(stmt.limit(1)) is not None


# --- lists -----------------------------------------------------------------------------------

NOTICE_COLUMNS: tuple[Column, ...] = (
    Column("number", "编号", width=90),
    Column("title", "标题", width=300),
    Column("doc_number", "文号", width=130),
    Column("kind", "类型", width=110),
    Column("level", "层级", width=60),
    Column("division", "公示地点", width=90),
    Column("window_start", "公示开始", "date", 100),  # room for the sort arrow
    Column("window_end", "公示结束", "date", 100),
    Column("status", "状态", width=90),
    Column("open_objections", "待处理异议", "int", 80),
)


@dataclass(frozen=True)
class NoticeFilter:
    year: int | None = None
    kind: str | None = None
    ending_this_week: bool = False
    open_objections: bool = False
    today: date | None = None
    search: str = ""  # words of the title, issuer or 文号, or a number (GS2026-0033 / 33)
    sort: str = "window_end"  # a key of SORTABLE
    descending: bool = True


def notice_number(year: int, notice_id: int) -> str:
    """The register's number of a notice: GS2026-0033 (公示 year and register id)."""
    return f"GS{year}-{notice_id:04d}"


_NUMBER = re.compile(r"^(?:GS)?(?:(\d{4})-)?0*(\d+)$", re.IGNORECASE)
#: Columns whose header sorts the register (status and open objections are computed per row).
SORTABLE: dict[str, Any] = {
    "number": Notice.id,
    "title": Notice.title,
    "doc_number": Notice.doc_number,
    "kind": Notice.kind,
    "level": Notice.level,
    "division": Notice.division_id,
    "window_start": Notice.window_start,
    "window_end": Notice.window_end,
}


class NoticeSource:
    """The register as a lazy list, latest window end first (keyset on window_end, id)."""

    columns: Sequence[Column] = NOTICE_COLUMNS

    def __init__(self, session: Session, actor: Actor, flt: NoticeFilter | None = None) -> None:
        require_role(actor, "read")
        self.actor = actor
        self.filter = flt or NoticeFilter()
        self.today = self.filter.today or date.today()

    def _apply[S: Select[*tuple[Any, ...]]](self, stmt: S) -> S:
        f = self.filter
        if words := f.search.strip():
            number = _NUMBER.match(words.replace(" ", ""))
            if number is not None and words.upper().startswith("GS"):
                stmt = stmt.where(Notice.id == int(number.group(2)))
            elif number is not None:  # 33 or 2022: the register number, or in the title
                like = f"%{words}%"
                stmt = stmt.where(or_(Notice.id == int(number.group(2)), Notice.title.like(like)))
            else:
                for word in words.split():
                    like = f"%{word}%"
                    stmt = stmt.where(
                        or_(
                            Notice.title.like(like),
                            Notice.issuer.like(like),
                            Notice.doc_number.like(like),
                        )
                    )
        if self.actor.scope_town_id is not None:
            stmt = stmt.where(Notice.town_id == self.actor.scope_town_id)
        if f.year is not None:
            stmt = stmt.where(Notice.year == f.year)
        if f.kind:
            stmt = stmt.where(Notice.kind == f.kind)
        if f.ending_this_week:
            week_end = self.today + timedelta(days=6 - self.today.weekday())
            stmt = stmt.where(
                Notice.window_end >= self.today,
                Notice.window_end <= week_end,
                Notice.withdrawn.is_(False),
            )
        if f.open_objections:
            stmt = stmt.where(
                exists().where(Objection.notice_id == Notice.id, Objection.resolved.is_(False))
            )
        return stmt

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        stmt = self._apply(select(Notice.id))
        key = SORTABLE.get(self.filter.sort, Notice.window_end)
        order = (key, Notice.id) if key is not Notice.id else (Notice.id,)
        if self.filter.descending:
            return keyset_page(session, stmt, order, after, limit)
        return _ascending_page(session, stmt, order, after, limit)

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        # Three queries per block (not four per notice): this runs when a list scrolls.
        wanted = list(ids)
        counts = {
            nid: (int(total), int(unresolved or 0))
            for nid, total, unresolved in session.execute(
                select(
                    Objection.notice_id,
                    func.count(Objection.id),
                    func.sum(case((Objection.resolved.is_(False), 1), else_=0)),
                )
                .where(Objection.notice_id.in_(wanted))
                .group_by(Objection.notice_id)
            )
        }
        stmt = (
            select(Notice, Division.name)
            .join(Division, Division.id == Notice.division_id)
            .where(Notice.id.in_(wanted))
        )
        out: dict[int, tuple[Any, ...]] = {}
        for n, division_name in session.execute(stmt):
            total, open_count = counts.get(n.id, (0, 0))
            out[n.id] = (
                notice_number(n.year, n.id),
                n.title,
                n.doc_number,
                KIND_LABELS.get(n.kind, n.kind),
                NOTICE_LEVELS[n.level],
                division_name,
                n.window_start,
                n.window_end,
                status_from_counts(n, total, open_count, self.today),
                open_count,
            )
        return out

    def totals(self, session: Session) -> Totals:
        return Totals(int(session.scalar(self._apply(select(func.count(Notice.id)))) or 0))


def _ascending_page(
    session: Session,
    stmt: Select[Any],
    order: Sequence[Any],
    after: tuple[Any, ...] | None,
    limit: int,
) -> IdPage:
    """keyset_page's ascending twin (a header clicked once more sorts the other way)."""
    stmt = stmt.with_only_columns(*order, maintain_column_froms=True)
    if after is not None:
        first, *rest = order
        cond = first > after[0]
        if rest:
            cond = or_(cond, and_(first == after[0], rest[0] > after[1]))
        stmt = stmt.where(cond)
    rows = session.execute(stmt.order_by(*(c.asc() for c in order)).limit(limit)).all()
    return IdPage([r[-1] for r in rows], tuple(rows[-1]) if len(rows) == limit else None)
