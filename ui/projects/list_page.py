"""项目库 → 项目列表: the lazy, filtered project list with totals, 办理 menu and the dialogs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.changes import Changes
from fpr_desktop.base.paging import Totals
from fpr_desktop.base.registry import module
from fpr_desktop.projects.listing import ProjectFilter, ProjectSource
from fpr_desktop.projects.status import Status
from fpr_desktop.projects.views import ProjectChoices, project_choices
from ui.common.files import ask_save_path
from ui.common.money import MoneyFormat
from ui.common.ops import OpContext
from ui.common.table_model import LazyTableModel
from ui.common.widgets import LazyPage, Workspace, compact_rows, text_width
from ui.exchange.actions import guard_import, import_kind, save_template
from ui.projects.actions import ProjectActions
from ui.projects.detail_dialog import ProjectDialog
from ui.projects.filter_bar import ProjectFilterBar
from ui.projects.tables import PROJECT_TABLES


def notice_kind_labels() -> list[tuple[str, str]]:
    """Notice kinds a project list offers under 生成公告公示…, in life-cycle order."""
    projects = module("projects")
    assert projects is not None
    return [(k.kind, k.label) for k in projects.notice_kinds]


NOTICE_BUTTON = "生成公告公示…"
EXPORT_TIP = "按所选年度和镇导出项目库（官方格式 Excel，金额单位万元）"
WARNING_RED = QColor("#b00020")
#: Column widths in the source are pixels at a ~17 px line height; scaled to the actual font.
REFERENCE_LINE_HEIGHT = 17


@dataclass(frozen=True)
class Query:
    source: ProjectSource
    totals: Totals


def totals_text(totals: Totals) -> str:
    fmt = MoneyFormat.current()
    total = fmt.with_unit(totals.sums.get("total_investment"))
    fiscal = fmt.with_unit(totals.sums.get("fiscal_funds"))
    return f"共 {totals.count:,} 个项目　总投资 {total}　财政资金 {fiscal}"


class WarningDelegate(QStyledItemDelegate):
    """Shows a column's text in red (the 提示 column: 验收逾期)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.palette.setColor(QPalette.ColorRole.Text, WARNING_RED)  # type: ignore[attr-defined]
        option.palette.setColor(  # type: ignore[attr-defined]
            QPalette.ColorRole.HighlightedText, WARNING_RED
        )


