"""Write the error workbook: a copy of the user's own file with every offending cell filled red
and commented (what was found, what is expected), plus a 错误汇总 sheet listed first.

.xlsx/.xlsm are copied with openpyxl (formatting kept); .xls/.ods, and sheets too large for
openpyxl, are rebuilt from the values python-calamine read, and always written as .xlsx.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineWorkbook

from .cells import append, put
from .problems import Issue, SkippedRow
from .validate import ValidationResult

if TYPE_CHECKING:
    from openpyxl import Workbook

ERROR_FILL = "FFFF0000"  # red, as the user was told: “标红的单元格有问题”
WARNING_FILL = "FFFFFF00"  # yellow: imported, but look at the comment
SUMMARY_SHEET = "错误汇总"
COMMENT_AUTHOR = "巩固衔接业务管理系统"
MAX_OPENPYXL_SHEET_BYTES = 60 * 1024 * 1024  # uncompressed sheet XML; beyond it rebuild values


def error_workbook_name(source_name: str) -> str:
    """“乡镇项目表.xls” → “乡镇项目表_错误标注.xlsx” (.xlsm stays .xlsm)."""
    stem, _, ext = source_name.rpartition(".")
    stem = stem or source_name
    return f"{stem}_错误标注.{'xlsm' if ext.lower() == 'xlsm' else 'xlsx'}"


def _too_big_for_openpyxl(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(
                i.filename.startswith("xl/worksheets/") and i.file_size > MAX_OPENPYXL_SHEET_BYTES
                for i in z.infolist()
            )
    except (OSError, zipfile.BadZipFile):
        return True


def _rebuild(path: Path) -> Workbook:
    """A values-only .xlsx copy of any workbook calamine can read (merges kept)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    with path.open("rb") as fh:
        book = CalamineWorkbook.from_filelike(fh)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    with book:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            ws = wb.create_sheet(title=name[:31])
            start = sheet.start
            if start is None:
                continue
            col0 = start[1]
            for r, row in enumerate(sheet.iter_rows(), 1):
                for c, value in enumerate(row, col0 + 1):
                    if value != "" and value is not None:
                        cell = put(ws, r, c, value)
                        if hasattr(value, "year"):
                            cell.number_format = "yyyy-mm-dd"
            for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
                if (r0, c0) != (r1, c1):
                    ws.merge_cells(
                        f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
                    )
    return wb


def _load_copy(path: Path, fmt: str) -> Workbook:
    if fmt in ("xlsx", "xlsm") and not _too_big_for_openpyxl(path):
        from openpyxl import load_workbook

        try:
            return load_workbook(path, keep_vba=fmt == "xlsm", rich_text=True)
        except Exception:  # openpyxl chokes on some WPS files: fall back to values
            pass
    return _rebuild(path)


def _mark_cells(wb: Workbook, sheet: str, issues: Iterable[Issue]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    ws = wb[sheet[:31]] if sheet[:31] in wb.sheetnames else None
    if ws is None:
        return
    red = PatternFill(fill_type="solid", fgColor=ERROR_FILL, bgColor=ERROR_FILL)
    yellow = PatternFill(fill_type="solid", fgColor=WARNING_FILL, bgColor=WARNING_FILL)
    by_cell: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        loc = issue.location
        if loc.row is not None and loc.column is not None:
            by_cell[(loc.row, loc.column + 1)].append(issue)
    for (row, col), found in by_cell.items():
        cell = ws.cell(row=row, column=col)
        cell.fill = red if any(i.is_error for i in found) else yellow
        lines = [("【错误】" if i.is_error else "【提示】") + i.detail for i in found]
        if cell.comment is not None and cell.comment.text:
            lines.insert(0, cell.comment.text)
        text = "\n".join(lines)
        comment = Comment(text, COMMENT_AUTHOR)
        comment.width = 320
        comment.height = min(60 + 18 * text.count("\n") + len(text) // 2, 400)
        cell.comment = comment


def _write_summary(wb: Workbook, result: ValidationResult) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    title = SUMMARY_SHEET
    n = 2
    while title in wb.sheetnames:
        title = f"{SUMMARY_SHEET}({n})"
        n += 1
    ws = wb.create_sheet(title=title, index=0)
    append(ws, [result.summary()])
    ws.append(["序号", "类型", "工作表", "行号", "列", "列名", "填写内容", "问题说明", "应填写"])
    head_fill = PatternFill(fill_type="solid", fgColor="FFD9D9D9")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
    ws["A1"].font = Font(bold=True, size=12)
    entries: list[Issue | SkippedRow] = [*result.problems, *result.warnings, *result.skipped]
    for i, item in enumerate(entries, 1):
        loc = item.location
        rows = f"{loc.row}–{loc.last_row}" if loc.last_row and loc.last_row != loc.row else loc.row
        if isinstance(item, SkippedRow):
            append(
                ws,
                [i, "跳过", loc.sheet, rows, "", "", item.text, item.kind.value + "，未导入", ""],
            )
            continue
        append(
            ws,
            [
                i,
                item.severity.value,
                loc.sheet,
                rows,
                loc.letter or "",
                loc.header or "",
                item.found or "",
                item.reason,
                item.expected,
            ],
        )
        if loc.coordinate and loc.sheet[:31] in wb.sheetnames:
            link = ws.cell(row=ws.max_row, column=5)
            link.hyperlink = f"#'{loc.sheet[:31]}'!{loc.coordinate}"
            link.font = Font(color="FF0563C1", underline="single")
        if item.is_error:
            ws.cell(row=ws.max_row, column=2).font = Font(color="FFC00000", bold=True)
    for letter, width in zip("ABCDEFGHI", (6, 6, 14, 8, 6, 20, 24, 48, 40), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=3, min_col=8, max_col=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0


def write_error_workbook(
    result: ValidationResult,
    out_dir: str | Path | None = None,
    *,
    target: str | Path | None = None,
) -> Path:
    """Write the marked-up copy next to the source (or into `out_dir`, or to the file `target`)
    and return its path."""
    source = result.table.source
    if target is not None:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target_dir = Path(out_dir) if out_dir is not None else source.path.parent
        target = target_dir / error_workbook_name(source.name)
    wb = _load_copy(source.path, source.format)
    _mark_cells(wb, result.table.sheet, [*result.problems, *result.warnings])
    _write_summary(wb, result)
    wb.save(target)
    return target
