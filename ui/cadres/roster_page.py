"""干部名册: every posting (lazy list, headers sort in SQL), filters, the task-46 warnings; new
units, cadres and postings, departures with replacement, leave registration, the record sheet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.paging import Totals
from fpr_desktop.base.settings import get_value
from fpr_desktop.cadres import documents as docs
from fpr_desktop.cadres import leave as leave_service
from fpr_desktop.cadres import roster as roster_service
from fpr_desktop.cadres.listing import (
    ROSTER_COLUMNS,
    UNSORTABLE,
    CadreChoices,
    RosterEntry,
    RosterFilter,
    RosterSort,
    RosterSource,
    cadre_choices,
    roster_entry,
)
from fpr_desktop.cadres.posting import PostingContext, posting_context
from fpr_desktop.cadres.roster import RosterWarning, roster_warnings
from ui.cadres.cells import fill_towns
from ui.cadres.leave_dialog import LeaveDialog
from ui.cadres.people_forms import CadreDialog, UnitDialog
from ui.cadres.posting_form import AssignmentDialog, EndAssignmentDialog
from ui.common.files import ask_save_path
from ui.common.table_model import LazyTableModel
from ui.common.widgets import (
    FormDialog,
    LazyPage,
    Workspace,
    compact_rows,
    hint_label,
    submit_dialog,
)

NO_EDIT = "当前用户没有“维护驻村干部”的权限。"


@dataclass(frozen=True)
class Query:
    source: RosterSource
    totals: Totals
    warnings: list[RosterWarning]


class RosterPage(LazyPage):
    #: A leave was registered (the message shown under the list).
    leave_saved = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("cadre", "cadre_assignment", "dispatch_unit")
        self.notice = ""  # what the last step did, kept over the reload it causes
        self.choices: CadreChoices | None = None
        self.model: LazyTableModel | None = None
        self.dialog: FormDialog | None = None
        self.sort: RosterSort | None = None
        self.town = QComboBox(self)
        self.town.addItem("全部镇", None)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("按姓名查找")
        self.text.setClearButtonEnabled(True)
        self.active = QCheckBox("只看在岗", self)
        self.active.setChecked(True)
        self.town.currentIndexChanged.connect(self.apply_filter)
        self.text.returnPressed.connect(self.apply_filter)
        self.active.toggled.connect(self.apply_filter)
        self.new_button = QPushButton("新增", self)
        menu = QMenu(self.new_button)
        self.new_unit_action = menu.addAction("派出单位…", self.open_unit)
        self.new_cadre_action = menu.addAction("驻村干部…", self.open_cadre)
        self.assign_action = menu.addAction("选派（任职）…", self.open_assign)
        self.new_button.setMenu(menu)
        self.end_button = QPushButton("离任/轮换…", self)
        self.end_button.setToolTip("登记召回、轮换或期满，可同时选派接替人员；任职记录不删除")
        self.end_button.clicked.connect(self.open_end)
        self.leave_button = QPushButton("请假登记…", self)
        self.leave_button.clicked.connect(self.open_leave)
        self.sheet_button = QPushButton("档案表…", self)
        self.sheet_button.setToolTip("选中干部的一页档案表（PDF）")
        self.sheet_button.clicked.connect(self.save_sheet)
        self.reload_button = QPushButton("刷新", self)
        self.reload_button.clicked.connect(self.apply_filter)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("镇", self))
        bar.addWidget(self.town)
        bar.addWidget(self.text, 1)
        bar.addWidget(self.active)
        bar.addWidget(self.new_button)
        bar.addWidget(self.end_button)
        bar.addWidget(self.leave_button)
        bar.addWidget(self.sheet_button)
        bar.addWidget(self.reload_button)
        self.warnings = hint_label(self)
        self.warnings.setObjectName("warningLabel")
        self.view = QTableView(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        compact_rows(self.view)
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.view.activated.connect(lambda _i: self.open_leave())  # Enter or double-click
        self.footer = hint_label(self)
        self.footer.setText("正在读取…")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.warnings)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.footer)
        self.leave_saved.connect(self.footer.setText)
        self._update_buttons()

    def reload(self) -> None:
        actor = self.ws.actor
        self.ws.read(lambda s: cadre_choices(s, actor), on_success=self._got_choices, parent=self)

    def _got_choices(self, found: CadreChoices) -> None:
        self.choices = found
        fill_towns(self.town, found.towns, "全部镇")
        self.apply_filter()

    def current_filter(self) -> RosterFilter:
        return RosterFilter(
            self.town.currentData(), None, self.active.isChecked(), self.text.text()
        )

    def apply_filter(self) -> None:
        if self.choices is None:
            return
        actor, flt, sort = self.ws.actor, self.current_filter(), self.sort
        self.footer.setText(self.notice or "正在查询…")

        def query(session: Session) -> Query:
            source = RosterSource(session, actor, flt, sort)
            return Query(
                source, source.totals(session), roster_warnings(session, actor, date.today())
            )

        self.ws.read(query, on_success=self._show, parent=self)

    def _show(self, result: Query) -> None:
        if self.model is None:
            self.model = LazyTableModel(self.ws.db.read, result.source, parent=self)
            self.model.load_failed.connect(lambda exc: self.ws.runner.show_error(exc, self))
            self.view.setModel(self.model)
            self.view.selectionModel().selectionChanged.connect(self._update_buttons)
            for i, col in enumerate(result.source.columns):
                if col.width:
                    self.view.setColumnWidth(i, int(col.width * 1.2))
        else:
            self.model.reset(result.source)
        t = result.totals
        notice, self.notice = self.notice, ""
        self.footer.setText(
            (notice + " " if notice else "")
            + f"共 {t.count} 人次，其中第一书记 {t.sums['secretaries']} 人。"
            "点击列标题排序；选中一行按 Enter 或双击登记请假。身份证号只显示首尾四位。"
        )
        w = result.warnings
        self.warnings.setText(
            f"提醒 {len(w)} 条："
            + "；".join(x.text.rstrip("。") for x in w[:4])
            + ("……" if len(w) > 4 else "")
            if w
            else "没有需要提醒的事项。"
        )
        self.warnings.setToolTip("\n".join(x.text for x in w))
        self._update_buttons()
        self.finish_loading()

    def current_id(self) -> int | None:
        if self.model is None:
            return None
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        key = ROSTER_COLUMNS[column].key if 0 <= column < len(ROSTER_COLUMNS) else ""
        if key in UNSORTABLE or not key:
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            if self.sort is None:
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            else:
                keys = [c.key for c in ROSTER_COLUMNS]
                down = Qt.SortOrder.DescendingOrder
                up = Qt.SortOrder.AscendingOrder
                header.setSortIndicator(
                    keys.index(self.sort.key), down if self.sort.descending else up
                )
            header.blockSignals(False)
            self.footer.setText("身份证号不参与排序。")
            return
        self.sort = RosterSort(key, order == Qt.SortOrder.DescendingOrder)
        self.apply_filter()

    def _update_buttons(self) -> None:
        may = self.choices is not None and self.choices.may_daily
        may_edit = self.choices is not None and self.choices.may_edit
        picked = self.current_id() is not None
        self.new_button.setEnabled(may_edit)
        self.new_button.setToolTip("" if may_edit else NO_EDIT)
        self.end_button.setEnabled(may_edit and picked)
        self.end_button.setToolTip(
            NO_EDIT
            if not may_edit
            else "登记召回、轮换或期满，可同时选派接替人员；任职记录不删除"
            if picked
            else "请先在名册中选中一条在岗任职。"
        )
        self.leave_button.setEnabled(may and picked)
        self.sheet_button.setEnabled(picked)
        self.leave_button.setToolTip(
            "当前用户没有“登记驻村考勤、请销假和走访”的权限。"
            if not may
            else ""
            if picked
            else "请先在名册中选中一名在岗干部。"
        )

    def select_row(self, row: int) -> None:
        assert self.model is not None
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, 0, QModelIndex()))

    def open_leave(self) -> None:
        assignment_id = self.current_id()
        if assignment_id is None or not self.leave_button.isEnabled():
            return
        actor = self.ws.actor

        def load(session: Session) -> tuple[int, str, int, bool]:
            e = roster_entry(session, actor, assignment_id)
            days = int(get_value(session, "cadres.leave_county_threshold_days"))
            return e.cadre_id, f"{e.village}{e.role}{e.name}", days, e.ended

        self.ws.read(load, on_success=self._show_leave, parent=self)

    def _show_leave(self, found: tuple[int, str, int, bool]) -> None:
        cadre_id, who, days, ended = found
        if ended:
            self.footer.setText(f"{who}已离任，不能再登记请假。")
            return
        self.dialog = LeaveDialog(cadre_id, who, days, self)
        dialog, actor = self.dialog, self.ws.actor
        dialog.save_requested.connect(
            lambda: submit_dialog(
                self.ws,
                dialog,
                lambda s: leave_service.request_leave(s, actor, dialog.value()),
                on_saved=lambda row: self.leave_saved.emit(
                    f"已登记{who}{row.leave_type}{row.days}天，待{row.approver}审批。"
                ),
                on_conflict=self.apply_filter,
            )
        )
        dialog.open()

    def save_sheet(self) -> None:
        assignment_id = self.current_id()
        if assignment_id is None:
            return
        assert self.model is not None
        name = str(self.model.index(self.view.currentIndex().row(), 0).data())
        path = ask_save_path(self, "保存驻村干部档案表", f"{name}档案表.pdf")
        if path is None:
            return
        actor = self.ws.actor

        def work(session: Session) -> str:
            cadre_id = roster_entry(session, actor, assignment_id).cadre_id
            path.write_bytes(docs.record_sheet_pdf(session, actor, cadre_id, date.today()))
            return f"已保存：{path}"

        self.ws.read(work, on_success=self.footer.setText, parent=self, progress_label="正在生成…")

    # --- units, cadres, postings ----------------------------------------------------------

    def _tell(self, text: str) -> None:
        self.notice = text
        self.footer.setText(text)

    def _with_context(self, then: Callable[[PostingContext], None]) -> None:
        actor = self.ws.actor
        self.ws.read(
            lambda s: posting_context(s, actor, date.today()), on_success=then, parent=self
        )

    def open_unit(self) -> None:
        def show(ctx: PostingContext) -> None:
            actor = self.ws.actor
            dialog = UnitDialog(ctx.units, self)
            self.open_form(
                dialog,
                lambda: (dialog.name.text(), dialog.level.currentText()),
                lambda s, v: roster_service.add_unit(s, actor, *v),
                on_saved=lambda _i: self._tell(
                    f"已新增派出单位“{dialog.name.text().strip()}”。下一步：新增驻村干部。"
                ),
            )

        self._with_context(show)

    def open_cadre(self) -> None:
        def show(ctx: PostingContext) -> None:
            if not ctx.units:
                self.footer.setText("还没有派出单位：请先点“新增 → 派出单位…”。")
                return
            actor = self.ws.actor
            dialog = CadreDialog(ctx.units, parent=self)
            self.open_form(
                dialog,
                dialog.value,
                lambda s, v: roster_service.add_cadre(s, actor, v),
                on_saved=lambda _i: self._tell(
                    f"已新增驻村干部{dialog.name.text().strip()}。下一步：“新增 → 选派（任职）…”。"
                ),
            )

        self._with_context(show)

    def open_assign(self) -> None:
        def show(ctx: PostingContext) -> None:
            actor = self.ws.actor
            dialog = AssignmentDialog(ctx, parent=self)
            self.open_form(
                dialog,
                dialog.value,
                lambda s, v: roster_service.assign(s, actor, v),
                on_saved=lambda _i: self._tell(
                    "已选派。"
                    + dialog.posting.warnings.text()
                    .replace("提醒（可以保存）：\n", "请注意：")
                    .replace("\n", " ")
                ),
            )

        self._with_context(show)

    def open_end(self) -> None:
        assignment_id = self.current_id()
        if assignment_id is None or not self.end_button.isEnabled():
            return
        actor = self.ws.actor

        def load(session: Session) -> tuple[RosterEntry, PostingContext]:
            return roster_entry(session, actor, assignment_id), posting_context(
                session, actor, date.today()
            )

        self.ws.read(load, on_success=self._show_end, parent=self)

    def _show_end(self, found: tuple[RosterEntry, PostingContext]) -> None:
        entry, ctx = found
        if entry.ended:
            self.footer.setText(f"{entry.village}{entry.role}{entry.name}已离任，记录保留。")
            return
        actor = self.ws.actor
        dialog = EndAssignmentDialog(entry, ctx, self)
        who = f"{entry.village}{entry.role}{entry.name}"

        def values() -> tuple[date, str, str, roster_service.AssignmentInput | None]:
            return (
                dialog.ended(),
                dialog.reason.currentText(),
                dialog.note.toPlainText(),
                dialog.replacement(),
            )

        self.open_form(
            dialog,
            values,
            lambda s, v: roster_service.end_assignment(
                s,
                actor,
                entry.assignment_id,
                entry.version,
                ended_on=v[0],
                reason=v[1],
                note=v[2],
                replacement=v[3],
            ),
            on_saved=lambda new_id: self._tell(
                f"已登记{who}{dialog.reason.currentText()}，任职记录保留"
                + ("，接替人员已选派。" if new_id else "。")
            ),
        )
