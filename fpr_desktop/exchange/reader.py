"""Read one table from a workbook: choose the sheet, find header and unit line, map the
columns, and yield the data rows lazily with their Excel row numbers.

Trailing blank rows (a sheet formatted down to row 1,048,576) are never reported and cost only
a quick scan; blank rows between data rows come back as `BlankRun`s so they can be reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from fpr_desktop.base.money import MoneyUnit

from .amounts import unit_in_header, unit_in_line
from .headers import HeaderColumn, HeaderMatch, detect_header
from .normalize import is_blank
from .problems import Location
from .spec import ColumnSpec, ColumnType, KindSpec
from .workbook import SourceFile, SpreadsheetError, open_workbook, visible_sheet_names
from .xlsx.errorcells import ErrorCell, find_error_cells, patch_row

HEADER_SCAN_ROWS = 30
_NUMERIC = (ColumnType.MONEY, ColumnType.INT)


@dataclass(frozen=True, slots=True)
class ColumnBinding:
    """A KindSpec column found in the sheet, with its effective money unit and its source."""

    spec: ColumnSpec
    header: HeaderColumn
    unit: MoneyUnit | None = None
    unit_source: str = ""  # 表头 / 单位行 / 默认
    manual: bool = False


@dataclass(slots=True)
class SourceRow:
    """One non-blank sheet row. `cells` start at the sheet's first used column."""

    number: int  # Excel row number
    cells: list[object]
    # relative column → Excel row of the merged cell's top-left, for cells inside a vertical merge
    merged: dict[int, int] | None = None


@dataclass(frozen=True, slots=True)
class BlankRun:
    """Blank rows between data rows (Excel row numbers, inclusive)."""

    first: int
    last: int


@dataclass
class SheetTable:
    """A located table: header, unit, column bindings; `rows()` reads the data lazily."""

    source: SourceFile
    sheet: str
    kind: KindSpec
    header: HeaderMatch
    col_offset: int
    last_row: int  # Excel row number of the last row that holds anything
    unit: MoneyUnit | None = None
    unit_row: int | None = None
    bindings: dict[str, ColumnBinding] = field(default_factory=dict)
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # text lines above the header (title, unit)
    # Excel error cells calamine reads as blanks: {0-based row: {0-based column: “#REF!”}}
    errors: dict[int, dict[int, ErrorCell]] = field(default_factory=dict)
    _sheet: CalamineSheet | None = field(default=None, repr=False)

    @property
    def header_rows(self) -> tuple[int, int]:
        """First and last header row, as Excel row numbers."""
        return self.header.first_row + 1, self.header.last_row + 1

    @property
    def missing_required(self) -> list[ColumnSpec]:
        """Required columns the sheet does not have."""
        return [c for c in self.kind.required if c.key not in self.bindings]

    @property
    def unmapped_headers(self) -> list[HeaderColumn]:
        """Header columns that belong to no KindSpec column (ignored on import)."""
        used = {b.header.index for b in self.bindings.values()}
        return [c for c in self.header.columns if c.index not in used]

    def rel(self, key: str) -> int:
        """The index into `SourceRow.cells` of a bound column."""
        return self.bindings[key].header.index - self.col_offset

    def location(self, row: int | None, key: str | None = None) -> Location:
        """Location of a row, or of one bound column's cell in it."""
        if key is None or key not in self.bindings:
            header = self.kind.column(key).title if key else None
            return Location(self.source.name, self.sheet, row, None, header)
        b = self.bindings[key]
        return Location(self.source.name, self.sheet, row, b.header.index, b.header.text)

    def rows(self) -> Iterator[SourceRow | BlankRun]:
        """Data rows below the header; interior blank runs as BlankRun, trailing blanks dropped."""
        assert self._sheet is not None
        start = self.header.last_row + 1
        fill_cols = {
            b.header.index - self.col_offset
            for b in self.bindings.values()
            if b.spec.type not in _NUMERIC
        }
        by_top: dict[int, list[tuple[int, int]]] = {}
        for (r0, c0), (r1, _c1) in self.merges:
            if r1 > r0 and r0 >= start:
                by_top.setdefault(r0, []).append((c0 - self.col_offset, r1))
        active: list[tuple[int, int, int, object]] = []  # (rel col, top row, last row, value)
        blank_first: int | None = None
        blank_last = 0
        for index, row in enumerate(islice(self._sheet.iter_rows(), start, None), start):
            cells: list[object] = row  # type: ignore[assignment]  # fresh list per row
            if self.errors and index in self.errors:
                patch_row(cells, self.errors[index], self.col_offset)
            if active or index in by_top:
                merged = _apply_merges(index, cells, by_top.get(index), active, fill_cols)
            else:
                merged = None
            if cells.count("") == len(cells) or all(is_blank(v) for v in cells):
                if blank_first is None:
                    blank_first = index + 1
                blank_last = index + 1
                continue
            if blank_first is not None:
                yield BlankRun(blank_first, blank_last)
                blank_first = None
            yield SourceRow(index + 1, cells, merged)

    def release(self) -> None:
        """Let go of the sheet's cells once the rows are read (rows()/preview() then fail)."""
        self._sheet = None

    def preview(self, limit: int = 50) -> list[list[object]]:
        """The first `limit` sheet rows, raw (for an import wizard's preview)."""
        assert self._sheet is not None
        return [list(r) for r in islice(self._sheet.iter_rows(), limit)]


