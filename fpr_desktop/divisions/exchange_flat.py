"""Flat division lists as towns send them: a county column (checked, not stored), town and
village in one cell (`临城镇北驾廻村`, `城关街道东街社区`), and the summary of what an import
creates (shown by a dry run before anything is written)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.exchange import ValidationResult
from fpr_desktop.exchange.normalize import squeeze
from fpr_desktop.submissions.kinds import RowPlan

_TOWN_AND_VILLAGE = re.compile(
    r"^(?P<town>.+?(?:街道办事处|街道办|街道|办事处|镇|乡))(?P<village>.+(?:村|社区|居委会|村委会))$"
)

_TOWN_SUFFIX = re.compile(r"(?:街道办事处|街道办|街道|办事处|镇|乡)$")


def town_stem(name: str) -> str:
    """A town's name without 镇/乡/街道/办事处, to see two spellings of one new town as one."""
    return _TOWN_SUFFIX.sub("", name) or name


def county_names(session: Session) -> set[str]:
    """The county as it may be written in a county column (with or without 县)."""
    name = str(get_value(session, "org.county_name") or "")
    names = {squeeze(name)}
    names |= set(session.scalars(select(Division.name).where(Division.level == "county")))
    return {n for n in names if n} | {n.removesuffix("县") for n in names if len(n) > 2}


def split_row(result: ValidationResult, row: int, v: dict[str, Any], county: set[str]) -> bool:
    """Check the county cell; split “临城镇北驾廻村” when the row has no town of its own."""
    written = squeeze(v.get("county") or "")
    if written and written not in county and written.removesuffix("县") not in county:
        result.add_problem(
            row,
            "county",
            f"县名“{v['county']}”与本系统设置的县“{min(county, key=len)}”不一致",
            "本县的名称（更换县请在系统管理中设置）",
        )
        return False
    if v.get("town"):
        return True
    village = squeeze(v.get("village") or "")
    m = _TOWN_AND_VILLAGE.match(village)
    if m is None:
        result.add_problem(
            row,
            "village",
            f"“{v.get('village') or ''}”中分不出乡镇和村",
            "乡镇加村名，如“城关镇东街社区”，或另设“乡镇”列",
        )
        return False
    v["town"], v["village"] = m.group("town"), m.group("village")
    return True


def creation_notes(plans: list[RowPlan]) -> list[str]:
    """What the import creates, by name (so a dry run shows it before anything is written)."""
    towns = [p.payload.town for p in plans if p.action == "create" and p.payload.village is None]
    villages = [p for p in plans if p.action == "create" and p.payload.village is not None]
    out = []
    if towns:
        shown = "、".join(towns[:30]) + ("等" if len(towns) > 30 else "")
        out.append(f"新增乡镇 {len(towns)} 个：{shown}。")
    if villages:
        per: dict[str, int] = {}
        for p in villages:
            per[p.payload.town] = per.get(p.payload.town, 0) + 1
        out.append(
            f"新增村（社区） {len(villages)} 个："
            + "，".join(f"{t} {n} 个" for t, n in per.items())
            + "。"
        )
    return out
