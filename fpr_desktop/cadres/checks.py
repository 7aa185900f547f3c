"""Periodic duties around a posted cadre: the dispatching unit hears a report every six months
(task 48); the unit visits at least once a year and the cadre has the yearly health check
(task 50). Each check lists the posted cadres that fall short."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.permissions import require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres.models import Assignment, Cadre, CareRecord, WorkRecord

UNIT_REPORT = "派出单位听取汇报"
REPORT_INTERVAL = timedelta(days=183)  # “每半年”


def _posted(actor: Actor, on: date):  # type: ignore[no-untyped-def]
    stmt = (
        select(Cadre.id, Cadre.name, Assignment.term_start)
        .join(Assignment, Assignment.cadre_id == Cadre.id)
        .where(Assignment.ended_on.is_(None), Assignment.term_start <= on)
        .order_by(Cadre.id)
    )
    if actor.scope_town_id is not None:
        stmt = stmt.where(Assignment.town_id == actor.scope_town_id)
    return stmt


def unit_report_gaps(session: Session, actor: Actor, today: date) -> list[str]:
    """Posted six months or more with no report heard by the dispatching unit in the last six."""
    require_role(actor, "read")
    last = dict(
        session.execute(
            select(WorkRecord.cadre_id, func.max(WorkRecord.recorded_on))
            .where(WorkRecord.kind == UNIT_REPORT)
            .group_by(WorkRecord.cadre_id)
        ).all()
    )
    out = []
    for cid, name, start in session.execute(_posted(actor, today)):
        heard = last.get(cid)
        since = max(heard, start) if heard else start  # the clock starts at the posting
        if today - since > REPORT_INTERVAL:
            when = f"上次为{heard}" if heard else "驻村以来尚未听取"
            out.append(f"{name}：派出单位每半年应听取一次汇报（{when}）。")
    return out


def care_shortfalls(session: Session, actor: Actor, year: int) -> list[str]:
    """Cadres posted that year without the unit's visit or the health checks the year needs."""
    require_role(actor, "read")
    checks_needed = int(get_value(session, "cadres.health_checks_per_year"))
    counts: dict[tuple[int, str], int] = {
        (cid, kind): n
        for cid, kind, n in session.execute(
            select(CareRecord.cadre_id, CareRecord.kind, func.count())
            .where(CareRecord.occurred_on.between(date(year, 1, 1), date(year, 12, 31)))
            .group_by(CareRecord.cadre_id, CareRecord.kind)
        )
    }
    out = []
    for cid, name, _start in session.execute(_posted(actor, date(year, 12, 31))):
        missing = []
        if counts.get((cid, "走访慰问"), 0) < 1:
            missing.append("派出单位走访慰问")
        if counts.get((cid, "体检"), 0) < checks_needed:
            missing.append(f"体检（每年{checks_needed}次）")
        if missing:
            out.append(f"{name}：{year}年缺少{'、'.join(missing)}。")
    return out
