"""What a notice says beyond its rows: the title's subject (a village notice names its project),
the 主管单位 of a category, the annual plan's one column per fund source, and figures read in
the prose (总投资, the fund sources) — all as data for the kind's template.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.base.paths import resources_dir
from fpr_desktop.base.reference import choices
from fpr_desktop.base.settings import get_value
from fpr_desktop.documents import NoticeKind, load_template
from fpr_desktop.documents.model import Column, ColumnKind
from fpr_desktop.documents.notice_templates import NoticeTemplate
from fpr_desktop.projects.plan_checks import PlanChecks

K = NoticeKind
#: A notice naming at most this many projects names them in its title.
NAMED_IN_TITLE = 2
#: Row key prefix of the annual plan's per-source amounts: "source:中央衔接资金".
SOURCE_PREFIX = "source:"


@cache
def _units() -> dict[str, str]:
    path = resources_dir() / "reference" / "competent_units.toml"
    return {str(k): str(v) for k, v in tomllib.loads(path.read_text("utf-8"))["units"].items()}


def competent_unit(session: Session, category_path: str) -> str:
    """陇县交通运输局 for 乡村建设/道路 (the longest configured prefix of the path)."""
    units = _units()
    parts = category_path.split("/") if category_path else []
    name = units.get("*", "乡村振兴局")
    for n in range(len(parts), 0, -1):
        key = "/".join(parts[:n])
        if key in units:
            name = units[key]
            break
    return f"{get_value(session, 'org.county_name')}{name}"


def subject(tpl: NoticeTemplate, level: str, year: int, names: Sequence[str]) -> dict[str, str]:
    """The title's subject: the projects themselves when few (always at village level), else the
    template's general wording ({year}年度…项目)."""
    few = tpl.defaults.get("subject_few", "")
    out = {
        "names": "、".join(names[:NAMED_IN_TITLE])
        + (f"等{len(names)}个项目" if len(names) > NAMED_IN_TITLE else "")
    }
    if not few or not names:
        return out
    if len(names) <= NAMED_IN_TITLE or (level == "village" and len(names) <= 4):
        joined = "、".join(names)
    elif level == "village":
        joined = f"{names[0]}等{len(names)}个项目"
    else:
        return out
    return {**out, "subject": few.format(names=joined, year=year)}


def plan_sources(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The fund sources the plan rows use, in the reference list's order."""
    used = {
        k[len(SOURCE_PREFIX) :]
        for r in rows
        for k, v in r.items()
        if k.startswith(SOURCE_PREFIX) and v
    }
    known = [s for s in choices("projects", "fund_sources") if s in used]
    return known + sorted(used - set(known))


def common_decision(rows: Sequence[dict[str, Any]]) -> str:
    """The deciding body and document every row shares ("县委农村工作领导小组 陇农领发…"),
    or '' when they differ or none is recorded."""
    decisions = {str(r.get("decision") or "") for r in rows}
    return decisions.pop() if len(decisions) == 1 else ""


def template_for(session: Session, kind: str, rows: Sequence[dict[str, Any]]) -> NoticeTemplate:
    """The kind's template; the annual plan's gets one amount column per fund source used."""
    tpl = load_template(kind)
    if kind == K.PROJECT_LIBRARY_ANNOUNCEMENT and "rows" in tpl.tables and common_decision(rows):
        # one decision for every project: said once in the prose, not repeated in each row
        spec = tpl.tables["rows"]
        kept = tuple(c for c in spec.columns if c.key != "decision")
        return replace(tpl, tables={**tpl.tables, "rows": replace(spec, columns=kept)})
    if kind != K.ANNUAL_PLAN or "rows" not in tpl.tables:
        return tpl
    spec = tpl.tables["rows"]
    sources = plan_sources(rows)
    expanded: list[Column] = []
    for col in spec.columns:
        if col.key != "fund_sources":
            expanded.append(col)
            continue
        for s in sources:
            expanded.append(
                Column(
                    title=re.sub(r"(.{2})(衔接|协作)$", r"\1\n\2", s.removesuffix("资金")),
                    key=f"{SOURCE_PREFIX}{s}",
                    kind=ColumnKind.AMOUNT,
                    width=col.width,
                    total=True,
                )
            )
    keys = {f"{SOURCE_PREFIX}{s}" for s in sources}
    table = replace(spec, columns=tuple(expanded), optional=spec.optional | keys)
    return replace(tpl, tables={**tpl.tables, "rows": table})


def extra_fields(kind: str, rows: Sequence[dict[str, Any]], decimals: int = 2) -> dict[str, str]:
    """Figures the prose reads: ，其中中央衔接资金120.00万元、…、苏陕协作资金30.00万元; for the
    入库公告 the body that approved the projects and its document when they all share one."""
    if kind == K.PROJECT_LIBRARY_ANNOUNCEMENT:
        decision = common_decision(rows)
        return {"approval": f"（{decision}）" if decision else ""}
    if kind != K.ANNUAL_PLAN:
        return {}
    parts = []
    for s in plan_sources(rows):
        total = sum((r.get(f"{SOURCE_PREFIX}{s}") or Decimal(0) for r in rows), Decimal(0))
        parts.append(f"{s}{format_amount(total, MoneyUnit.WAN, decimals, grouping=False)}万元")
    return {"source_breakdown": "，其中" + "、".join(parts) if parts else ""}


def plan_check_fields(checks: PlanChecks, decimals: int = 2) -> dict[str, object]:
    """The plan checks (Task 40) as the 年度计划公告 prints them: the industry share of
    衔接资金 against the setting, the 脱贫村 / 非贫困村 split, and the projects flagged
    (教育/卫生/养老/文化 spending, planned above the request) — '' where there is nothing."""
    yes = "是"

    def wan(amount: Decimal) -> str:
        return format_amount(amount, MoneyUnit.WAN, decimals, grouping=False) + "万元"

    share_ok = bool(checks.linkage_total) and checks.industry_ok
    return {
        "industry_amount": checks.industry_amount,
        "linkage_total": checks.linkage_total,
        "industry_share": f"{checks.industry_share}",
        "industry_min": f"{checks.min_share}",
        "industry_ok": yes if share_ok else "",
        "industry_short": yes if checks.linkage_total and not share_ok else "",
        # both kinds of village: the split; one kind only: said so, never "0个、资金0.00万元"
        "village_split": yes
        if checks.poverty_village_projects and checks.other_village_projects
        else "",
        "village_only_poverty": yes
        if checks.poverty_village_projects and not checks.other_village_projects
        else "",
        "village_only_other": yes
        if checks.other_village_projects and not checks.poverty_village_projects
        else "",
        "poverty_village_count": str(checks.poverty_village_projects),
        "poverty_village_amount": checks.poverty_village_amount,
        "other_village_count": str(checks.other_village_projects),
        "other_village_amount": checks.other_village_amount,
        "own_channel_list": "、".join(f"“{n}”（{c}）" for _i, n, c in checks.own_channel),
        "over_requested_list": "、".join(
            f"“{n}”（计划{wan(planned)}，申报{wan(requested)}）"
            for _i, n, planned, requested in checks.over_requested
        ),
    }