def _apply_merges(
    index: int,
    cells: list[object],
    starts: list[tuple[int, int]] | None,
    active: list[tuple[int, int, int, object]],
    fill_cols: set[int],
) -> dict[int, int] | None:
    """Fill cells covered by vertical merges from the top cell (text columns only)."""
    merged: dict[int, int] = {}
    keep = []
    for col, top, last, value in active:
        if index > last:
            continue
        keep.append((col, top, last, value))
        if 0 <= col < len(cells):
            merged[col] = top + 1
            if col in fill_cols and is_blank(cells[col]):
                cells[col] = value
    active[:] = keep
    for col, last in starts or ():
        if 0 <= col < len(cells):
            active.append((col, index, last, cells[col]))
    return merged or None


def list_sheets(path: str | Path) -> list[str]:
    """The visible sheet names of a workbook (for letting the user choose)."""
    book, _ = open_workbook(path)
    with book:
        return visible_sheet_names(book)


def _load_sheet(book: CalamineWorkbook, source: SourceFile, name: str) -> CalamineSheet:
    try:
        return book.get_sheet_by_name(name)
    except CalamineError as exc:
        raise SpreadsheetError(
            f"文件“{source.name}”的工作表“{name}”无法读取，文件可能已损坏（{exc}）。"
        ) from None


def _locate(
    sheet: CalamineSheet,
    source: SourceFile,
    name: str,
    kind: KindSpec,
    mapping: Mapping[str, str] | None,
    header_row: int | None,
) -> SheetTable | None:
    start = sheet.start
    end = sheet.end
    if start is None or end is None:
        return None
    col_offset = start[1]
    scan_rows = max(HEADER_SCAN_ROWS, (header_row or 0) + 2)
    scan = list(islice(sheet.iter_rows(), scan_rows))
    merges = list(sheet.merged_cell_ranges or [])
    match = detect_header(scan, merges, col_offset, kind, mapping, header_row)
    if match is None:
        return None
    table = SheetTable(source, name, kind, match, col_offset, end[0] + 1, merges=merges)
    table._sheet = sheet
    if source.format in ("xlsx", "xlsm"):
        for (r, c), text in find_error_cells(source.path, name).items():
            table.errors.setdefault(r, {})[c] = text
    table.titles = [
        " ".join(str(v).strip() for v in scan[r] if isinstance(v, str) and v.strip())
        for r in range(match.first_row)
    ]
    table.titles = [t for t in table.titles if t]
    for r in range(0, match.last_row + 1):
        for v in scan[r]:
            if isinstance(v, str) and (u := unit_in_line(v)) is not None:
                table.unit, table.unit_row = u, r + 1
                break
        if table.unit is not None:
            break
    for key, col in match.mapped.items():
        spec = kind.column(key)
        unit = source_name = None
        if spec.type is ColumnType.MONEY:
            if (unit := unit_in_header(col.text)) is not None:
                source_name = "表头"
            elif table.unit is not None:
                unit, source_name = table.unit, "单位行"
            else:
                unit, source_name = spec.unit, "默认"
        table.bindings[key] = ColumnBinding(spec, col, unit, source_name or "", key in match.manual)
    return table


def read_table(
    path: str | Path,
    kind: KindSpec,
    *,
    sheet: str | int | None = None,
    mapping: Mapping[str, str] | None = None,
    header_row: int | None = None,
) -> SheetTable:
    """Open `path` and locate the `kind` table. Raises SpreadsheetError with a Chinese message.

    sheet: a name or 0-based index among visible sheets; None tries the KindSpec's preferred
    sheet names, then every visible sheet in order. mapping: {column key: letter or header
    text} overriding automatic mapping. header_row: Excel row number of the (first) header row.
    """
    book, source = open_workbook(path)
    names = visible_sheet_names(book) or list(book.sheet_names)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise SpreadsheetError(f"文件“{source.name}”没有第 {sheet + 1} 个工作表。")
        candidates = [names[sheet]]
    elif sheet is not None:
        if sheet not in book.sheet_names:
            shown = "、".join(f"“{n}”" for n in names)
            raise SpreadsheetError(
                f"文件“{source.name}”中没有名为“{sheet}”的工作表，现有工作表：{shown}。"
            )
        candidates = [sheet]
    else:
        preferred = [n for n in kind.sheet_names if n in names]
        candidates = preferred + [n for n in names if n not in preferred]
    empty = 0
    for name in candidates:
        calamine_sheet = _load_sheet(book, source, name)
        if calamine_sheet.start is None:
            empty += 1
            continue
        table = _locate(calamine_sheet, source, name, kind, mapping, header_row)
        if table is not None:
            return table
    if empty == len(candidates):
        where = f"工作表“{candidates[0]}”" if len(candidates) == 1 else "所有工作表"
        raise SpreadsheetError(f"文件“{source.name}”的{where}都是空的，没有可导入的数据。")
    wanted = "、".join(f"“{c.title}”" for c in (kind.required or kind.columns)[:8])
    where = f"工作表“{candidates[0]}”" if len(candidates) == 1 else "各工作表"
    raise SpreadsheetError(
        f"在文件“{source.name}”的{where}前 {HEADER_SCAN_ROWS} 行中没有找到“{kind.title}”的表头。"
        f"表头应包含 {wanted} 等列；如果表头名称不同，请手动指定列对应关系。"
    )
