"""Batch notices: which notices “one per village / town / project” means for a year, and their
file names. The caller builds, writes and registers each one in its own transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.notices.register import KIND_LABELS
from fpr_desktop.projects.notices.build import (
    BuiltNotice,
    NoticeRequest,
    check_kind,
    matching_projects,
)

PER_LABELS = {
    "county": "全县一份",
    "town": "每个镇一份",
    "village": "每个村一份",
    "project": "每个项目一份",
}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class BatchItem:
    """One notice of a batch: what to build and what to call it."""

    request: NoticeRequest
    label: str  # 固关镇上岔村 / 固关镇 / the project's name
    project_count: int


def batch_items(
    session: Session,
    actor: Actor,
    kind: str,
    year: int,
    per: str,
    window_start: date | None = None,
) -> list[BatchItem]:
    """The notices of a batch, in division order; places without a matching project are left
    out (no empty notices)."""
    check_kind(kind)
    if per not in PER_LABELS:
        raise ValidationError(f"批量方式只能是：{'、'.join(PER_LABELS.values())}。")
    level = per if per != "project" else "county"
    projects = matching_projects(session, actor, kind, year, level=level)
    if per == "county":
        request = NoticeRequest(kind, year, window_start=window_start)
        return [BatchItem(request, "", len(projects))] if projects else []
    if per == "project":
        return [
            BatchItem(
                NoticeRequest(kind, year, project_ids=(p.id,), window_start=window_start), p.name, 1
            )
            for p in projects
        ]
    groups: dict[int, int] = {}
    for p in projects:
        key = p.village_id if per == "village" else p.town_id
        if key is not None:
            groups[key] = groups.get(key, 0) + 1
    divisions = session.scalars(
        select(Division)
        .where(Division.id.in_(list(groups)))
        .order_by(Division.sort_order, Division.id)
    ).all()
    towns = {
        d.id: d.name for d in session.scalars(select(Division).where(Division.level == "town"))
    }
    items = []
    for d in divisions:
        if per == "village":
            req = NoticeRequest(
                kind, year, town_id=d.parent_id, village_id=d.id, window_start=window_start
            )
            label = towns.get(d.parent_id or 0, "") + d.name
        else:
            req = NoticeRequest(kind, year, town_id=d.id, window_start=window_start)
            label = d.name
        items.append(BatchItem(req, label, groups[d.id]))
    return items


def safe_name(text: str) -> str:
    """Text usable as a Windows file name (no \\ / : * ? " < > | or blanks)."""
    return _UNSAFE.sub("_", text).strip("._") or "公告"


def file_name(built: BuiltNotice, label: str = "") -> str:
    """2022年固关镇上岔村项目库公示.pdf — year, place (or project) and kind."""
    place = label or (built.project_names[0] if len(built.project_ids) == 1 else "")
    place = place or built.division_name
    year = f"{built.year}年"
    text = f"{'' if place.startswith(year) else year}{place}{KIND_LABELS[built.kind]}"
    return safe_name(text) + ".pdf"
