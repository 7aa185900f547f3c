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
    DivisionMatch,
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
    columns = (
        C("seq", "序号", aliases=("编号",)),
        C("year", "年度", T.INT, aliases=("项目年度", "年份", "申报年度"), required=True),
        C("name", "项目名称", aliases=("项目", "项目名"), required=True, max_length=200),
        C(
            "category",
            "项目类别",
            T.ENUM,
            aliases=("类别", "项目类型"),
            required=True,
            enum_values=cats.values,
            enum_aliases=cats.aliases,
        ),
        C(
            "construction_type",
            "建设性质",
            T.ENUM,
            aliases=("建设类型",),
            required=True,
            enum_values=choices("projects", "construction_types"),
        ),
        C(
            "town",
            "乡镇",
            T.DIVISION,
            aliases=("所属乡镇", "镇", "乡镇名称", "实施乡镇"),
            required=True,
            level=DivisionLevel.TOWN,
        ),
        C(
            "village",
            "村",
            T.DIVISION,
            aliases=("所属村", "建设地点", "实施地点", "村名", "行政村"),
            town_key="town",
        ),
        C("group_name", "组", aliases=("村民小组", "组别"), max_length=60),
        C(
            "content",
            "建设内容及规模",
            aliases=("建设内容", "建设规模", "主要建设内容"),
            required=True,
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
        C("implementing_unit", "实施单位", aliases=("实施主体", "项目实施单位"), max_length=100),
        C(
            "total_investment",
            "总投资",
            T.MONEY,
            aliases=("项目总投资", "计划总投资"),
            required=True,
            unit=wan,
        ),
        C(
            "fiscal_funds",
            "申请财政资金/合计",
            T.MONEY,
            required=True,
            unit=wan,
            aliases=("申请财政资金", "财政资金", "财政资金合计"),
        ),
        *funds,
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


def to_input(values: Mapping[str, Any], cats: Categories) -> ProjectInput:
    """A validated row → the input of services.projects (raises RowValueError)."""
    town: DivisionMatch = values["town"]
    village: DivisionMatch | None = values.get("village")
    group = values.get("group_name") or (village.group if village is not None else None) or ""
    fundings = _fundings(values)
    targets = [t for k in _target_kinds() for t in parse_targets(k, values.get(target_key(k)))]
    ints = ("households", "people", "poverty_households", "poverty_people")
    return ProjectInput(
        name=values["name"].strip(),
        year=values["year"],
        category_id=cats.ids[values["category"]],
        construction_type=values["construction_type"],
        town_id=int(town.id),  # type: ignore[call-overload]
        village_id=int(village.id) if village is not None else None,  # type: ignore[call-overload]
        content=values["content"],
        total_investment=values["total_investment"],
        fiscal_funds=values["fiscal_funds"],
        group_name=group,
        planned_start=values.get("planned_start"),
        planned_end=values.get("planned_end"),
        responsible_unit=values.get("responsible_unit") or "",
        responsible_person=values.get("responsible_person") or "",
        implementing_unit=values.get("implementing_unit") or "",
        benefit_mechanism=values.get("benefit_mechanism") or "",
        implementation_mode=values.get("implementation_mode") or "",
        fundings=fundings,
        targets=targets,
        **{k: values.get(k) or 0 for k in (*ints, "monitored_households", "monitored_people")},
    )


@cache
def _target_kinds() -> tuple[str, ...]:
    return choices("projects", "target_kinds")


def _fundings(values: Mapping[str, Any]) -> dict[str, Decimal]:
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
    return out


def export_values(
    record_id: int, inp: ProjectInput, names: Mapping[int, str], cats: Categories
) -> dict[str, Any]:
    """A stored project as the row values an import would produce (for the official export)."""
    out: dict[str, Any] = {f: getattr(inp, f) for f in SCALAR_FIELDS}
    out["record_id"] = str(record_id)
    out["category"] = cats.labels.get(inp.category_id, "")
    out["town"] = names.get(inp.town_id, "")
    out["village"] = names.get(inp.village_id) if inp.village_id else None
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
