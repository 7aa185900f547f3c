"""Find the header row(s) of a government table and map its headers onto a KindSpec's columns.

Handles title rows above the header, one- and two-level headers (merged parents such as
计划投入资金 over 中央/省级/其他 become “计划投入资金/中央”), header names with units, stars and
line breaks, aliases, and a manual mapping {column key: column letter or header text}; an empty
text in the mapping means “this sheet has no such column” (nothing is mapped to it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .normalize import column_index, display, squeeze
from .spec import ColumnSpec, KindSpec
from .variants import fold_traditional

_MARKS = re.compile(r"[*＊※★☆#]")
_UNIT_PAREN = re.compile(
    r"[(\[【]\s*(?:单位[:：]?)?\s*(?:亿元|万元|元|万|人|户|个|亩|座|处|公里|km|米|m|%|天|月|年)"
    r"(?:/[^)\]】]*)?\s*[)\]】]"
)
_ANY_PAREN = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def header_key(text: str) -> str:
    """A header as compared: half-width, no spaces, no stars, no unit in brackets, lower case."""
    return _UNIT_PAREN.sub("", _MARKS.sub("", fold_traditional(squeeze(text)))).casefold()


def loose_key(text: str) -> str:
    """header_key without any bracketed part (“项目名称（全称）” → “项目名称”)."""
    return _ANY_PAREN.sub("", header_key(text))


@dataclass(frozen=True, slots=True)
class HeaderColumn:
    """One column of the sheet's header: absolute 0-based index and the text as shown."""

    index: int
    text: str
    parent: str = ""
    child: str = ""


@dataclass(slots=True)
class HeaderMatch:
    """The outcome of header detection for one candidate header position."""

    first_row: int  # 0-based sheet row of the (first) header row
    levels: int
    columns: list[HeaderColumn]
    mapped: dict[str, HeaderColumn] = field(default_factory=dict)
    manual: set[str] = field(default_factory=set)
    duplicates: list[tuple[ColumnSpec, HeaderColumn]] = field(default_factory=list)

    @property
    def last_row(self) -> int:
        return self.first_row + self.levels - 1

    @property
    def score(self) -> int:
        return len(self.mapped)


def header_grid(
    rows: Sequence[Sequence[object]],
    merges: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    col_offset: int,
) -> list[list[str]]:
    """The scanned rows as header text, merged cells filled with their top-left value."""
    grid = [[display(v).strip() if v is not None else "" for v in row] for row in rows]
    height = len(grid)
    for (r0, c0), (r1, c1) in merges:
        if r0 >= height or r0 < 0:
            continue
        c0r, c1r = c0 - col_offset, c1 - col_offset
        if c0r < 0 or c0r >= len(grid[r0]):
            continue
        value = grid[r0][c0r]
        for r in range(r0, min(r1, height - 1) + 1):
            for c in range(c0r, min(c1r, len(grid[r]) - 1) + 1):
                grid[r][c] = value
    return grid


def _candidate_columns(
    grid: list[list[str]], r: int, levels: int, col_offset: int
) -> list[HeaderColumn]:
    out = []
    row = grid[r]
    below = grid[r + 1] if levels == 2 and r + 1 < len(grid) else None
    group = ""  # a parent over several children, when the file lost its merge info (.ods)
    for c, parent in enumerate(row):
        child = below[c] if below is not None and c < len(below) else ""
        if below is not None:
            if parent:
                group = parent if child and child != parent else ""
            elif child and group:
                parent = group
            else:
                group = ""
        if levels == 2 and child and child != parent:
            text = f"{parent}/{child}" if parent else child
            out.append(HeaderColumn(c + col_offset, text, parent, child))
        elif parent:
            out.append(HeaderColumn(c + col_offset, parent, parent, ""))
    return out


