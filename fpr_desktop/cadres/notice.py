"""驻村考核结果公示: the results of a closed assessment round as a county notice, built with the
notice engine's shared pieces (template, complaint channels, window, fonts) and recorded in the
notice register covering each assessment."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.permissions import require
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.assessment import round_rows
from fpr_desktop.cadres.models import AssessmentRound
from fpr_desktop.documents import NoticeParams, Window, make_notice
from fpr_desktop.notices.register import NoticeRow, window_end_for
from fpr_desktop.projects.notices.build import (
    BuiltNotice,
    complaint_from_settings,
    fonts_from_settings,
    register,
)
from fpr_desktop.projects.notices.select import county_division

KIND = "cadre_assessment"
RECORD_TYPE = "cadre_assessment"  # what the register's items point at


def build_assessment_notice(
    session: Session,
    actor: Actor,
    round_id: int,
    *,
    window_start: date | None = None,
    issued_on: date | None = None,
) -> tuple[BuiltNotice, list[int]]:
    """The notice of a closed round and the assessment ids it covers."""
    require(session, actor, "cadres.edit")
    rnd = session.get(AssessmentRound, round_id)
    if rnd is None:
        raise NotFound("该考核不存在。")
    if rnd.closed_on is None:
        raise ValidationError("考核结束、等次全部确定后才能公示。")
    rows = round_rows(session, actor, round_id)
    start = window_start or date.today()
    days = int(get_value(session, "publicity.window_days"))
    window_kind = str(get_value(session, "publicity.window_kind"))
    end = window_end_for(session, start, days, window_kind)
    issuer = str(get_value(session, "org.organisation_unit"))
    params = NoticeParams(
        window=Window(start, end),
        complaint=complaint_from_settings(session),
        issuers=[issuer],
        date=issued_on or start,
    )
    table = [
        {
            "name": r.name,
            "dispatching_unit": r.unit,
            "role": r.role,
            "village": r.village,
            "grade": r.grade,
        }
        for r in rows
    ]
    doc = make_notice(KIND, table, params, fields={"year": rnd.year, "assessment_type": rnd.kind})
    county = county_division(session)
    built = BuiltNotice(
        kind=KIND,
        level="county",
        division_id=county.id,
        division_name=county.name,
        year=rnd.year,
        title=doc.title,
        project_ids=(),
        project_names=(),
        window=Window(start, end),
        window_days=days,
        window_kind=window_kind,
        issuer=issuer,
        issued_on=params.date or start,
        document=doc,
        fonts=fonts_from_settings(session),
    )
    return built, [r.id for r in rows]


def register_assessment_notice(
    session: Session,
    actor: Actor,
    built: BuiltNotice,
    assessment_ids: list[int],
    posted_at: str = "",
    backdate_reason: str = "",
) -> NoticeRow:
    """Record the notice as posted (its window as printed), covering each assessment; a window
    starting well before today needs the reason (see `notices.register.issue_notice`)."""
    covers = [(RECORD_TYPE, i) for i in assessment_ids]
    return register(
        session, actor, built, posted_at, covers=covers, backdate_reason=backdate_reason
    )


def closed_round_for(session: Session, year: int, kind: str = "年度考核") -> int:
    """The round of a year and kind, for `fpr notice cadre-assessment --year Y`."""
    rid = session.scalar(
        select(AssessmentRound.id).where(AssessmentRound.year == year, AssessmentRound.kind == kind)
    )
    if rid is None:
        raise NotFound(f"{year}年没有{kind}。")
    return rid
