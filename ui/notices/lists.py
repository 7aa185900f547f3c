"""The register as lazy lists: the shared view set-up, and small lists for 首页 (公示本周到期,
有异议待处理) that open a notice's details on double-click."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.notices.register import NoticeFilter, NoticeSource
from ui.common.table_model import LazyTableModel
from ui.common.widgets import Workspace, compact_rows, text_width

#: Column widths in the source are pixels at a ~17 px line height; scaled to the actual font.
REFERENCE_LINE_HEIGHT = 17
#: the tables notice lists show: a write to any of them refreshes them (ui.common.changes)
NOTICE_TABLES = (
    "notice",
    "notice_item",
    "objection",
    "notice_attachment",
    "setting",
    "calendar_day",
)
#: Texts a column must show unclipped.
LONGEST = {
    "status": "有异议待处理",
    "kind": "资产确权移交公示",
    "level": "项目现场",  # the longest level: never cut to “项目…”
    "window_start": "0000-00-00",
    "number": "GS0000-00000",
    "doc_number": "陇乡振发〔0000〕00号",
}
QUICK_FILTERS = {
    "全部": NoticeFilter(),
    "本周到期": NoticeFilter(ending_this_week=True),
    "有异议待处理": NoticeFilter(open_objections=True),
}


@dataclass(frozen=True)
class Query:
    source: NoticeSource
    count: int


def query(ws: Workspace, flt: NoticeFilter) -> Callable[[Session], Query]:
    """A read job: the source for `flt` and how many notices it lists."""
    actor = ws.actor

    def run(session: Session) -> Query:
        source = NoticeSource(session, actor, flt)
        return Query(source, source.totals(session).count)

    return run


def notice_view(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    compact_rows(view)
    return view


def attach_model(ws: Workspace, view: QTableView, source: NoticeSource) -> LazyTableModel:
    """Put a lazy model over `source` into `view` with column widths scaled to the font."""
    model = LazyTableModel(ws.db.read, source, parent=view)
    model.load_failed.connect(lambda exc: ws.runner.show_error(exc, view))
    view.setModel(model)
    scale = view.fontMetrics().height() / REFERENCE_LINE_HEIGHT
    for i, column in enumerate(model.columns):
        width = int((column.width or 100) * scale)
        sample = LONGEST.get(column.key, column.title)
        view.setColumnWidth(i, max(width, text_width(view, sample), text_width(view, column.title)))
    # The title takes the room that is left: it is what people read.
    title = [c.key for c in model.columns].index("title")
    view.horizontalHeader().setSectionResizeMode(title, QHeaderView.ResizeMode.Stretch)
    return model


class NoticeList(QWidget):
    """A titled short list of one quick filter (首页); Enter or a double-click opens the notice."""

    #: A notice was opened (its id); the detail dialog is `self.detail`.
    notice_opened = Signal(int)
    data_loaded = Signal()

    def __init__(self, ws: Workspace, quick: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.quick = quick
        self.model: LazyTableModel | None = None
        self.detail: QWidget | None = None
        self.title = QLabel(quick, self)
        self.title.setObjectName("sectionLabel")
        self.view = notice_view(self)
        self.view.activated.connect(self._open)  # Enter or a double-click
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        ws.changes.subscribe(self, NOTICE_TABLES, lambda _changes: self.reload())
        self.reload()

    def reload(self) -> None:
        self.ws.read(query(self.ws, QUICK_FILTERS[self.quick]), on_success=self._show, parent=self)

    def _show(self, q: Query) -> None:
        if self.model is None:
            self.model = attach_model(self.ws, self.view, q.source)
            for hidden in ("number", "doc_number", "kind", "level", "window_start"):
                self.view.setColumnHidden([c.key for c in self.model.columns].index(hidden), True)
        else:
            self.model.reset(q.source)
        self.title.setText(f"{self.quick}（{q.count} 项）")
        self.data_loaded.emit()

    def _open(self, index: QModelIndex) -> None:
        if self.model is None or not index.isValid():
            return
        notice_id = self.model.row_id(index.row())
        from ui.notices.detail import NoticeDetailDialog  # with the notice builder: when used

        dialog = NoticeDetailDialog(self.ws, notice_id, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.detail = dialog
        dialog.open()
        self.notice_opened.emit(notice_id)


def ending_this_week_list(ws: Workspace, parent: QWidget | None = None) -> NoticeList:
    """公示期本周内结束的公告（首页）."""
    return NoticeList(ws, "本周到期", parent)


def open_objections_list(ws: Workspace, parent: QWidget | None = None) -> NoticeList:
    """有未处理异议的公告（首页）."""
    return NoticeList(ws, "有异议待处理", parent)
