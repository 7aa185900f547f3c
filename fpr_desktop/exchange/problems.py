"""Where something was found in a workbook, and the problems, warnings and skipped rows found there.

Every message names file, sheet, row (Excel row number), column (letter and header), the value
found and what was expected — in Chinese, ready to show as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .normalize import column_letter


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a workbook. `row` is 1-based (as Excel shows it), `column` 0-based."""

    file: str
    sheet: str
    row: int | None = None
    column: int | None = None
    header: str | None = None
    last_row: int | None = None  # for a run of rows (blank rows)

    @property
    def letter(self) -> str | None:
        """The column letter (A, B, … AA), or None."""
        return None if self.column is None else column_letter(self.column)

    @property
    def coordinate(self) -> str | None:
        """“D12”, or None when this is not a single cell."""
        if self.row is None or self.column is None:
            return None
        return f"{self.letter}{self.row}"

    def describe(self) -> str:
        """文件“a.xlsx”，工作表“Sheet1”，第 12 行，D 列（计划投入资金/中央）."""
        parts = [f"文件“{self.file}”", f"工作表“{self.sheet}”"]
        if self.row is not None:
            if self.last_row is not None and self.last_row != self.row:
                parts.append(f"第 {self.row}–{self.last_row} 行")
            else:
                parts.append(f"第 {self.row} 行")
        if self.column is not None:
            parts.append(f"{self.letter} 列" + (f"（{self.header}）" if self.header else ""))
        elif self.header:
            parts.append(f"“{self.header}”列")
        return "，".join(parts)


class Severity(StrEnum):
    """Whether an issue blocks the import."""

    ERROR = "错误"
    WARNING = "提示"


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem (blocks the import) or a warning (imported, but the user should know)."""

    location: Location
    reason: str
    expected: str = ""
    found: str | None = None
    key: str | None = None  # the ColumnSpec key, when the issue belongs to a column
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def message(self) -> str:
        """The full Chinese sentence, e.g. for a log, a dialog or a cell comment."""
        return f"{self.location.describe()}：{self.detail}"

    @property
    def detail(self) -> str:
        """The message without the location (for a cell comment or a table column)."""
        text = _bounded(self.reason, 300)
        found = None if self.found is None else _bounded(self.found, 90)
        if found is not None and f"“{found}”" not in text:
            text = f"填写的是“{found}”，{text}" if found else f"未填写，{text}"
        if self.expected:
            text += f"；应为{self.expected}"
        return text + "。"

    def __str__(self) -> str:
        return self.message


def _bounded(text: str, limit: int) -> str:
    """At most `limit` characters of a message part (a 300,000-character cell stays readable)."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字）"


class SkipKind(StrEnum):
    """Why a row was not imported as data."""

    BLANK = "空行"
    SUMMARY = "合计行"
    SECTION = "分组标题行"
    FOOTER = "表尾备注"
    HEADER = "重复表头/栏次行"
    CONTINUATION = "续行（已并入上一行）"


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row (or a run of blank rows) left out on purpose, with the reason."""

    location: Location
    kind: SkipKind
    text: str = ""  # what identified the row, e.g. “合计”

    @property
    def message(self) -> str:
        what = f"（{self.text}）" if self.text else ""
        return f"{self.location.describe()}：{self.kind.value}{what}，已跳过，未作为数据导入。"

    def __str__(self) -> str:
        return self.message
