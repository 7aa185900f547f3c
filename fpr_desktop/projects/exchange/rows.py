"""The `projects` exchange kind's table: its columns, and rows ↔ ProjectInput (targets as text).

Performance targets travel as text, one column per indicator type: “硬化道路：3公里；受益群众
满意度：≥95%”. Fund sources are (来源 dropdown, 金额) pairs under 申请财政资金; there are at least
FUND_PAIRS of them, more when a stored project has more sources (so every export re-imports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.reference import choices
from fpr_desktop.exchange import (
    ColumnSpec,
    ColumnType,
    DivisionLevel,
    KindSpec,
)
from fpr_desktop.projects.categories import list_categories, path_aliases
from fpr_desktop.projects.models import ProjectFunding
from fpr_desktop.projects.proposals import SCALAR_FIELDS, ProjectInput, TargetInput

C, T = ColumnSpec, ColumnType
_TARGET_SPLIT = re.compile(r"[；;\n]+")
_TARGET_ITEM = re.compile(r"^(?P<ind>[^：:=]+)[：:=](?P<val>.+)$")
_TARGET_VALUE = re.compile(r"^(?P<num>[≥≤<>=＞＜]*\s*-?\d+(?:\.\d+)?)\s*(?P<unit>.*)$")
TARGET_EXPECTED = "“指标名称：目标值”，多个指标用分号隔开，如“硬化道路：3公里；群众满意度：≥95%”"


FUND_PAIRS = 4
NUMERALS = "一二三四五六七八九十"


def fund_source_key(n: int) -> str:
    return f"fund_source:{n}"


def fund_amount_key(n: int) -> str:
    return f"fund_amount:{n}"


def fund_keys(pairs: int) -> list[str]:
    return [k for n in range(1, pairs + 1) for k in (fund_source_key(n), fund_amount_key(n))]


def fund_pairs(session: Session) -> int:
    """How many source/amount pairs the table needs (the most sources of any stored project)."""
    per_project = (
        select(func.count(ProjectFunding.id).label("n")).group_by(ProjectFunding.project_id)
    ).subquery()
    most = session.scalar(select(func.max(per_project.c.n))) or 0
    return max(FUND_PAIRS, int(most))


def target_key(kind: str) -> str:
    return f"target:{kind}"


def source_key(source: str) -> str:
    """One column per fund source (资金来源 → 中央衔接资金 | 省级衔接资金 | …)."""
    return f"source:{source}"


# Money headers of real lists. The fiscal amount (申请财政资金) is, in this order: its own
# column; else the sum of the per-source columns; else the only money column there is (a
# 总投资-type header). 总投资 is its own column, else the fiscal amount. 到位/已拨 columns are
# not mapped at all (they are payments, not the plan). The wizard's mapping settles doubt.
FISCAL_ALIASES = (
    "申请财政资金",
    "财政资金",
    "财政资金合计",
    "资金规模",
    "资金金额",
    "补助资金",
    "补助金额",
    "财政补助资金",
    "申请补助资金",
    "衔接资金",
    "财政衔接资金",
    "衔接资金规模",
    "计划投入资金",
    "计划投入财政资金",
    *(f"{p}/合计" for p in ("资金规模", "资金来源", "计划投入资金", "衔接资金", "财政资金")),
    *(f"{p}/小计" for p in ("资金规模", "资金来源", "计划投入资金", "衔接资金")),
)
TOTAL_ALIASES = (
    "项目总投资",
    "计划总投资",
    "总投资规模",
    "投资规模",
    "投资概算",
    "概算投资",
    "计划投资",
    "项目投资",
    "总投资额",
)


def _short_source(source: str) -> tuple[str, ...]:
    """“中央衔接资金” is also written “中央资金” or, under a 资金来源 parent, “中央”."""
    stem = source.removesuffix("衔接资金")
    return (f"{stem}资金", stem) if stem != source else ()


@dataclass(frozen=True)
class Categories:
    """Category labels as written in workbooks, and their ids."""

    values: tuple[str, ...]
    aliases: dict[str, str]
    ids: dict[str, int]
    labels: dict[int, str]


def categories(session: Session) -> Categories:
    rows = list_categories(session)
    names = [r.name for r in rows]
    tops = {r.id: r.name for r in rows if r.parent_id is None}
    values, aliases, ids, labels = [], {}, {}, {}
    for r in rows:
        parent = tops.get(r.parent_id) if r.parent_id else None
        label = r.name if names.count(r.name) == 1 or parent is None else f"{parent}-{r.name}"
        values.append(label)
        ids[label], labels[r.id] = r.id, label
        if parent:
            for alias in path_aliases(parent, r.name):
                aliases[alias] = label
    return Categories(tuple(values), aliases, ids, labels)


def build_spec(cats: Categories, pairs: int = FUND_PAIRS) -> KindSpec:
    """The columns of a town's project proposal workbook (项目库申报表)."""
    wan = MoneyUnit.WAN
    sources = choices("projects", "fund_sources")
    funds = tuple(
        col
        for n in range(1, pairs + 1)
        for col in (
            C(fund_source_key(n), f"申请财政资金/来源{_numeral(n)}", T.ENUM, enum_values=sources),
            C(fund_amount_key(n), f"申请财政资金/金额{_numeral(n)}", T.MONEY, unit=wan),
        )
    )
    targets = tuple(
        C(target_key(k), f"绩效目标/{k}", aliases=(k,), help=TARGET_EXPECTED)
        for k in choices("projects", "target_kinds")
    )
    by_source = tuple(
        C(
            source_key(s),
            f"资金来源/{s}",
            T.MONEY,
            aliases=(s, f"其中/{s}", *_short_source(s)),
            unit=wan,
        )
        for s in sources
    )
    columns = (
        C("seq", "序号", aliases=("编号",)),
        C("year", "年度", T.INT, aliases=("项目年度", "年份", "申报年度")),
        C("name", "项目名称", aliases=("项目", "项目名"), required=True, max_length=200),
        C(
            "category",
            "项目类别",
            aliases=("类别", "项目类型", "项目分类"),
            help="项目类别表中的类别，如“" + "”“".join(cats.values[:3]) + "”",
        ),
        C(
            "construction_type",
            "建设性质",
            T.ENUM,
            aliases=("建设类型", "项目性质"),
            enum_values=choices("projects", "construction_types"),
        ),
        C(
            "town",
            "乡镇",
            T.DIVISION,
            aliases=("所属乡镇", "镇", "乡镇名称", "实施乡镇", "乡镇（街道）", "镇（街道）"),
            level=DivisionLevel.TOWN,
        ),
        C(
            "village",
            "村",
            T.DIVISION,
            aliases=(
                "所属村",
                "建设地点",
                "实施地点",
                "项目地点",
                "项目实施地点",
                "项目建设地点",
                "村名",
                "村名称",
                "行政村",
                "村（社区）",
                "实施村",
            ),
            town_key="town",
        ),
        C("group_name", "组", aliases=("村民小组", "组别"), max_length=60),
        C(
            "content",
            "建设内容及规模",
            aliases=("建设内容", "建设规模", "主要建设内容", "建设内容及标准", "项目内容"),
        ),
        C(
            "planned_start",
            "计划开工时间",
            T.DATE,
            aliases=("计划开工日期", "开工日期", "开工时间"),
        ),
        C("planned_end", "计划完工时间", T.DATE, aliases=("计划完工日期", "完工日期", "完工时间")),
        C("responsible_unit", "责任单位", aliases=("主管单位", "项目责任单位"), max_length=100),
        C("responsible_person", "责任人", aliases=("项目负责人", "负责人"), max_length=40),
        C(
            "implementing_unit",
            "实施单位",
            aliases=("实施主体", "项目实施单位", "建设单位"),
            max_length=100,
        ),
        C(
            "total_investment",
            "总投资",
            T.MONEY,
            aliases=TOTAL_ALIASES,
            unit=wan,
        ),
        C(
            "fiscal_funds",
            "申请财政资金/合计",
            T.MONEY,
            unit=wan,
            aliases=FISCAL_ALIASES,
        ),
        *funds,
        *by_source,
        C("fund_text", "资金来源", aliases=("资金渠道", "资金性质"), max_length=200),
        C(
            "households",
            "受益情况/户数",
            T.INT,
            aliases=("受益户数", "受益总户数"),
            count_unit="户",
        ),
        C("people", "受益情况/人数", T.INT, aliases=("受益人数", "受益总人数"), count_unit="人"),
        C(
            "poverty_households",
            "受益情况/脱贫户数",
            T.INT,
            aliases=("受益脱贫户数",),
            count_unit="户",
        ),
        C("poverty_people", "受益情况/脱贫人数", T.INT, aliases=("受益脱贫人数",), count_unit="人"),
        C(
            "monitored_households",
            "受益情况/监测户数",
            T.INT,
            aliases=("受益监测户数",),
            count_unit="户",
        ),
        C(
            "monitored_people",
            "受益情况/监测人数",
            T.INT,
            aliases=("受益监测人数",),
            count_unit="人",
        ),
        C(
            "benefit_mechanism",
            "联农带农机制",
            aliases=("利益联结机制", "带贫减贫机制"),
            max_length=200,
        ),
        C(
            "implementation_mode",
            "实施方式",
            T.ENUM,
            aliases=("建设方式", "组织实施方式"),
            enum_values=choices("projects", "implementation_modes"),
        ),
        *targets,
        C(
            "record_id",
            "系统编号",
            T.CODE,
            aliases=("项目ID", "项目系统编号"),
            max_length=12,
            help="导出文件自带的编号，用于区分同名项目；新增项目留空",
        ),
    )
    return KindSpec(
        kind="projects",
        title="项目库申报表",
        columns=columns,
        natural_key=(),  # (year, town, village, name), checked with 系统编号 by the kind
        sheet_names=("项目库申报表", "项目库"),
        continuation_rows=True,
    )


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= len(NUMERALS) else str(n)