class HeaderMapper:
    """Maps header texts to column keys of one KindSpec."""

    def __init__(self, kind: KindSpec) -> None:
        self.kind = kind
        self.exact: dict[str, str] = {}
        self.loose: dict[str, str] = {}
        for col in kind.columns:
            for name in col.names:
                self.exact.setdefault(header_key(name), col.key)
                self.loose.setdefault(loose_key(name), col.key)

    def match(
        self,
        columns: list[HeaderColumn],
        manual: Mapping[str, str] | None = None,
    ) -> tuple[dict[str, HeaderColumn], set[str], list[tuple[ColumnSpec, HeaderColumn]]]:
        """→ (key → header column, keys mapped manually, headers that repeat a mapped key)."""
        mapped: dict[str, HeaderColumn] = {}
        used: set[int] = set()
        manual_keys: set[str] = set()
        known = {c.key for c in self.kind.columns}
        excluded: set[str] = set()  # mapped to "": the user says the sheet lacks this column
        for key, target in (manual or {}).items():
            if key not in known:
                raise ValueError(f"手动列对应中的列 {key} 不属于 {self.kind.kind}")
            if not target.strip():
                excluded.add(key)
                continue
            col = self._manual_column(columns, target)
            if col is not None:
                mapped[key] = col
                used.add(col.index)
                manual_keys.add(key)
        duplicates: list[tuple[ColumnSpec, HeaderColumn]] = []
        child_counts = Counter(header_key(c.child) for c in columns if c.child)

        def lookups(col: HeaderColumn) -> tuple[str | None, ...]:
            # pass 0: whole name; 1: child alone (if unique); 2, 3: the same without brackets
            full = header_key(col.text)
            child = header_key(col.child) if col.child else ""
            unique_child = bool(child) and child_counts[child] == 1
            return (
                self.exact.get(full),
                self.exact.get(child) if unique_child else None,
                self.loose.get(loose_key(col.text)),
                self.loose.get(loose_key(col.child)) if unique_child else None,
            )

        for pass_no in range(4):
            for col in columns:
                if col.index in used:
                    continue
                found = lookups(col)[pass_no]
                if found is None or found in excluded:
                    continue
                if found in mapped:
                    if pass_no == 0:
                        duplicates.append((self.kind.column(found), col))
                        used.add(col.index)
                    continue
                mapped[found] = col
                used.add(col.index)
        return mapped, manual_keys, duplicates

    @staticmethod
    def _manual_column(columns: list[HeaderColumn], target: str) -> HeaderColumn | None:
        target = target.strip()
        if _LETTERS.match(target):
            index = column_index(target)
            for col in columns:
                if col.index == index:
                    return col
            return HeaderColumn(index, target.upper())
        wanted = header_key(target)
        for col in columns:
            if header_key(col.text) == wanted or (col.child and header_key(col.child) == wanted):
                return col
        return None


def detect_header(
    rows: Sequence[Sequence[object]],
    merges: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    col_offset: int,
    kind: KindSpec,
    manual: Mapping[str, str] | None = None,
    header_row: int | None = None,
) -> HeaderMatch | None:
    """The best header position among the scanned rows, or None if nothing looks like one.

    `header_row` (Excel row number) pins the first header row; the number of levels is still
    detected. Ties go to the single-level reading, then to the earlier row.
    """
    grid = header_grid(rows, merges, col_offset)
    mapper = HeaderMapper(kind)
    positions = range(len(grid)) if header_row is None else [header_row - 1]
    best: HeaderMatch | None = None
    for r in positions:
        if r < 0 or r >= len(grid) or not any(grid[r]):
            continue
        for levels in (1, 2):
            if levels == 2 and r + 1 >= len(grid):
                continue
            columns = _candidate_columns(grid, r, levels, col_offset)
            mapped, manual_keys, dups = mapper.match(columns, manual)
            cand = HeaderMatch(r, levels, columns, mapped, manual_keys, dups)
            # ties: a single-level reading, then the earlier row (a lone title cell above a
            # one-level header must not turn it into a two-level one)
            if best is None or (cand.score, -cand.levels) > (best.score, -best.levels):
                best = cand
    if best is None:
        return None
    needed = min(kind.min_header_matches, len(kind.columns))
    if header_row is None and best.score - len(best.manual) < needed and not best.manual:
        return None
    return best
