"""干部名册: every posting (lazy list), filters, the task-46 warnings, and leave registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
from fpr_desktop.cadres.listing import (
    CadreChoices,
    RosterFilter,
    RosterSource,
    cadre_choices,
    roster_entry,
)
from fpr_desktop.cadres.roster import RosterWarning, roster_warnings
from ui.cadres.leave_dialog import LeaveDialog
from ui.common.files import ask_save_path
from ui.common.table_model import LazyTableModel
from ui.common.widgets import LazyPage, Workspace, compact_rows, hint_label, submit_dialog


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
        self.choices: CadreChoices | None = None
        self.model: LazyTableModel | None = None
        self.dialog: LeaveDialog | None = None
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
        self.town.blockSignals(True)
        self.town.clear()
        if len(found.towns) != 1:
            self.town.addItem("全部镇", None)
        for town_id, name in found.towns:
            self.town.addItem(name, town_id)
        self.town.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> RosterFilter:
        return RosterFilter(
            self.town.currentData(), None, self.active.isChecked(), self.text.text()
        )

    def apply_filter(self) -> None:
        if self.choices is None:
            return
        actor, flt = self.ws.actor, self.current_filter()
        self.footer.setText("正在查询…")

        def query(session: Session) -> Query:
            source = RosterSource(session, actor, flt)
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
        self.footer.setText(
            f"共 {t.count} 人次，其中第一书记 {t.sums['secretaries']} 人。"
            "选中一行按 Enter 或双击登记请假。身份证号只显示首尾四位。"
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

    def _update_buttons(self) -> None:
        may = self.choices is not None and self.choices.may_daily
        picked = self.current_id() is not None
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
