"""资金下达文件: the documents with what is assigned from each and the execution deadline;
登记/修改/删除 a document, and 分配到项目 (the chain's second step) below the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.calendar import work_calendar
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.base.permissions import can
from fpr_desktop.funds import assignments as asg
from fpr_desktop.funds import documents as docs
from fpr_desktop.funds import ledger
from fpr_desktop.funds.documents import DocumentRow, list_documents
from fpr_desktop.funds.months import locked_periods, period_of, period_text
from fpr_desktop.funds.rules import execution_deadline
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget
from ui.exchange import prompts
from ui.funds.cells import money_item
from ui.funds.document_dialog import AssignDialog, DocumentDialog
from ui.funds.reads import latest

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
ASSIGN_COLUMNS = ["项目", "乡镇", "分配日期", "分配金额（万元）", "已拨付（万元）"]
NO_EDIT = "当前用户没有“维护资金台账”的权限"


@dataclass(frozen=True)
class DocumentLine:
    row: DocumentRow
    deadline: date
    note: str


@dataclass(frozen=True)
class Loaded:
    lines: list[DocumentLine]
    locked: set[int]


class DocumentsPage(LazyPage):
    """A short list (tens of documents a year), read whole; the selected one's assignments below."""

    #: Documents or assignments changed (balances elsewhere are stale).
    changed = Signal()
    #: The assignments of the selected document are on screen.
    assignments_shown = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.lines: list[DocumentLine] = []
        self.locked: set[int] = set()
        self.assignments: list[asg.AssignmentRow] = []
        self.dialog = None
        self.new_button = QPushButton("登记文件…", self)
        self.edit_button = QPushButton("修改…", self)
        self.delete_button = QPushButton("删除", self)
        self.assign_button = QPushButton("分配到项目…", self)
        self.change_button = QPushButton("修改分配金额…", self)
        self.unassign_button = QPushButton("删除分配", self)
        self.message = QLabel(self)
        self.message.setObjectName("hintLabel")
        bar = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        for b in (self.assign_button, self.change_button, self.unassign_button):
            bar.addWidget(b)
        self.table = table_widget(self, COLUMNS)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # newest first
        self.assigned = table_widget(self, ASSIGN_COLUMNS)
        self.assigned.setSortingEnabled(True)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.assigned_title = QLabel("所选文件的资金分配", lower)
        lower_layout.addWidget(self.assigned_title)
        lower_layout.addWidget(self.assigned, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addWidget(self.footer)
        self.new_button.clicked.connect(self.new_document)
        self.edit_button.clicked.connect(self.edit_document)
        self.delete_button.clicked.connect(self.delete_document)
        self.assign_button.clicked.connect(self.assign)
        self.change_button.clicked.connect(self.change_assignment)
        self.unassign_button.clicked.connect(self.delete_assignment)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit_document())
        self.assigned.itemSelectionChanged.connect(self._update_buttons)
        self.assigned.itemDoubleClicked.connect(lambda _i: self.change_assignment())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.edit_document).setContext(
                Qt.ShortcutContext.WidgetShortcut
            )
            QShortcut(QKeySequence(key), self.assigned, self.change_assignment).setContext(
                Qt.ShortcutContext.WidgetShortcut
            )
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_document)
        self.watch("fund_document", "fund_assignment", "fund_month")
        self._update_buttons()

    def mark_stale(self) -> None:
        self._loaded_once = False
        if self.isVisible():
            self.reload()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.ws.actor

        def work(session: Session) -> Loaded:
            cal = work_calendar(session)
            out = []
            for d in list_documents(session, actor):
                dl = execution_deadline(session, d.issued_on, cal)
                out.append(DocumentLine(d, dl.day, dl.note))
            return Loaded(out, set(locked_periods(session)))

        self.ws.read(work, on_success=latest(self, self._show), parent=self)

    def _show(self, loaded: Loaded) -> None:
        keep = self.current()
        self.lines, self.locked = loaded.lines, loaded.locked
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(self.lines))
        total = assigned = 0
        for r, line in enumerate(self.lines):
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
                item = (
                    money_item((d.amount, d.assigned, d.unassigned)[c - 5])
                    if 5 <= c <= 7
                    else QTableWidgetItem(text)
                )
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, d.id)
                if c == 9 and line.note:
                    item.setToolTip(line.note)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.footer.setText(
            f"共 {len(self.lines)} 个文件　下达 {format_amount(total, MoneyUnit.WAN)} 万元　"
            f"已分配 {format_amount(assigned, MoneyUnit.WAN)} 万元　"
            "（预算执行时限按下达后工作日计算，节假日和调休已计入；回车或双击修改）"
        )
        if keep is not None:
            self.select_document(keep.id)
        self._selected()
        self.finish_loading()

    def current(self) -> DocumentRow | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        doc_id = item.data(Qt.ItemDataRole.UserRole)
        return next((ln.row for ln in self.lines if ln.row.id == doc_id), None)

    def select_document(self, doc_id: int) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == doc_id:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        doc = self.current()
        self._update_buttons()
        if doc is None:
            self.assignments = []
            self.assigned.setRowCount(0)
            self.assigned_title.setText("所选文件的资金分配（请在上方选择文件）")
            return
        actor = self.ws.actor
        self.ws.read(
            lambda s: asg.document_assignments(s, actor, doc.id),
            on_success=latest(self, lambda rows: self._show_assignments(doc, rows), "assigned"),
            parent=self,
        )

    def _show_assignments(self, doc: DocumentRow, rows: list[asg.AssignmentRow]) -> None:
        self.assignments = rows
        self.assigned.setSortingEnabled(False)
        self.assigned.setRowCount(len(rows))
        for r, a in enumerate(rows):
            cells = [
                a.project,
                a.town,
                a.assigned_on.isoformat(),
                format_amount(a.amount, MoneyUnit.WAN),
                format_amount(a.paid, MoneyUnit.WAN),
            ]
            for c, text in enumerate(cells):
                item = money_item((a.amount, a.paid)[c - 3]) if c >= 3 else QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, a.id)
                self.assigned.setItem(r, c, item)
        self.assigned.setSortingEnabled(True)
        self.assigned.resizeColumnsToContents()
        self.assigned_title.setText(
            f"{doc.doc_no} 的资金分配：{len(rows)} 个项目，"
            f"未分配 {format_amount(doc.unassigned, MoneyUnit.WAN)} 万元"
        )
        self._update_buttons()
        self.assignments_shown.emit()

    def current_assignment(self) -> asg.AssignmentRow | None:
        r = self.assigned.currentRow()
        item = self.assigned.item(r, 0) if r >= 0 else None
        if item is None or not self.assigned.selectionModel().hasSelection():
            return None
        aid = item.data(Qt.ItemDataRole.UserRole)
        return next((a for a in self.assignments if a.id == aid), None)

    # --- what may be done, and why not -----------------------------------------------------

    def _month_locked(self, day: date) -> str:
        if period_of(day) in self.locked:
            return f"{period_text(period_of(day))}的月报已报送，该月已锁定"
        return ""

    def _update_buttons(self) -> None:
        may = can(self.ws.actor, "funds.edit")
        doc, a = self.current(), self.current_assignment()

        def set_(button: QPushButton, why: str, tip: str) -> None:
            button.setEnabled(not why)
            button.setToolTip(why or tip)

        set_(self.new_button, "" if may else NO_EDIT, "登记一份资金下达文件（Ctrl+N）")
        doc_why = NO_EDIT if not may else ("请先选择文件" if doc is None else "")
        if not doc_why and doc is not None:
            doc_why = self._month_locked(doc.issued_on)
        set_(self.edit_button, doc_why, "修改所选文件（回车）")
        del_why = doc_why
        if not del_why and doc is not None and doc.assigned:
            del_why = "文件已分配到项目，请先删除其分配"
        set_(self.delete_button, del_why, "删除所选文件")
        assign_why = NO_EDIT if not may else ("请先选择文件" if doc is None else "")
        if not assign_why and doc is not None and doc.unassigned <= 0:
            assign_why = "该文件的资金已全部分配"
        set_(self.assign_button, assign_why, "把所选文件的资金分配到年度计划项目")
        a_why = NO_EDIT if not may else ("请先在下方选择一个分配" if a is None else "")
        if not a_why and a is not None:
            a_why = self._month_locked(a.assigned_on)
        set_(self.change_button, a_why, "修改所选分配的金额（回车）")
        un_why = a_why
        if not un_why and a is not None and a.paid:
            un_why = "该分配已有拨付记录，不能删除"
        set_(self.unassign_button, un_why, "删除所选分配")

    # --- actions ---------------------------------------------------------------------------

    def new_document(self) -> None:
        if not self.new_button.isEnabled():
            return
        dialog = DocumentDialog(parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: docs.create_document(s, actor, inp),
            on_saved=self._document_added,
        )

    def _document_added(self, doc_id: int) -> None:
        self.message.setText("文件已登记。下一步：点“分配到项目…”把资金分配到年度计划项目。")
        self.after_reload(lambda: (self.select_document(doc_id), self.assign_button.setFocus()))

    def after_reload(self, then) -> None:  # type: ignore[no-untyped-def]
        def once() -> None:
            self.data_loaded.disconnect(once)
            then()

        self.data_loaded.connect(once)
        self.reload()
        self.changed.emit()

    def edit_document(self) -> None:
        doc = self.current()
        if doc is None or not self.edit_button.isEnabled():
            return
        dialog = DocumentDialog(doc, parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: docs.update_document(s, actor, doc.id, doc.version, inp),
            on_saved=lambda _r: self._done("文件已修改。"),
        )

    def delete_document(self) -> None:
        doc = self.current()
        if doc is None or not self.delete_button.isEnabled():
            return
        if not prompts.confirm(
            self, "删除文件", f"删除资金下达文件“{doc.doc_no}”？删除后不可恢复。"
        ):
            return
        actor = self.ws.actor
        self.ws.write(
            lambda s: docs.delete_document(s, actor, doc.id),
            on_success=lambda _r: self._done(f"文件“{doc.doc_no}”已删除。"),
            parent=self,
        )

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.after_reload(lambda: None)

    def assign(self) -> None:
        doc = self.current()
        if doc is None or not self.assign_button.isEnabled():
            return
        actor = self.ws.actor
        self.ws.read(
            lambda s: asg.plan_choices(s, actor, doc.year),
            on_success=lambda plan: self._open_assign(doc, plan),
            parent=self,
        )

    def _open_assign(self, doc: DocumentRow, plan: list[asg.PlanChoice]) -> None:
        dialog = AssignDialog(doc, plan, parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: ledger.assign(s, actor, doc.id, v[0], v[1], v[2]),
            on_saved=lambda _id: self._done(
                "资金已分配。下一步：在“台账明细”中登记拨付（登记拨付/支出…）。"
            ),
        )

    def change_assignment(self) -> None:
        doc, a = self.current(), self.current_assignment()
        if doc is None or a is None or not self.change_button.isEnabled():
            return
        dialog = AssignDialog(doc, [], current=a, parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: ledger.change_assignment(s, actor, a.id, a.version, v[1]),
            on_saved=lambda _r: self._done("分配金额已修改。"),
        )

    def delete_assignment(self) -> None:
        a = self.current_assignment()
        if a is None or not self.unassign_button.isEnabled():
            return
        if not prompts.confirm(self, "删除分配", f"删除对“{a.project}”的资金分配？"):
            return
        actor = self.ws.actor
        self.ws.write(
            lambda s: asg.delete_assignment(s, actor, a.id, a.version),
            on_success=lambda _r: self._done(f"已删除对“{a.project}”的分配。"),
            parent=self,
        )
