"""One validated row of a project list → ProjectInput, filling what the list leaves out and
recording each thing filled (`Filled`) so the summary and the wizard can show it.

What cannot be understood raises RowValueError (the file is rejected); what is only missing
(建设内容, 绩效目标, 类别, 建设性质) leaves a draft that lists it (completeness.missing_in_input).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fpr_desktop.base.reference import choices
from fpr_desktop.exchange import DivisionDirectory, DivisionMatch
from fpr_desktop.exchange.normalize import squeeze
from fpr_desktop.projects.exchange.infer import DEFAULT_CONSTRUCTION, YearHint, suggest_category
from fpr_desktop.projects.exchange.places import town_of, villages_of
from fpr_desktop.projects.exchange.rows import (
    Categories,
    RowValueError,
    _target_kinds,
    fundings_of,
    parse_targets,
    target_key,
)
from fpr_desktop.projects.proposals import ProjectInput

AMOUNT_EXPECTED = "申请财政资金、资金规模或总投资等金额列中的金额"


@dataclass(frozen=True)
class Filled:
    """A value the import supplied: the cell it stands for, a summary group, the message."""

    key: str
    group: str  # 年度 / 建设性质 / 总投资 / 申请财政资金 / 项目类别 / 资金来源
    message: str
    value: str = ""  # the category suggested (counted in the summary)


@dataclass
class RowFiller:
    """What every row of one file shares: categories, the division look-up, the year hint."""

    cats: Categories
    directory: DivisionDirectory
    year: YearHint | None = None

    def category(self, values: Mapping[str, Any], filled: list[Filled]) -> int | None:
        text = (values.get("category") or "").strip()
        if text:
            label = self._label(text)
            if label is not None:
                return self.cats.ids[label]
        hit = suggest_category(
            values.get("name") or "", values.get("content") or "", self.cats.values
        )
        if hit is None:
            if text:
                filled.append(
                    Filled("category", "项目类别", f"项目类别“{text}”不在类别表中，待完善")
                )
            return None
        label, word = hit
        why = f"项目类别“{text}”不在类别表中；" if text else ""
        filled.append(
            Filled(
                "category",
                "项目类别",
                f"{why}按名称中的“{word}”建议为“{label}”，请确认",
                label,
            )
        )
        return self.cats.ids[label]

    def _label(self, text: str) -> str | None:
        if text in self.cats.ids:
            return text
        if text in self.cats.aliases:
            return self.cats.aliases[text]
        key = squeeze(text).removesuffix("类").removesuffix("项目")
        for label in self.cats.values:
            if squeeze(label) == key or squeeze(label).split("-")[-1] == key:
                return label
        return None

    def to_input(self, values: Mapping[str, Any]) -> tuple[ProjectInput, list[Filled]]:
        """A validated row → (the input of services.projects, what was filled in)."""
        filled: list[Filled] = []
        year = values.get("year")
        if year is None:
            if self.year is None:
                raise RowValueError(
                    "没有年度：表中无“年度”列，标题和文件名中也没有年份",
                    "year",
                    "在表中加“年度”列，或导入时指定年度（--year 或导入窗口）",
                )
            year = self.year.year
            filled.append(Filled("year", "年度", self.year.note()))
        town, villages = self._places(values)
        group = values.get("group_name") or (villages[0].group if villages else None) or ""
        fiscal, total, fundings = self._money(values, filled)
        construction = values.get("construction_type")
        if not construction:
            construction = DEFAULT_CONSTRUCTION
            filled.append(Filled("construction_type", "建设性质", "建设性质未填，按“新建”"))
        targets = [t for k in _target_kinds() for t in parse_targets(k, values.get(target_key(k)))]
        ints = ("households", "people", "poverty_households", "poverty_people")
        inp = ProjectInput(
            name=values["name"].strip(),
            year=year,
            category_id=self.category(values, filled),
            construction_type=construction,
            town_id=int(town.id),  # type: ignore[call-overload]
            village_id=int(villages[0].id) if villages else None,  # type: ignore[call-overload]
            content=values.get("content") or "",
            total_investment=total,
            fiscal_funds=fiscal,
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
            villages=tuple(int(v.id) for v in villages[1:]),  # type: ignore[call-overload]
            **{k: values.get(k) or 0 for k in (*ints, "monitored_households", "monitored_people")},
        )
        return inp, filled

    def _places(self, values: Mapping[str, Any]) -> tuple[DivisionMatch, list[DivisionMatch]]:
        town: DivisionMatch | None = values.get("town")
        village: DivisionMatch | None = values.get("village")
        if town is None:
            if village is None:
                raise RowValueError(
                    "没有乡镇和村", "town", "乡镇名称，或在村（建设地点）一栏写明乡镇和村"
                )
            town = town_of(self.directory, village)
        return town, villages_of(village)

    def _money(
        self, values: Mapping[str, Any], filled: list[Filled]
    ) -> tuple[Decimal, Decimal, dict[str, Decimal]]:
        fundings = fundings_of(values)
        fiscal: Decimal | None = values.get("fiscal_funds")
        total: Decimal | None = values.get("total_investment")
        if fiscal is None and fundings:
            fiscal = sum(fundings.values(), Decimal(0))
            filled.append(
                Filled("fiscal_funds", "申请财政资金", "申请财政资金按各资金来源金额之和")
            )
        elif fiscal is None and total is not None:
            fiscal = total
            filled.append(
                Filled("fiscal_funds", "申请财政资金", "表中只有总投资，申请财政资金按总投资")
            )
        if fiscal is None:
            raise RowValueError("没有金额", "fiscal_funds", AMOUNT_EXPECTED)
        if total is None:
            total = fiscal
            filled.append(Filled("total_investment", "总投资", "总投资未填，按申请财政资金"))
        text = (values.get("fund_text") or "").strip()
        if text and not fundings:
            source = _one_source(text)
            if source is not None:
                fundings = {source: fiscal}
                filled.append(Filled("fund_text", "资金来源", f"资金来源按“{text}”记为{source}"))
            else:
                filled.append(
                    Filled("fund_text", "资金来源", f"资金来源“{text}”无法分到各来源，待完善")
                )
        return fiscal, total, fundings


def _one_source(text: str) -> str | None:
    """The one known fund source a 资金来源 cell names (“中央衔接资金”, “中央资金”), if any."""
    key = squeeze(text)
    hits = []
    for source in choices("projects", "fund_sources"):
        stem = source.removesuffix("衔接资金")
        forms = {source, f"{stem}资金", f"{stem}衔接"} if stem != source else {source}
        if key in forms:
            return source
        if any(f in key for f in forms):
            hits.append(source)
    return hits[0] if len(hits) == 1 and len(key) <= len(hits[0]) + 4 else None