class RowValueError(ValueError):
    """A cell (or a pair of cells) the project input cannot be built from."""

    def __init__(self, message: str, key: str, expected: str) -> None:
        super().__init__(message)
        self.key = key
        self.expected = expected


def parse_targets(kind: str, text: str | None) -> list[TargetInput]:
    if not text:
        return []
    out: list[TargetInput] = []
    for part in _TARGET_SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        m = _TARGET_ITEM.match(part)
        if not m or not m.group("val").strip():
            raise RowValueError(f"绩效目标“{part}”缺少目标值", target_key(kind), TARGET_EXPECTED)
        value = m.group("val").strip()
        v = _TARGET_VALUE.match(value)
        number, unit = (
            (v.group("num").replace(" ", ""), v.group("unit").strip()) if v else (value, "")
        )
        out.append(TargetInput(kind, m.group("ind").strip(), unit, number))
    return out


def format_targets(targets: Iterable[TargetInput]) -> str | None:
    text = "；".join(f"{t.indicator}：{t.target_value}{t.unit}" for t in targets)
    return text or None


@cache
def _target_kinds() -> tuple[str, ...]:
    return choices("projects", "target_kinds")


def fundings_of(values: Mapping[str, Any]) -> dict[str, Decimal]:
    """Funding by source from the (来源, 金额) pairs and the one-column-per-source columns."""
    out: dict[str, Decimal] = {}
    n = 1
    while fund_source_key(n) in values or fund_amount_key(n) in values:
        source: str | None = values.get(fund_source_key(n))
        amount: Decimal | None = values.get(fund_amount_key(n))
        if source is None and amount is not None:
            raise RowValueError("填写了金额但没有选择资金来源", fund_source_key(n), "资金来源")
        if source is not None and amount is None:
            raise RowValueError(f"资金来源“{source}”没有填写金额", fund_amount_key(n), "金额")
        if source is not None and amount is not None:
            if source in out:
                raise RowValueError(
                    f"资金来源“{source}”填写了两次", fund_source_key(n), "不同的资金来源"
                )
            out[source] = amount
        n += 1
    for source in choices("projects", "fund_sources"):
        amount = values.get(source_key(source))
        if amount is None:
            continue
        if source in out:
            raise RowValueError(
                f"资金来源“{source}”填写了两次", source_key(source), "不同的资金来源"
            )
        out[source] = amount
    return out


def export_values(
    record_id: int, inp: ProjectInput, names: Mapping[int, str], cats: Categories
) -> dict[str, Any]:
    """A stored project as the row values an import would produce (for the official export)."""
    out: dict[str, Any] = {f: getattr(inp, f) for f in SCALAR_FIELDS}
    out["record_id"] = str(record_id)
    out["category"] = cats.labels.get(inp.category_id) if inp.category_id else None
    out["town"] = names.get(inp.town_id, "")
    villages = [names.get(v, "") for v in (inp.village_id, *inp.villages) if v]
    out["village"] = "、".join(villages) or None
    for key in (
        "group_name",
        "responsible_unit",
        "responsible_person",
        "implementing_unit",
        "benefit_mechanism",
        "implementation_mode",
    ):
        out[key] = out[key] or None
    ranked = sorted(inp.fundings.items(), key=lambda kv: -kv[1])
    for n, (source, amount) in enumerate(ranked, 1):
        out[fund_source_key(n)], out[fund_amount_key(n)] = source, amount
    for kind in choices("projects", "target_kinds"):
        out[target_key(kind)] = format_targets(t for t in inp.targets if t.kind == kind)
    return out
