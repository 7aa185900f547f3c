"""The projects import's account of itself: which columns a list must have at all, what was
filled in (per row where it needs confirming, otherwise once), which rows came in as drafts
that still need something (待完善), and the summary lines for the CLI and the wizard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from fpr_desktop.base.reference import choices
from fpr_desktop.exchange import ValidationResult
from fpr_desktop.projects.completeness import (
    CATEGORY,
    CONSTRUCTION,
    CONTENT,
    TARGETS,
    missing_in_input,
)
from fpr_desktop.projects.exchange.fill import Filled
from fpr_desktop.projects.exchange.rows import fund_amount_key, source_key, target_key
from fpr_desktop.projects.proposals import ProjectInput

MISSING_KEYS = {
    CONTENT: "content",
    TARGETS: target_key("产出指标"),
    CATEGORY: "category",
    CONSTRUCTION: "construction_type",
}
# filled the same way on every row: said once for the file, not on each row
UNIFORM = frozenset({"年度", "建设性质", "总投资", "申请财政资金"})
MONEY_EXPECTED = (
    "申请财政资金、资金规模、投资规模、计划投资、补助资金等金额列，或在导入窗口指定哪一列是金额"
)


def check_columns(result: ValidationResult) -> bool:
    """The columns no row can do without: an amount, and a town or a village (建设地点)."""
    bound = set(result.table.bindings)
    money = {"fiscal_funds", "total_investment", fund_amount_key(1)}
    money |= {source_key(s) for s in choices("projects", "fund_sources")}
    ok = True
    if not bound & money:
        result.add_problem(None, "fiscal_funds", "表头中没有金额列", MONEY_EXPECTED)
        ok = False
    if not bound & {"town", "village"}:
        result.add_problem(
            None, "town", "表头中没有乡镇或村（建设地点）列", "“乡镇”“村”或“建设地点”列"
        )
        ok = False
    return ok


@dataclass
class FillReport:
    """Collects, row by row, what was filled and what is missing."""

    filled: dict[int, list[Filled]] = field(default_factory=dict)
    missing: dict[int, list[str]] = field(default_factory=dict)
    uniform: dict[str, str] = field(default_factory=dict)  # group → the message (first seen)

    def row(
        self, result: ValidationResult, row: int, inp: ProjectInput, filled: list[Filled]
    ) -> None:
        if filled:
            self.filled[row] = filled
        for f in filled:
            if f.group in UNIFORM:
                self.uniform.setdefault(f.group, f.message)
            else:
                result.add_problem(row, f.key, f.message, warning=True)
        missing = missing_in_input(inp)
        if missing:
            self.missing[row] = missing
            result.add_problem(
                row,
                MISSING_KEYS[missing[0]],
                f"缺少{'、'.join(missing)}，作为待完善的草稿导入（申报前须补齐）",
                warning=True,
            )

    def notes(self, rows: Iterable[int]) -> list[str]:
        """Summary lines over the rows that are imported (or would be, in a dry run)."""
        rows = list(rows)
        out: list[str] = []
        drafts = [r for r in rows if r in self.missing]
        needs = Counter(item for r in drafts for item in self.missing[r])
        line = f"其中完整 {len(rows) - len(drafts)} 行，待完善草稿 {len(drafts)} 行"
        if drafts:
            line += "（" + "，".join(f"缺{item} {n} 行" for item, n in needs.most_common()) + "）"
        out.append(line + "。")
        groups: Counter[str] = Counter()
        suggested: Counter[str] = Counter()
        for r in rows:
            for f in self.filled.get(r, ()):
                groups[f.group] += 1
                if f.value:
                    suggested[f.value] += 1
        for group, n in groups.items():
            if group in UNIFORM:
                out.append(f"已推断（请核对）：{self.uniform[group]}，{n} 行。")
        if suggested:
            parts = "、".join(f"{label} {n} 行" for label, n in suggested.most_common())
            out.append(f"已按关键词建议项目类别（请核对）：{parts}。")
        other = groups["资金来源"]
        if other:
            out.append(f"资金来源按“资金来源”列记录或待完善：{other} 行（详见提示）。")
        return out
