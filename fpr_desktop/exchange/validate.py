"""Validate a located table completely — every row, every column — before anything is written.

The result holds the valid rows (normalised values + Excel row number), every problem and
warning with its location, and the rows skipped on purpose (合计, headings, blanks, footer).
The database layer adds its own checks through `ValidationResult.add_problem` and imports
only when `result.ok`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpr_desktop.base.money import MoneyUnit

from .amounts import normalize_amount
from .dates import normalize_date, normalize_period
from .divisions import DivisionResolver
from .normalize import (
    Normalized,
    NormalizeError,
    column_letter,
    display,
    enum_normalizer,
    is_blank,
    normalize_code,
    normalize_id_number,
    normalize_int,
    normalize_text,
    quote,
)
from .problems import Issue, Location, Severity, SkipKind, SkippedRow
from .reader import BlankRun, ColumnBinding, SheetTable, read_table
from .rowkinds import classify
from .spec import ColumnType, DivisionLevel, KindSpec
from .xlsx.errorcells import ErrorCell

Normaliser = Callable[[object, Mapping[str, Any]], Normalized[Any]]
PROGRESS_EVERY = 1000


@dataclass(slots=True)
class ValidRow:
    """A row that passed every check: normalised values by column key."""

    row: int  # Excel row number in the source sheet
    values: dict[str, Any]


@dataclass
class ValidationResult:
    """Everything found in one sheet; import only when `ok`."""

    table: SheetTable
    rows: list[ValidRow] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    rows_read: int = 0  # non-blank rows below the header that were not skipped

    @property
    def ok(self) -> bool:
        """True when there is no problem at all (warnings do not block)."""
        return not self.problems

    def add_problem(
        self,
        row: int | None,
        key: str | None,
        reason: str,
        expected: str = "",
        found: str | None = None,
        *,
        warning: bool = False,
    ) -> Issue:
        """Record an issue found later (e.g. by the database layer: duplicate in the ledger).

        The row is dropped from `rows` for an error so counts stay truthful.
        """
        issue = Issue(
            self.table.location(row, key),
            reason,
            expected,
            found,
            key,
            Severity.WARNING if warning else Severity.ERROR,
        )
        if warning:
            self.warnings.append(issue)
        else:
            self.problems.append(issue)
            if row is not None:
                self.rows = [r for r in self.rows if r.row != row]
        return issue

    def summary(self) -> str:
        """One Chinese line for a status bar or a log."""
        t = self.table
        bad_rows = len({p.location.row for p in self.problems if p.location.row is not None})
        counts = (
            f"有错误 {bad_rows} 行（{len(self.problems)} 处），整个文件不能导入"
            f"（其余 {len(self.rows)} 行无误）"
            if self.problems
            else f"可导入 {len(self.rows)} 行"
        )
        text = (
            f"文件“{t.source.name}”工作表“{t.sheet}”：读取数据 {self.rows_read} 行，{counts}，"
            f"提示 {len(self.warnings)} 条，跳过 {len(self.skipped)} 处（合计/标题/空行/备注）。"
        )
        return text


def _bounded_amount(unit: MoneyUnit, negative: bool, limit: Decimal) -> Normaliser:
    """Money no larger than `limit` 元 either way (the 金额上限 setting)."""
    shown = f"{(limit / 10000).normalize():f}"

    def normalize(raw: object, _v: Mapping[str, Any]) -> Normalized[Any]:
        out = normalize_amount(raw, unit, allow_negative=negative)
        if out.value is not None and abs(out.value) > limit:
            raise NormalizeError(
                f"金额 {out.value / 10000:f} 万元超过上限 {shown} 万元（可能多填了位数）",
                f"不超过 {shown} 万元的金额（上限在“参数设置→金额”中调整）",
            )
        return out

    return normalize


def _normaliser(
    b: ColumnBinding, resolver: DivisionResolver | None, amount_limit: Decimal | None = None
) -> Normaliser:
    spec = b.spec
    match spec.type:
        case ColumnType.MONEY:
            unit, neg = b.unit or spec.unit, spec.allow_negative
            if amount_limit is None:
                return lambda raw, _v: normalize_amount(raw, unit, allow_negative=neg)
            return _bounded_amount(unit, neg, amount_limit)
        case ColumnType.INT:
            cu, neg = spec.count_unit, spec.allow_negative
            return lambda raw, _v: normalize_int(raw, unit=cu, allow_negative=neg)
        case ColumnType.DATE:
            allow_month = spec.allow_month
            return lambda raw, _v: normalize_date(raw, allow_month=allow_month)
        case ColumnType.PERIOD:
            return lambda raw, _v: normalize_period(raw)
        case ColumnType.ENUM:
            enum = enum_normalizer(spec.allowed_values(), spec.enum_aliases)
            return lambda raw, _v: enum(raw)
        case ColumnType.ID_NUMBER:
            return lambda raw, _v: normalize_id_number(raw)
        case ColumnType.CODE:
            length = spec.max_length
            return lambda raw, _v: normalize_code(raw, max_length=length)
        case ColumnType.DIVISION:
            if resolver is None:
                raise ValueError(f"列 {spec.key} 是行政区划列，validate_table 需要 resolver")
            level, town_key, res = spec.level, spec.town_key, resolver
            return lambda raw, v: res(raw, level, v.get(town_key) if town_key else None)
        case _:
            length = spec.max_length
            return lambda raw, _v: normalize_text(raw, max_length=length)


def _table_issues(table: SheetTable, result: ValidationResult) -> None:
    header_row = table.header_rows[0]
    loc = Location(table.source.name, table.sheet, header_row)
    for col in table.missing_required:
        also = f"（也可写作：{'、'.join(col.aliases[:4])}）" if col.aliases else ""
        result.problems.append(
            Issue(
                Location(loc.file, loc.sheet, header_row, None, col.title),
                f"表头中缺少必填列“{col.title}”",
                f"表头中有“{col.title}”列{also}，或手动指定该列对应哪一列",
                key=col.key,
            )
        )
    for spec, header in table.header.duplicates:
        first = table.bindings[spec.key].header
        result.warnings.append(
            Issue(
                Location(loc.file, loc.sheet, header_row, header.index, header.text),
                f"“{spec.title}”在表头中出现多次，只导入第一列（{column_letter(first.index)} 列），"
                "本列已忽略",
                severity=Severity.WARNING,
            )
        )
    for b in table.bindings.values():
        if b.spec.type is ColumnType.MONEY and b.unit_source == "默认":
            result.warnings.append(
                Issue(
                    table.location(header_row, b.spec.key),
                    f"表头和单位行都没有注明金额单位，按{b.unit.value if b.unit else '元'}导入",
                    severity=Severity.WARNING,
                )
            )


def _is_header_repeat(cells: list[object], heads: list[tuple[int, set[str]]]) -> bool:
    """A header repeated below (page-break copies): cells equal the header texts."""
    width = len(cells)
    hits = 0
    for rel, names in heads:
        v = cells[rel] if rel < width else ""
        if v.__class__ is str and v.strip() in names:
            hits += 1
    if hits < 2:
        return False
    filled = sum(1 for rel, _ in heads if rel < width and not is_blank(cells[rel]))
    return hits * 2 > filled


def validate_table(
    table: SheetTable,
    *,
    resolver: DivisionResolver | None = None,
    on_row: Callable[[int], None] | None = None,
    amount_limit: Decimal | None = None,
) -> ValidationResult:
    """Run every row through the KindSpec; collect all problems, warnings and skipped rows.

    on_row(Excel row number) is called every PROGRESS_EVERY rows (progress bars, cancel).
    amount_limit: the largest amount (元) any money column may hold.
    """
    kind = table.kind
    result = ValidationResult(table)
    _table_issues(table, result)
    # town columns first, so a village column can use the row's town
    order = sorted(
        table.bindings.values(),
        key=lambda b: (
            b.spec.type is not ColumnType.DIVISION or b.spec.level is not DivisionLevel.TOWN
        ),
    )
    plan = [
        (
            b.spec.key,
            b.header.index - table.col_offset,
            b.spec,
            _normaliser(b, resolver, amount_limit),
        )
        for b in order
    ]
    numeric = {ColumnType.MONEY, ColumnType.INT}
    required_rels = [rel for _k, rel, spec, _n in plan if spec.required]
    heads = [
        (b.header.index - table.col_offset, {b.header.text, b.header.child, b.header.parent} - {""})
        for b in order
    ]
    seen_keys: dict[tuple[Any, ...], int] = {}
    text_rels = {rel: key for key, rel, spec, _n in plan if spec.type is ColumnType.TEXT}
    other_rels = [rel for _k, rel, spec, _n in plan if spec.type is not ColumnType.TEXT]
    last_number = 0  # the previous data row (continuations join it when it was valid)
    in_footer = False
    file, sheet = table.source.name, table.sheet
    for item in table.rows():
        if isinstance(item, BlankRun):
            loc = Location(file, sheet, item.first, last_row=item.last)
            result.skipped.append(SkippedRow(loc, SkipKind.BLANK))
            continue
        cells, number = item.cells, item.number
        if on_row is not None and number % PROGRESS_EVERY == 0:
            on_row(number)
        width = len(cells)
        filled = 0
        for rel in required_rels:  # inlined is_blank: this runs for every cell of every row
            v = cells[rel] if rel < width else None
            if v is not None and (v.__class__ is not str or v.strip()):
                filled += 1
        why = classify(
            cells,
            filled_required=filled,
            required_total=len(required_rels),
            in_footer=in_footer,
            before_data=not result.rows_read,
        )
        if why is None and _is_header_repeat(cells, heads):
            why = (SkipKind.HEADER, "表头")
        if why is not None:
            in_footer = in_footer or why[0] is SkipKind.FOOTER
            result.skipped.append(SkippedRow(Location(file, sheet, number), why[0], why[1]))
            continue
        in_footer = False
        if (
            kind.continuation_rows
            and result.rows
            and result.rows[-1].row == last_number
            and _continues(cells, item.merged, text_rels, other_rels)
        ):
            _join(result, table, result.rows[-1], cells, number, text_rels)
            last_number = number
            continue
        last_number = number
        result.rows_read += 1
        values: dict[str, Any] = {}
        errors = 0
        merged = item.merged
        for key, rel, spec, norm in plan:
            raw = cells[rel] if rel < width else ""
            at = merged.get(rel, number) if merged else number
            if at != number and spec.type in numeric:
                errors += 1
                result.problems.append(
                    Issue(
                        table.location(at, key),
                        f"第 {number} 行的这一格与第 {at} 行合并，数字无法分到各行",
                        "取消合并单元格，每行分别填写",
                        quote(cells[rel]) if rel < width else "",
                        key,
                    )
                )
                continue
            if raw.__class__ is ErrorCell:  # a broken formula: calamine read it as blank
                errors += 1
                result.problems.append(
                    Issue(
                        table.location(at, key),
                        f"单元格是公式错误值 {raw}（公式计算出错，不能当作空白导入）",
                        f"{spec.expected(table.bindings[key].unit)}；请改正公式或直接填写数值",
                        str(raw),
                        key,
                    )
                )
                continue
            try:
                out = norm(raw, values)
            except NormalizeError as exc:
                errors += 1
                result.problems.append(
                    Issue(table.location(at, key), exc.reason, exc.expected, quote(raw), key)
                )
                continue
            value = out.value
            for w in out.warnings:
                result.warnings.append(
                    Issue(
                        table.location(at, key),
                        w,
                        found=quote(raw),
                        key=key,
                        severity=Severity.WARNING,
                    )
                )
            if value is None and spec.required:
                errors += 1
                result.problems.append(
                    Issue(
                        table.location(at, key),
                        "此项必填",
                        spec.expected(table.bindings[key].unit),
                        "",
                        key,
                    )
                )
            values[key] = value
        if not errors:
            for check in kind.row_checks:
                for ri in check(values):
                    target = ri.keys[0] if ri.keys else None
                    issue = Issue(
                        table.location(number, target),
                        ri.reason,
                        ri.expected,
                        display(cells[table.rel(target)]) if target in table.bindings else None,
                        target,
                        Severity.WARNING if ri.warning else Severity.ERROR,
                    )
                    (result.warnings if ri.warning else result.problems).append(issue)
                    errors += 0 if ri.warning else 1
        if kind.natural_key:  # also for rows with other errors: report every duplicate
            nk = tuple(values.get(k) for k in kind.natural_key)
            if all(v is not None for v in nk):
                first = seen_keys.setdefault(nk, number)
                if first != number:
                    errors += 1
                    names = "、".join(kind.column(k).title for k in kind.natural_key)
                    result.problems.append(
                        Issue(
                            table.location(number, kind.natural_key[0]),
                            f"与第 {first} 行重复（{names}相同）",
                            "每条记录只填写一行",
                            " / ".join(getattr(v, "full_name", None) or display(v) for v in nk),
                            kind.natural_key[0],
                        )
                    )
        if not errors:
            result.rows.append(ValidRow(number, values))
    return result


def _continues(
    cells: list[object],
    merged: dict[int, int] | None,
    text_rels: dict[int, str],
    other_rels: list[int],
) -> bool:
    """Only text, only in text columns, nothing of its own in the other bound columns."""
    width = len(cells)
    for rel in other_rels:  # a data row fails here at once (its amount, its place)
        if rel < width and not is_blank(cells[rel]) and not (merged and rel in merged):
            return False
    own = [
        rel for rel in range(width) if not is_blank(cells[rel]) and not (merged and rel in merged)
    ]
    return bool(own) and all(rel in text_rels for rel in own)


def _join(
    result: ValidationResult,
    table: SheetTable,
    previous: ValidRow,
    cells: list[object],
    number: int,
    text_rels: dict[int, str],
) -> None:
    """Append a continuation row's text to the row above and say so."""
    for rel, key in text_rels.items():
        if rel < len(cells) and not is_blank(cells[rel]):
            piece = normalize_text(cells[rel]).value or ""
            previous.values[key] = (previous.values.get(key) or "") + piece
    loc = Location(table.source.name, table.sheet, number)
    result.skipped.append(SkippedRow(loc, SkipKind.CONTINUATION, f"并入第 {previous.row} 行"))
    result.warnings.append(
        Issue(
            table.location(previous.row),
            f"第 {number} 行只有文字，按上一行（第 {previous.row} 行）的续行并入",
            severity=Severity.WARNING,
        )
    )


def check_workbook(
    path: str | Path,
    kind: KindSpec,
    *,
    sheet: str | int | None = None,
    mapping: Mapping[str, str] | None = None,
    header_row: int | None = None,
    resolver: DivisionResolver | None = None,
) -> ValidationResult:
    """Read and validate in one call (raises SpreadsheetError for an unreadable file)."""
    table = read_table(path, kind, sheet=sheet, mapping=mapping, header_row=header_row)
    return validate_table(table, resolver=resolver)
