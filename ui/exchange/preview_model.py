"""The wizard's preview of a sheet: the first rows as the user sees them in Excel, problem cells
red (warnings yellow) with the message as tooltip, header rows shaded, skipped rows greyed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from fpr_desktop.exchange import Issue, SkippedRow
from fpr_desktop.exchange.normalize import column_letter, display

AnyIndex = QModelIndex | QPersistentModelIndex
ERROR_BRUSH = QBrush(QColor("#ff8a80"))
WARNING_BRUSH = QBrush(QColor("#fff59d"))
HEADER_BRUSH = QBrush(QColor("#ddebf7"))
SKIPPED_BRUSH = QBrush(QColor("#9e9e9e"))
MAX_TEXT = 60


@dataclass
class PreviewData:
    """What the preview shows (built on the worker thread, shown on the GUI thread)."""

    rows: list[list[object]]  # sheet rows from Excel row 1; cells from the first used column
    col_offset: int
    header_rows: tuple[int, int] = (0, 0)
    issues: list[Issue] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)


class PreviewModel(QAbstractTableModel):
    """A small, fully loaded table (a few hundred rows at most)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[list[object]] = []
        self._width = 0
        self._offset = 0
        self._header = (0, 0)
        self._cells: dict[tuple[int, int], list[Issue]] = {}
        self._row_issues: dict[int, list[Issue]] = {}
        self._skipped: dict[int, SkippedRow] = {}

    def show(self, data: PreviewData) -> None:
        self.beginResetModel()
        self._rows = data.rows
        self._width = max((len(r) for r in data.rows), default=0)
        self._offset = data.col_offset
        self._header = data.header_rows
        self._cells, self._row_issues = _index(data.issues, data.col_offset)
        self._skipped = {}
        for s in data.skipped:
            first = s.location.row or 0
            for r in range(first, (s.location.last_row or first) + 1):
                self._skipped[r] = s
        self.endResetModel()

    def clear(self) -> None:
        self.show(PreviewData([], 0))

    def issue_cell(self, issue: Issue) -> QModelIndex:
        """The index of the cell (or the row's first cell) an issue points at."""
        row = (issue.location.row or 1) - 1
        col = (issue.location.column - self._offset) if issue.location.column is not None else 0
        if not 0 <= row < len(self._rows):
            return QModelIndex()
        return self.index(row, max(0, min(col, self._width - 1)))

    # --- Qt ----------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(section + self._offset)
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        excel_row = r + 1
        row = self._rows[r]
        value = row[c] if c < len(row) else None
        issues = self._cells.get((excel_row, c), [])
        if c == 0:
            issues = issues + self._row_issues.get(excel_row, [])
        if role == Qt.ItemDataRole.DisplayRole:
            text = display(value).replace("\n", " ")
            return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
        if role == Qt.ItemDataRole.BackgroundRole:
            if issues:
                return ERROR_BRUSH if any(i.is_error for i in issues) else WARNING_BRUSH
            if self._header[0] <= excel_row <= self._header[1]:
                return HEADER_BRUSH
            return None
        if role == Qt.ItemDataRole.ForegroundRole and excel_row in self._skipped and not issues:
            return SKIPPED_BRUSH
        if role == Qt.ItemDataRole.FontRole and self._header[0] <= excel_row <= self._header[1]:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [("错误：" if i.is_error else "提示：") + i.detail for i in issues]
            if not lines and excel_row in self._skipped:
                lines = [self._skipped[excel_row].message]
            return "\n".join(lines) or None
        return None


def _index(
    issues: Iterable[Issue], offset: int
) -> tuple[dict[tuple[int, int], list[Issue]], dict[int, list[Issue]]]:
    cells: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    rows: dict[int, list[Issue]] = defaultdict(list)
    for issue in issues:
        loc = issue.location
        if loc.row is None:
            continue
        if loc.column is None:
            rows[loc.row].append(issue)
        else:
            cells[(loc.row, loc.column - offset)].append(issue)
    return dict(cells), dict(rows)
