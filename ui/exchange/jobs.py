"""What the import wizard runs on the worker thread: sheet lists, dry-run previews, the import
itself and the error workbook. Plain Python (no widgets); results go back by the op runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.exchange import Issue, SpreadsheetError, list_sheets, read_table
from fpr_desktop.exchange.headers import header_key
from fpr_desktop.exchange.normalize import column_letter
from fpr_desktop.exchange.workbook import open_workbook
from fpr_desktop.submissions.importer import ImportOptions, ImportOutcome, run_import
from fpr_desktop.submissions.kinds import get_kind
from ui.exchange.preview_model import PreviewData

PREVIEW_ROWS = 200


@dataclass(frozen=True)
class ColumnChoice:
    """A column of the sheet's header, as offered in a mapping combo box."""

    letter: str
    text: str
    value: str  # what goes into the mapping: the header text, or the letter if the text repeats

    @property
    def label(self) -> str:
        return f"{self.letter}  {self.text}"


@dataclass
class Preview:
    """A dry run of the whole file plus the first rows to show."""

    data: PreviewData
    outcome: ImportOutcome | None = None
    error: str = ""  # the file or sheet could not be read as this kind
    sheet: str = ""
    columns: list[ColumnChoice] = field(default_factory=list)
    bound: dict[str, str] = field(default_factory=dict)  # column key → ColumnChoice.value
    fields: list[tuple[str, str, bool]] = field(default_factory=list)  # (key, title, required)


def sheets(db: Database, path: str, kind: str) -> tuple[list[str], str | None]:
    """The visible sheets, and the one whose header looks like this kind's table (if any)."""
    names = list_sheets(path)
    with db.read() as session:
        spec = get_kind(kind).spec(session)
    try:
        detected: str | None = read_table(path, spec).sheet
    except SpreadsheetError:
        detected = None
    return names, detected


def _raw_rows(path: str, sheet: str | None) -> tuple[list[list[object]], int]:
    book, _ = open_workbook(path)
    with book:
        name = sheet or book.sheet_names[0]
        s = book.get_sheet_by_name(name)
        offset = s.start[1] if s.start else 0
        return [list(r) for r in islice(s.iter_rows(), PREVIEW_ROWS)], offset


def preview(
    db: Database,
    actor: Actor,
    path: str,
    kind: str,
    options: ImportOptions,
    *,
    progress: Callable[[int, int | None, str], None] | None = None,
    check: Callable[[], None] | None = None,
) -> Preview:
    """Dry-run the import with these options and collect what the wizard shows."""
    k = get_kind(kind)
    with db.read() as session:
        spec = k.spec(session)
    fields_ = [(c.key, c.title.replace("/", " › "), c.required) for c in spec.columns]
    try:
        outcome = run_import(db, actor, path, kind, options, progress=progress, check=check)
    except SpreadsheetError as exc:
        sheet = options.sheet if isinstance(options.sheet, str) else None
        try:
            rows, offset = _raw_rows(path, sheet)
        except SpreadsheetError:
            rows, offset = [], 0
        return Preview(PreviewData(rows, offset), error=str(exc), fields=fields_)
    table = outcome.result.table
    counts: dict[str, int] = {}
    for col in table.header.columns:
        counts[header_key(col.text)] = counts.get(header_key(col.text), 0) + 1
    columns = [
        ColumnChoice(
            column_letter(col.index),
            col.text,
            col.text if counts[header_key(col.text)] == 1 else column_letter(col.index),
        )
        for col in table.header.columns
    ]
    by_index = {col.index: ch for col, ch in zip(table.header.columns, columns, strict=True)}
    bound = {}
    for key, binding in table.bindings.items():
        choice = by_index.get(binding.header.index)
        bound[key] = choice.value if choice else column_letter(binding.header.index)
    rows, _offset = _raw_rows(path, table.sheet)  # the import let go of the sheet's cells
    data = PreviewData(
        rows,
        table.col_offset,
        table.header_rows,
        [*outcome.result.problems, *outcome.result.warnings],
        list(outcome.result.skipped),
    )
    return Preview(data, outcome, "", table.sheet, columns, bound, fields_)


def error_workbook(outcome: ImportOutcome, target: str) -> Path:
    from fpr_desktop.exchange import write_error_workbook

    return write_error_workbook(outcome.result, target=target)


def where(issue: Issue) -> str:
    """“第 6 行 G 列（建设地点）：…” — the message without file and sheet."""
    loc = issue.location
    where = f"第 {loc.row} 行" if loc.row else "表头"
    if loc.column is not None:
        where += f" {loc.letter} 列（{loc.header}）"
    elif loc.header:
        where += f"（{loc.header}）"
    return f"{where}：{issue.detail}"


def summary(out: ImportOutcome) -> str:
    """What the check found, never promising rows a refused file will not bring in."""
    r = out.result
    if out.ok:
        counts = (
            f"可导入 {len(out.plans)} 行（新增 {_count(out, 'create')}、"
            f"更新 {_count(out, 'update')}、与库中一致 {_count(out, 'unchanged')}）"
        )
    else:
        counts = (
            f"有错误 {out.rejected} 行（{len(r.problems)} 处），整个文件不能导入"
            f"（其余 {len(out.plans)} 行无误，改正错误后一并导入）"
        )
    text = (
        f"读取数据 {r.rows_read} 行：{counts}，提示 {len(r.warnings)} 条，"
        f"略过合计/标题/空行 {len(r.skipped)} 处。"
    )
    if out.notes:  # filled in / kept as drafts (of the rows without errors): for confirmation
        text += "\n" + "\n".join(out.notes)
    if out.duplicate_of is not None:
        text += f"　注意：该文件已导入过（{out.duplicate_of.describe()}）。"
    return text


def _count(out: ImportOutcome, action: str) -> int:
    return sum(1 for p in out.plans if p.action == action)
