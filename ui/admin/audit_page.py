"""系统管理 → 审计日志: the lazy, filtered audit trail with its row count and an Excel export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base import audit as audit_service
from fpr_desktop.base.audit import AuditFilter, AuditSource
from fpr_desktop.divisions.services import list_divisions
from ui.common.date_input import DateInput
from ui.common.files import ask_save_path
from ui.common.ops import OpContext
from ui.common.table_model import LazyTableModel
from ui.common.widgets import LazyPage, Workspace, compact_rows, text_width

#: Column widths in the source are pixels at a ~17 px line height; scaled to the actual font.
REFERENCE_LINE_HEIGHT = 17


@dataclass(frozen=True)
class FilterChoices:
    users: list[tuple[int, str]]
    tables: dict[str, str]
    divisions: list[tuple[int, str]]


@dataclass(frozen=True)
class Query:
    source: AuditSource
    count: int


class AuditPage(LazyPage):
    """Newest first; filters narrow it in SQL; read again each time the page is shown."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.model: LazyTableModel | None = None
        self.count: int | None = None
        self._choices_loaded = False
        self.date_from = DateInput(self, optional=True, placeholder="不限")
        self.date_to = DateInput(self, optional=True, placeholder="不限")
        self.user = QComboBox(self)
        self.table_name = QComboBox(self)
        self.division = QComboBox(self)
        for combo in (self.user, self.table_name, self.division):
            combo.addItem("全部", None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reset_button = QPushButton("清除条件", self)
        self.reload_button = QPushButton("刷新", self)
        self.export_button = QPushButton("导出 Excel…", self)
        self.count_label = QLabel("正在读取…", self)

        # Any change of a filter re-queries, once, shortly after the last change.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filter)
        for box in (self.date_from, self.date_to):
            box.day_changed.connect(self._debounce.start)
        for combo in (self.user, self.table_name, self.division):
            combo.currentIndexChanged.connect(self._debounce.start)
        self.reset_button.clicked.connect(self.clear_filter)
        self.reload_button.clicked.connect(self.apply_filter)
        self.export_button.clicked.connect(self._ask_export)

        bar = QHBoxLayout()
        for text, widget in (
            ("日期从", self.date_from),
            ("至", self.date_to),
            ("用户", self.user),
            ("数据表", self.table_name),
            ("区划", self.division),
        ):
            bar.addWidget(QLabel(text, self))
            bar.addWidget(widget)
        bar.addWidget(self.reset_button)
        bar.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.export_button)

        self.view = QTableView(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        compact_rows(self.view)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    # --- filter ----------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            date_from=self.date_from.day(),
            date_to=self.date_to.day(),
            user_id=self.user.currentData(),
            table_name=self.table_name.currentData(),
            division_id=self.division.currentData(),
        )

    def clear_filter(self) -> None:
        for box in (self.date_from, self.date_to):
            box.set_day(None)
        for combo in (self.user, self.table_name, self.division):
            combo.setCurrentIndex(0)

    def select_table(self, table_name: str) -> None:
        self.table_name.setCurrentIndex(self.table_name.findData(table_name))

    # --- reading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        again = self._choices_loaded
        super().showEvent(event)
        if again:
            self.apply_filter()  # new entries since last time

    def reload(self) -> None:
        actor = self.ws.actor

        def load(session: Session) -> FilterChoices:
            indent = {"county": "", "town": "　", "village": "　　"}
            divisions = [
                (d.id, indent[d.level] + d.name)
                for d in list_divisions(session, actor, include_inactive=True)
            ]
            tables = dict(sorted(audit_service.table_labels().items(), key=lambda kv: kv[1]))
            return FilterChoices(audit_service.audit_users(session, actor), tables, divisions)

        self.ws.read(load, on_success=self._fill_choices, parent=self)

    def _fill_choices(self, choices: FilterChoices) -> None:
        combos = (self.user, self.table_name, self.division)
        for combo in combos:
            combo.blockSignals(True)
        for user_id, name in choices.users:
            self.user.addItem(name, user_id)
        for table, label in choices.tables.items():
            self.table_name.addItem(label, table)
        for division_id, name in choices.divisions:
            self.division.addItem(name, division_id)
        for combo in combos:
            combo.blockSignals(False)
        self._choices_loaded = True
        self.apply_filter()

    def apply_filter(self) -> None:
        self._debounce.stop()
        actor, flt = self.ws.actor, self.current_filter()
        self.count_label.setText("正在查询…")

        def query(session: Session) -> Query:
            source = AuditSource(session, actor, flt)
            return Query(source, source.totals(session).count)

        self.ws.read(query, on_success=self._show, parent=self)

    def _show(self, result: Query) -> None:
        if self.model is None:
            self.model = LazyTableModel(self.ws.db.read, result.source, parent=self)
            self.model.load_failed.connect(lambda exc: self.ws.runner.show_error(exc, self))
            self.view.setModel(self.model)
            scale = self.fontMetrics().height() / REFERENCE_LINE_HEIGHT
            longest_table = max(
                (self.table_name.itemText(i) for i in range(1, self.table_name.count())),
                key=len,
                default="",
            )
            for i, column in enumerate(self.model.columns):
                width = int((column.width or 100) * scale)
                if column.key == "table":  # table names are known: never clip them
                    width = max(width, text_width(self.view, longest_table))
                self.view.setColumnWidth(i, max(width, text_width(self.view, column.title)))
        else:
            self.model.reset(result.source)
        self.count = result.count
        self.count_label.setText(f"共 {result.count:,} 条记录（最新的在前）")
        self.export_button.setEnabled(result.count > 0)
        self.finish_loading()

    # --- export ----------------------------------------------------------------------------

    def _ask_export(self) -> None:
        path = ask_save_path(self, "导出审计日志", f"审计日志-{date.today():%Y%m%d}.xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the rows the filter shows to `path` in the background (cancellable)."""
        db, actor, flt = self.ws.db, self.ws.actor, self.current_filter()

        def job(ctx: OpContext) -> int:
            def progress(done: int, total: int) -> None:
                ctx.check_cancelled()
                ctx.progress(done, total, f"正在导出审计日志：{done:,} / {total:,} 条")

            with db.read() as session:
                return audit_service.export_audit(session, actor, flt, path, progress=progress)

        self.ws.run(
            job,
            on_success=lambda n: self._exported(path, n),
            parent=self,
            progress_label="正在导出审计日志…",
            cancellable=True,
        )

    def _exported(self, path: Path, rows: int) -> None:
        self.count_label.setText(f"已导出 {rows:,} 条记录到 {path}")
        text = f"已导出 {rows:,} 条记录到：\n{path}"
        box = QMessageBox(QMessageBox.Icon.Information, "导出完成", text)
        box.setParent(self, box.windowFlags())
        box.finished.connect(box.deleteLater)
        box.open()
