"""Declarative description of an importable table: each module declares its KindSpec once.

The reader maps spreadsheet headers onto `ColumnSpec`s (title + aliases + a manual mapping),
the validator normalises each cell by `ColumnSpec.type`, and the template writer (later) lays
the same columns out. A title containing “/” names a two-level header (parent/child).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fpr_desktop.base.money import MoneyUnit

from .amounts import amount_expected
from .dates import DATE_EXPECTED, PERIOD_EXPECTED
from .normalize import ID_EXPECTED, squeeze


class ColumnType(StrEnum):
    """How a column's cells are read."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    DATE = "date"
    PERIOD = "period"
    ENUM = "enum"
    ID_NUMBER = "id_number"
    CODE = "code"
    DIVISION = "division"


class DivisionLevel(StrEnum):
    """Which level a division column names."""

    TOWN = "town"
    VILLAGE = "village"


EnumProvider = Sequence[str] | Callable[[], Sequence[str]]


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A problem found by a cross-column check; `keys` are the cells to mark red."""

    keys: tuple[str, ...]
    reason: str
    expected: str = ""
    warning: bool = False


RowCheck = Callable[[Mapping[str, Any]], Iterable[RowIssue]]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an importable table."""

    key: str
    title: str
    type: ColumnType = ColumnType.TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False
    enum_values: EnumProvider | None = None
    enum_aliases: Mapping[str, str] = field(default_factory=dict)
    unit: MoneyUnit = MoneyUnit.YUAN  # money: unit when neither header, unit line nor cell says
    count_unit: str = ""  # int: the counting word people may append (户, 人, 个)
    help: str = ""
    max_length: int | None = None
    allow_negative: bool = False
    allow_month: bool = True  # date: accept “2021年7月” as the first of the month (warned)
    level: DivisionLevel = DivisionLevel.VILLAGE  # division only
    town_key: str | None = None  # division (village level): the column that holds the town

    def __post_init__(self) -> None:
        if self.type is ColumnType.ENUM and self.enum_values is None:
            raise ValueError(f"枚举列 {self.key} 缺少 enum_values")
        if self.town_key is not None and self.type is not ColumnType.DIVISION:
            raise ValueError(f"列 {self.key}: town_key 只用于行政区划列")

    @property
    def names(self) -> tuple[str, ...]:
        """Title first, then the aliases."""
        return (self.title, *self.aliases)

    def allowed_values(self) -> list[str]:
        """The enum values (calling the provider if it is a callable)."""
        values = self.enum_values
        if values is None:
            return []
        return list(values() if callable(values) else values)

    def expected(self, unit: MoneyUnit | None = None) -> str:
        """What a cell of this column should contain, in Chinese (for messages and templates)."""
        if self.help:
            return self.help
        match self.type:
            case ColumnType.MONEY:
                return amount_expected(unit or self.unit)
            case ColumnType.DATE:
                return DATE_EXPECTED
            case ColumnType.PERIOD:
                return PERIOD_EXPECTED
            case ColumnType.INT:
                return f"整数{'（单位：' + self.count_unit + '）' if self.count_unit else ''}"
            case ColumnType.ENUM:
                values = self.allowed_values()
                return "以下之一：" + "、".join(values[:12]) + ("等" if len(values) > 12 else "")
            case ColumnType.ID_NUMBER:
                return ID_EXPECTED
            case ColumnType.CODE:
                return "文本格式的编码"
            case ColumnType.DIVISION:
                if self.level is DivisionLevel.TOWN:
                    return "本县已登记的乡镇名称，如“固关镇”"
                return "本县已登记的村（社区）名称，如“上岔村”或“固关镇上岔村”"
            case _:
                return "文字" + (f"（不超过 {self.max_length} 字）" if self.max_length else "")


@dataclass(frozen=True)
class KindSpec:
    """An importable table: its columns, natural key and cross-column checks."""

    kind: str
    title: str
    columns: tuple[ColumnSpec, ...]
    natural_key: tuple[str, ...] = ()
    row_checks: tuple[RowCheck, ...] = ()
    sheet_names: tuple[str, ...] = ()  # preferred sheet names (template sheets), best first
    min_header_matches: int = 2  # how many recognised headers make a header row
    # a row holding only text in text columns (no number, place, date, choice) continues the
    # row above — a long name or content broken across two rows — and is joined to it
    continuation_rows: bool = False

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.kind}: 列 key 重复")
        seen: dict[str, str] = {}
        for col in self.columns:
            for name in col.names:
                norm = squeeze(name)
                if seen.get(norm, col.key) != col.key:
                    raise ValueError(
                        f"{self.kind}: 列名/别名“{name}”同时属于 {seen[norm]} 和 {col.key}"
                    )
                seen[norm] = col.key
        for key in self.natural_key:
            if key not in keys:
                raise ValueError(f"{self.kind}: 自然键 {key} 不是已定义的列")
        for col in self.columns:
            if col.town_key is not None and col.town_key not in keys:
                raise ValueError(f"{self.kind}: 列 {col.key} 的 town_key {col.town_key} 不存在")

    def column(self, key: str) -> ColumnSpec:
        """The column with this key (KeyError if none)."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def required(self) -> tuple[ColumnSpec, ...]:
        """The columns that must be present and filled."""
        return tuple(c for c in self.columns if c.required)
