"""资金下达文件: the documents with what is assigned from each and the execution deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.calendar import work_calendar
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.funds.documents import DocumentRow, list_documents
from fpr_desktop.funds.rules import execution_deadline
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget

COLUMNS = [
    "文号",
    "下达日期",
    "下达单位",
    "级次",
    "资金来源",
    "金额（万元）",
    "已分配（万元）",
    "未分配（万元）",
    "提前下达",
    "预算执行时限",
]
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class DocumentLine:
    row: DocumentRow
    deadline: date
    note: str


class DocumentsPage(LazyPage):
    """A short list (tens of documents a year), read whole."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.table = table_widget(self, COLUMNS)
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer)
        self._stale = False

    def mark_stale(self) -> None:
        self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        actor = self.ws.actor

        def work(session: Session) -> list[DocumentLine]:
            cal = work_calendar(session)
            out = []
            for d in list_documents(session, actor):
                dl = execution_deadline(session, d.issued_on, cal)
                out.append(DocumentLine(d, dl.day, dl.note))
            return out

        self.ws.read(work, on_success=self._show, parent=self)

    def _show(self, lines: list[DocumentLine]) -> None:
        self.table.setRowCount(len(lines))
        total = assigned = 0
        for r, line in enumerate(lines):
            d = line.row
            total += d.amount
            assigned += d.assigned
            cells = [
                d.doc_no,
                d.issued_on.isoformat(),
                d.issuer,
                d.level,
                d.source,
                format_amount(d.amount, MoneyUnit.WAN),
                format_amount(d.assigned, MoneyUnit.WAN),
                format_amount(d.unassigned, MoneyUnit.WAN),
                "是" if d.in_advance else "",
                line.deadline.isoformat(),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 5 <= c <= 7:
                    item.setTextAlignment(RIGHT)
                if c == 9 and line.note:
                    item.setToolTip(line.note)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.footer.setText(
            f"共 {len(lines)} 个文件　下达 {format_amount(total, MoneyUnit.WAN)} 万元　"
            f"已分配 {format_amount(assigned, MoneyUnit.WAN)} 万元　"
            "（预算执行时限按下达后工作日计算，节假日和调休已计入）"
        )
        self.finish_loading()