class ProjectListPage(LazyPage):
    """Newest year first; every filter change builds a new source and resets the model."""

    #: The list (and its footer totals) is up to date with the filter.
    list_refreshed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.choices: ProjectChoices | None = None
        self.model: LazyTableModel | None = None
        self.totals: Totals | None = None
        self.dialog: ProjectDialog | None = None
        self._select_after: int | None = None
        self.bar = ProjectFilterBar(self)
        self.bar.filter_changed.connect(self.apply_filter)
        self.project_actions = ProjectActions(ws, self)
        self.project_actions.project_changed.connect(self.refresh)  # a stale edit was refused
        self.project_actions.message_posted.connect(self._post)
        self.watch(*PROJECT_TABLES)

        self.new_button = QPushButton("新增项目", self)
        self.open_button = QPushButton("打开", self)
        self.step_button = QPushButton("办理", self)
        self.step_button.setMenu(self.project_actions.menu)
        # 公示 and 公告 kinds both: the umbrella word (docs/glossary.md)
        self.notice_button = QPushButton(NOTICE_BUTTON, self)
        self.notice_button.setToolTip("为所选项目生成公示或公告，预览后登记到公告公示登记簿")
        self.notice_menu = QMenu(self.notice_button)
        for kind, label in notice_kind_labels():
            action = self.notice_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, k=kind: self.open_notice(k))
        self.notice_button.setMenu(self.notice_menu)
        self.import_button = QPushButton("导入…", self)
        self.import_button.setToolTip("导入镇级报送的项目申报表（先检查，全部无误才写入）")
        self.import_button.clicked.connect(lambda: import_kind(self.ws, self, "projects"))
        guard_import(self.import_button, ws.actor, "projects")
        self.template_button = QPushButton("下载模板…", self)
        self.template_button.clicked.connect(lambda: save_template(self.ws, self, "projects"))
        self.export_button = QPushButton("导出…", self)
        self.export_button.setToolTip(EXPORT_TIP)
        self.export_button.clicked.connect(self._ask_export)
        self.reload_button = QPushButton("刷新", self)
        self.new_button.clicked.connect(self.new_project)
        self.open_button.clicked.connect(self.open_selected)
        self.reload_button.clicked.connect(self.apply_filter)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.step_button, self.notice_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (
            self.import_button,
            self.template_button,
            self.export_button,
            self.reload_button,
        ):
            buttons.addWidget(button)

        self.view = QTableView(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        compact_rows(self.view)
        # Enter or a double-click opens the row (docs/screens.md, rule 3)
        self.view.activated.connect(lambda index: self.open_project(self._id_at(index.row())))
        self.footer = QLabel("正在读取…", self)
        self.footer.setObjectName("valueLabel")
        # the last thing done, kept until the next (the note itself was a message box)
        self.message = QLabel("", self)
        self.message.setObjectName("valueLabel")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.footer)
        bottom.addStretch(1)
        bottom.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.ws.actor
        self.ws.read(lambda s: project_choices(s, actor), on_success=self._got_choices, parent=self)

    def _got_choices(self, found: ProjectChoices) -> None:
        self.choices = found
        self.bar.set_choices(found)
        self.new_button.setEnabled(found.may_edit)
        if not found.may_edit:
            self.new_button.setToolTip("当前用户没有“维护项目库”的权限。")
        self.apply_filter()

    def current_filter(self) -> ProjectFilter:
        return self.bar.current_filter()

    def apply_filter(self) -> None:
        """Build a source for the current filter and count it, in the background."""
        if self.choices is None:
            return
        actor, flt = self.ws.actor, self.current_filter()
        self.footer.setText("正在查询…")
        if self._select_after is None:
            self._select_after = self.current_id()  # kept selected if still in the list

        def query(session: Session) -> Query:
            source = ProjectSource(session, actor, flt)
            return Query(source, source.totals(session))

        self.ws.read(query, on_success=self._show, parent=self)

    def _show(self, result: Query) -> None:
        if self.model is None:
            self.model = LazyTableModel(self.ws.db.read, result.source, parent=self)
            self.model.load_failed.connect(lambda exc: self.ws.runner.show_error(exc, self))
            self.view.setModel(self.model)
            self.view.selectionModel().selectionChanged.connect(self._selection_changed)
            self._size_columns()
        else:
            self.model.reset(result.source)
        self._show_totals(result.totals)
        if not self._reselect():
            self._selection_changed()
        self.finish_loading()

    def _size_columns(self) -> None:
        assert self.model is not None
        scale = self.fontMetrics().height() / REFERENCE_LINE_HEIGHT
        # Columns of known values are made wide enough for the longest one: never clipped.
        known = {
            "status": [s.label for s in Status],
            "category": [c.name for c in self.choices.categories] if self.choices else [],
            "flag": ["验收逾期"],
        }
        header = self.view.horizontalHeader()
        for i, column in enumerate(self.model.columns):
            width = max(int((column.width or 100) * scale), text_width(self.view, column.title))
            for value in known.get(column.key, ()):
                width = max(width, text_width(self.view, value))
            self.view.setColumnWidth(i, width)
            if column.key == "name":
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            if column.key == "flag":
                self.view.setItemDelegateForColumn(i, WarningDelegate(self.view))

    def _show_totals(self, totals: Totals) -> None:
        self.totals = totals
        self.footer.setText(totals_text(totals))
        self.list_refreshed.emit()

    def refresh(self, project_id: int | None = None) -> None:
        """Read the list again after a change (same filter), keeping `project_id` selected."""
        if self.model is None:
            return
        self._select_after = project_id if project_id is not None else self.current_id()
        self.model.reset()
        if not self._reselect():
            self._selection_changed()
        model = self.model

        def count(_ctx: OpContext) -> Totals:
            return model.totals()

        self.ws.run(count, on_success=self._show_totals, parent=self)

    def _reselect(self) -> bool:
        """Select the remembered project again after a reset; False if it is not listed."""
        wanted, self._select_after = self._select_after, None
        if wanted is None or self.model is None:
            return False
        row = self.model.row_of_id(wanted)
        if row is None:
            return False
        self.view.selectRow(row)  # emits selectionChanged: the 办理 menu is read again
        self.view.scrollTo(self.model.index(row, 0))
        return True

    # --- selection -------------------------------------------------------------------------

    def _id_at(self, row: int) -> int | None:
        if self.model is None or not 0 <= row < self.model.rowCount():
            return None
        return self.model.row_id(row)

    def selected_ids(self) -> list[int]:
        if self.model is None:
            return []
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [pid for pid in (self._id_at(r) for r in rows) if pid is not None]

    def current_id(self) -> int | None:
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def select_id(self, project_id: int) -> bool:
        row = self.model.row_of_id(project_id) if self.model else None
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def _selection_changed(self) -> None:
        self.project_actions.load(self.current_id())
        self._update_buttons()

    def _update_buttons(self) -> None:
        one = self.current_id() is not None
        self.open_button.setEnabled(one)
        self.step_button.setEnabled(one)
        self.notice_button.setEnabled(bool(self.selected_ids()))

    def _post(self, text: str) -> None:
        self.message.setText(text)

    # --- dialogs ---------------------------------------------------------------------------

    def new_project(self) -> None:
        self.open_project(None)

    def open_selected(self) -> None:
        if (project_id := self.current_id()) is not None:
            self.open_project(project_id)

    def open_project(self, project_id: int | None) -> ProjectDialog | None:
        """Open the project dialog (None: a new proposal)."""
        if self.choices is None:
            return None
        dialog = ProjectDialog(self.ws, self.choices, project_id, self)
        dialog.project_saved.connect(self._saved)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: ProjectDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, project_id: int) -> None:
        # the list was already refreshed by the change signal; select the saved project in it
        self._post("项目已保存。")
        self.project_actions.tell("项目已保存。")
        self._select_after = project_id
        self._reselect()

    def data_changed(self, changes: Changes) -> None:
        self.refresh()

    def open_notice(self, kind: str) -> None:
        ids = self.selected_ids()
        if ids:
            from ui.notices.actions import open_notice_for_projects

            open_notice_for_projects(self.ws, self, kind, ids)

    # --- export ----------------------------------------------------------------------------

    def _exported(self, text: str) -> None:
        self._post(text)
        self.project_actions.tell(text)

    def _ask_export(self) -> None:
        flt = self.current_filter()
        year = f"{flt.year}年" if flt.year else "全部年度"
        town = self.bar.town.currentText() if flt.town_id is not None else "全县"
        path = ask_save_path(self, "导出项目库", f"项目库-{town}-{year}.xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the projects of the chosen year and town to `path` (cancellable)."""
        db, actor = self.ws.db, self.ws.actor
        flt = self.current_filter()

        def job(ctx: OpContext) -> int:
            def progress(done: int) -> None:
                ctx.check_cancelled()
                ctx.progress(done, None, f"正在导出项目：{done:,} 个")

            from fpr_desktop.submissions.files import export_kind

            with db.read() as session:
                return export_kind(
                    session,
                    actor,
                    "projects",
                    path,
                    year=flt.year,
                    town_id=flt.town_id,
                    progress=progress,
                )

        self.ws.run(
            job,
            on_success=lambda rows: self._exported(f"已导出 {rows:,} 个项目到 {path}"),
            parent=self,
            progress_label="正在导出项目库…",
            cancellable=True,
        )
