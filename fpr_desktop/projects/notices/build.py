"""Build publicity notices from the project library and record them in the notice register.

Which projects a notice covers is decided in notice_builder_select, the table rows in
notice_builder_rows. Unit names, complaint channels, the window and the 万元 decimals come from
the settings; 实施前公示 is one notice per project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.permissions import require_role
from fpr_desktop.base.registry import notice_builder, notice_hook
from fpr_desktop.base.settings import get_value
from fpr_desktop.documents import (
    Complaint,
    Document,
    FontChoice,
    NoticeParams,
    Window,
    font_choice_from_settings,
    load_template,
    make_notice,
    pdf_bytes,
)
from fpr_desktop.notices.contacts import complaint_for, missing_text
from fpr_desktop.notices.models import Notice
from fpr_desktop.notices.register import (
    KIND_LABELS,
    NoticeRow,
    doc_number_problem,
    issue_notice,
    normal_doc_number,
    window_days,
    window_end_for,
)
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.notices import content
from fpr_desktop.projects.notices import rows as rows_mod
from fpr_desktop.projects.notices.select import (
    NOT_LANDED,
    PROCEDURE,
    PROJECT_KINDS,
    K,
    ModuleNotLanded,
    NothingToNotice,
    NoticeRequest,
    check_kind,
    infer_level,
    matching_projects,
    possible_levels,
    resolve,
    selection_warnings,
    split_left,
    status_mismatches,
)
from fpr_desktop.projects.plan_checks import plan_checks
from fpr_desktop.projects.records import plan_rows
from fpr_desktop.projects.status import label_of

__all__ = [
    "NOT_LANDED",
    "PROJECT_KINDS",
    "BuiltNotice",
    "ModuleNotLanded",
    "NothingToNotice",
    "NoticeRequest",
    "build_notices",
    "check_kind",
    "covered_projects",
    "infer_level",
    "matching_projects",
    "notice_years",
    "possible_levels",
    "register",
    "registration_refusal",
    "render",
    "request_for",
    "selection_warnings",
    "status_mismatches",
]


@dataclass(frozen=True)
class BuiltNotice:
    """A notice ready to print and to register (plain data; no session needed any more)."""

    kind: str
    level: str
    division_id: int
    division_name: str
    year: int
    title: str
    project_ids: tuple[int, ...]
    project_names: tuple[str, ...]
    window: Window
    window_days: int
    window_kind: str
    issuer: str
    issued_on: date
    document: Document
    fonts: FontChoice
    #: the channels printed on it (None: the county's, for kinds built elsewhere)
    complaint: Complaint | None = None
    #: records other than projects it is about, e.g. (("distribution_plan", 3),): the
    #: register's items point at them as well as at the projects
    covers: tuple[tuple[str, int], ...] = ()
    #: 文号 printed under the title ('' when none), kept with the notice when registered
    doc_number: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _issuers(session: Session, kind: str, division: Division) -> list[str]:
    if division.level == "village":
        town = session.get(Division, division.parent_id) if division.parent_id else None
        body = "居民委员会" if division.name.endswith("社区") else "村民委员会"
        return [f"{town.name if town else ''}{division.name}{body}"]
    if division.level == "town":
        return [f"{division.name}人民政府"]
    rural = str(get_value(session, "org.rural_unit"))
    if kind in (K.ANNUAL_PLAN, K.FUND_ALLOCATION):
        return [rural, str(get_value(session, "org.finance_unit"))]
    return [rural]


def complaint_from_settings(session: Session, division: Division | None = None) -> Complaint:
    """The complaint channels of a notice posted at `division` (None: the county's)."""
    return complaint_for(session, division)


def fonts_from_settings(session: Session) -> FontChoice:
    return font_choice_from_settings(
        {
            "documents.font_file": get_value(session, "documents.font_file"),
            "documents.body_font": get_value(session, "documents.body_font"),
        }
    )


def _fields(
    session: Session, kind: str, level: str, year: int, issuers: list[str]
) -> dict[str, object]:
    # The title names who issues it: 陇县乡村振兴局关于…, 上岔村村民委员会关于…
    publisher = "、".join(issuers)
    fields: dict[str, object] = {"year": year, "publisher": publisher}
    if kind == K.PROJECT_LIBRARY_PUBLICITY:
        defaults = load_template(kind).defaults
        fields["procedure"] = defaults.get(
            f"procedure_{level}", PROCEDURE.get(level, PROCEDURE["county"])
        )
    if kind == K.ACCEPTANCE:
        rural = get_value(session, "org.rural_unit")
        finance = get_value(session, "org.finance_unit")
        fields["acceptance_body"] = f"{rural}会同{finance}及相关行业主管部门"
    return fields


def build_notices(session: Session, actor: Actor, req: NoticeRequest) -> list[BuiltNotice]:
    """The notices for a request: one, or one per project for 实施前公示."""
    builder = notice_builder(req.kind)
    if builder is not None:  # a kind another module builds from its own records
        return builder(session, actor, req)  # type: ignore[no-any-return]
    kind, level, division, year, projects = resolve(session, actor, req)
    decimals = int(get_value(session, "display.wan_decimals"))
    start = req.window_start or date.today()
    days = int(get_value(session, "publicity.window_days"))
    window_kind = str(get_value(session, "publicity.window_kind"))
    end = req.window_end or window_end_for(session, start, days, window_kind)
    if end < start:
        raise ValidationError("公示结束日期不能早于开始日期。")
    issuers = _issuers(session, kind, division)
    complaint = complaint_for(session, division)
    params = NoticeParams(
        window=Window(start, end),
        complaint=complaint,
        issuers=issuers,
        date=req.issued_on or start,
        decimals=decimals,
        subtitle=normal_doc_number(req.doc_number) or None,
    )
    fields = _fields(session, kind, level, year, issuers)
    fonts = fonts_from_settings(session)
    tables: dict[str, list[dict[str, object]]] = {}
    if (rows_of := notice_hook(kind, "rows")) is not None:  # e.g. the fund ledger's own rows
        rows, extra = rows_of(session, year, projects)
        tables.update(extra)
        groups = [(projects, rows)]
    elif kind == K.ANNUAL_PLAN:
        planned = {p.id: a for p, a in plan_rows(session, year)}
        pairs = [(p, planned.get(p.id, p.fiscal_funds)) for p in projects]
        groups = [(projects, rows_mod.plan_table(session, pairs))]
        checks = plan_checks(session, actor, year, only={p.id for p in projects})
        fields.update(content.plan_check_fields(checks, decimals))
    elif kind == K.PROJECT_LIBRARY_PUBLICITY:
        groups = [(projects, rows_mod.library_rows(session, projects))]
    elif kind == K.PROJECT_LIBRARY_ANNOUNCEMENT:
        listed, left = split_left(kind, projects)  # 调出项目 have their own table
        tables["removed"] = rows_mod.removed_rows(session, left)
        fields["removed_projects"] = "、".join(p.name for p in left)
        groups = [(projects, rows_mod.library_rows(session, listed, year))]
    elif kind == K.PRE_IMPLEMENTATION:
        rows = rows_mod.pre_rows(session, projects, MoneyUnit.WAN, decimals)
        groups = [([p], [r]) for p, r in zip(projects, rows, strict=True)]
    elif kind == K.COMPLETION:
        groups = [(projects, rows_mod.completion_rows(session, projects))]
    else:
        groups = [(projects, rows_mod.acceptance_rows(session, projects))]
    out = []
    for covered, rows in groups:
        tpl = content.template_for(session, kind, rows)
        names = [p.name for p in split_left(kind, covered)[0]]
        named = {**fields, **content.subject(tpl, level, year, names)}
        doc = make_notice(
            tpl,
            rows,
            params,
            fields={**named, **content.extra_fields(kind, rows, decimals)},
            tables=tables,
        )
        out.append(
            BuiltNotice(
                kind=kind.value,
                level=level,
                division_id=division.id,
                division_name=division.name,
                year=year,
                title=doc.title,
                project_ids=tuple(p.id for p in covered),
                project_names=tuple(p.name for p in covered),
                window=Window(start, end),
                window_days=days,
                window_kind=window_kind,
                issuer="、".join(issuers),
                issued_on=params.date or start,
                document=doc,
                fonts=fonts,
                complaint=complaint,
                doc_number=normal_doc_number(req.doc_number),
            )
        )
    return out


def render(built: BuiltNotice) -> bytes:
    """The notice's PDF (slow-ish: run it off the GUI thread)."""
    return pdf_bytes(built.document, fonts=built.fonts)


def registration_refusal(session: Session, built: BuiltNotice | Sequence[BuiltNotice]) -> str:
    """Why `built` (one notice, or the notices registered together) cannot be registered yet
    ('' when it can): its complaint channels, or a 文号 already used or shared by several."""
    batch = [built] if isinstance(built, BuiltNotice) else list(built)
    first = batch[0]
    division = session.get(Division, first.division_id)
    complaint = first.complaint or complaint_for(session, None)
    if missing := missing_text(session, complaint, division if first.complaint else None):
        return missing
    if first.doc_number and len(batch) > 1:
        return (
            f"一个文号只能用于一份公告，而这里将登记 {len(batch)} 份（每个项目一份）。"
            "请清空文号，或逐个项目生成后分别填写文号。"
        )
    return doc_number_problem(session, first.doc_number, first.issuer, first.issued_on.year)


def register(
    session: Session,
    actor: Actor,
    built: BuiltNotice,
    posted_at: str = "",
    covers: list[tuple[str, int]] | None = None,
    backdate_reason: str = "",
) -> NoticeRow:
    """Record a built notice as posted, covering its projects and other records (or the
    records `covers` names, e.g. cadre assessments), with the window it was built for (never
    shorter than the settings' minimum). A kind's `registered` hook then runs in the same
    transaction (e.g. the distribution plan's 公示 stage).

    Refused while the notice lacks a complaint unit, its address or a local phone: a posted
    notice must tell people where to object."""
    if refusal := registration_refusal(session, built):
        raise ValidationError(refusal)
    if covers is None:
        covers = [*built.covers, *(("project", i) for i in built.project_ids)]
    start, end = built.window.start, built.window.end
    row = issue_notice(
        session,
        actor,
        kind=built.kind,
        level=built.level,
        title=built.title,
        division_id=built.division_id,
        covers=covers,
        window_start=start,
        days=window_days(session, start, end, built.window_kind),
        window_kind=built.window_kind,
        posted_at=posted_at,
        issuer=built.issuer,
        issued_on=built.issued_on,
        year=built.year,
        backdate_reason=backdate_reason,
        doc_number=built.doc_number,
    )
    if row.window_end != built.window.end:
        raise ValidationError("公示期计算结果与公告上印的不一致，请重新生成后再登记。")
    if (after := notice_hook(built.kind, "registered")) is not None:
        after(session, actor, row)
    return row


def request_for(row: NoticeRow) -> NoticeRequest:
    """Rebuild a registered notice as it was posted (same place, window, date and projects)."""
    check_kind(row.kind)
    ids = tuple(i for t, i in row.covers if t == "project")
    if notice_builder(row.kind) is not None:  # another module's: built from place and year
        return NoticeRequest(
            kind=row.kind,
            year=row.year,
            project_ids=ids,
            level=row.level,
            town_id=row.division_id if row.level == "town" else None,
            village_id=row.division_id if row.level == "village" else None,
            window_start=row.window_start,
            window_end=row.window_end,
            issued_on=row.issued_on,
        )
    if not ids:
        raise ValidationError("该公告没有登记所涉项目，无法重新生成。")
    return NoticeRequest(
        kind=row.kind,
        year=row.year,
        project_ids=ids,
        level=row.level,
        division_id=row.division_id,
        window_start=row.window_start,
        window_end=row.window_end,
        issued_on=row.issued_on,
        doc_number=row.doc_number,
    )


def covered_projects(session: Session, actor: Actor, row: NoticeRow) -> list[tuple[int, str, str]]:
    """(id, name, status label) of the projects a registered notice covers."""
    require_role(actor, "read")
    ids = [i for t, i in row.covers if t == "project"]
    found = session.execute(
        select(Project.id, Project.name, Project.status).where(Project.id.in_(ids))
    ).all()
    return [(i, n, label_of(s)) for i, n, s in sorted(found)]


def notice_years(session: Session, actor: Actor) -> list[int]:
    """Years that have notices or projects, newest first (for the year filters)."""
    require_role(actor, "read")
    years = set(session.scalars(select(Notice.year).distinct()))
    years |= set(session.scalars(select(Project.year).distinct()))
    return sorted(years, reverse=True)
