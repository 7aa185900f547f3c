"""The one spreadsheet exchange engine: read, normalise and validate town workbooks, and write
error workbooks. Database-independent; the import service writes `ValidationResult.rows`.

Typical use::

    table = read_table(path, KIND, mapping=user_mapping)   # SpreadsheetError if unreadable
    result = validate_table(table, resolver=directory)      # all problems, nothing written
    if not result.ok:
        write_error_workbook(result, out_dir)

Writing: `template.write_template` (empty import templates with dropdowns) and
`official.write_official` (official-layout exports that re-import cleanly; the rows stream
through `sheetstream`), both laid out by `layout.SheetLayout`. Excel error cells, which
python-calamine reads as blanks, are found by `errorcells` and refused. Kinds, the database
side and the submission register live in `fpr_desktop.submissions.kinds*` and
`services.submissions`.
"""

from .amounts import normalize_amount, unit_in_header, unit_in_line
from .dates import Period, normalize_date, normalize_period
from .divisions import Division, DivisionDirectory, DivisionMatch, DivisionResolver
from .error_workbook import error_workbook_name, write_error_workbook
from .normalize import (
    Normalized,
    NormalizeError,
    normalize_code,
    normalize_enum,
    normalize_id_number,
    normalize_int,
    normalize_name,
    normalize_text,
)
from .problems import Issue, Location, Severity, SkipKind, SkippedRow
from .reader import BlankRun, ColumnBinding, SheetTable, SourceRow, list_sheets, read_table
from .spec import ColumnSpec, ColumnType, DivisionLevel, KindSpec, RowIssue
from .validate import ValidationResult, ValidRow, check_workbook, validate_table
from .workbook import PasswordProtected, SourceFile, SpreadsheetError

__all__ = [
    "BlankRun",
    "ColumnBinding",
    "ColumnSpec",
    "ColumnType",
    "Division",
    "DivisionDirectory",
    "DivisionLevel",
    "DivisionMatch",
    "DivisionResolver",
    "Issue",
    "KindSpec",
    "Location",
    "NormalizeError",
    "Normalized",
    "PasswordProtected",
    "Period",
    "RowIssue",
    "Severity",
    "SheetTable",
    "SkipKind",
    "SkippedRow",
    "SourceFile",
    "SourceRow",
    "SpreadsheetError",
    "ValidRow",
    "ValidationResult",
    "check_workbook",
    "error_workbook_name",
    "list_sheets",
    "normalize_amount",
    "normalize_code",
    "normalize_date",
    "normalize_enum",
    "normalize_id_number",
    "normalize_int",
    "normalize_name",
    "normalize_period",
    "normalize_text",
    "read_table",
    "unit_in_header",
    "unit_in_line",
    "validate_table",
    "write_error_workbook",
]
