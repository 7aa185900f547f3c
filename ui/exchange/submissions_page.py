"""报送登记: per kind and period, which towns submitted, late or missing; every version; undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.submissions import register as register
from fpr_desktop.submissions.kinds import kinds
from fpr_desktop.submissions.register import SubmissionRow, TownStatus
from ui.common.widgets import LazyPage, Workspace, compact_rows
from ui.exchange import prompts

TOWN_COLUMNS = ("乡镇", "报送情况", "截止日期", "最近报送", "版本数")
SUB_COLUMNS = ("版本", "乡镇", "期间", "文件", "导入人", "导入时间", "新增", "更新", "跳过", "状态")
STATUS_COLOURS = {
    "on_time": "#1b5e20",
    "late": "#e65100",
    "overdue": "#b00020",
    "missing": "#616161",
}
ROW_ROLE = Qt.ItemDataRole.UserRole


def _table(columns: tuple[str, ...], stretch: int, parent: QWidget) -> QTableWidget:
    t = QTableWidget(0, len(columns), parent)
    t.setHorizontalHeaderLabels(list(columns))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    compact_rows(t)
    return t


def _item(text: object, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        item.setData(ROW_ROLE, data)
    if isinstance(text, int):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class SubmissionsPage(LazyPage):
    """The submission register; a town user sees their own town only."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("submission", "submission_item")
        self.kind = QComboBox(self)
        for k in kinds():
            self.kind.addItem(k.title, k.name)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.month = QSpinBox(self)
        self.month.setRange(1, 12)
        self.month.setValue(date.today().month)
        self.month.setSuffix(" 月")
        self.reload_button = QPushButton("刷新", self)
        self.import_button = QPushButton("导入…", self)
        self.undo_button = QPushButton("撤销所选导入…", self)
        self.save_button = QPushButton("另存原文件…", self)
        self.towns = _table(TOWN_COLUMNS, 3, self)
        self.submissions = _table(SUB_COLUMNS, 3, self)
        self.info = QLabel("", self)
        self.info.setObjectName("hintLabel")
        self.info.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("数据类型：", self))
        bar.addWidget(self.kind)
        bar.addWidget(self.year)
        bar.addWidget(self.month)
        bar.addWidget(self.reload_button)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("报送版本（选中乡镇时只列该镇）：", self))
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.undo_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(actions)
        lower_layout.addWidget(self.submissions, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.towns)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.info)
        self._rows: list[SubmissionRow] = []
        self._message = ""
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self.reload)
        self.month.valueChanged.connect(self.reload)
        self.reload_button.clicked.connect(self.reload)
        self.import_button.clicked.connect(self.open_import)
        self.towns.itemSelectionChanged.connect(self._show_versions)
        self.submissions.itemSelectionChanged.connect(self._update_buttons)
        self.undo_button.clicked.connect(self.undo_selected)
        self.save_button.clicked.connect(self.save_selected)
        self._kind_changed()
        self._update_buttons()

    # --- reading -----------------------------------------------------------------------------
    @property
    def kind_name(self) -> str:
        return str(self.kind.currentData())

    def _period(self) -> tuple[int | None, int | None]:
        period = next(k.period for k in kinds() if k.name == self.kind_name)
        year = self.year.value() if period in ("year", "month") else None
        return year, self.month.value() if period == "month" else None

    def _kind_changed(self) -> None:
        period = next(k.period for k in kinds() if k.name == self.kind_name)
        self.year.setVisible(period in ("year", "month"))
        self.month.setVisible(period == "month")
        # refused before the wizard opens: disabled, the reason as its tip (docs/screens.md)
        from ui.exchange.actions import import_refusal

        reason = import_refusal(self.ws.actor, self.kind_name)
        self.import_button.setEnabled(not reason)
        self.import_button.setToolTip(reason or "导入所选类型的报送表（先检查，全部无误才写入）")
        if self._loaded_once:
            self.reload()

    def reload(self) -> None:
        actor, kind = self.ws.actor, self.kind_name
        year, month = self._period()

        def load(session: Session) -> tuple[list[TownStatus], list[SubmissionRow]]:
            return (
                register.town_status(session, actor, kind, year, month),
                register.list_submissions(session, actor, kind=kind, year=year, month=month),
            )

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: tuple[list[TownStatus], list[SubmissionRow]]) -> None:
        statuses, rows = data
        self._rows = rows
        self.towns.setRowCount(len(statuses))
        for r, t in enumerate(statuses):
            latest = (
                t.latest.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M") if t.latest else ""
            )
            cells = [
                t.town_name,
                t.status_label,
                t.due.isoformat() if t.due else "—",
                latest,
                t.versions,
            ]
            for c, value in enumerate(cells):
                self.towns.setItem(r, c, _item(value, t if c == 0 else None))
            colour = QBrush(QColor(STATUS_COLOURS[t.status]))
            self.towns.item(r, 1).setForeground(colour)
        done = sum(1 for t in statuses if t.status in ("on_time", "late"))
        overdue = sum(1 for t in statuses if t.status == "overdue")
        text = f"共 {len(statuses)} 个乡镇：已报送 {done} 个，逾期未报 {overdue} 个。"
        self.info.setText(f"{self._message}　{text}" if self._message else text)
        self._message = ""
        self._show_versions()
        self.finish_loading()

    def selected_town(self) -> TownStatus | None:
        items = self.towns.selectedItems()
        if not items:
            return None
        status: TownStatus = self.towns.item(items[0].row(), 0).data(ROW_ROLE)
        return status

    def _show_versions(self) -> None:
        town = self.selected_town()
        rows = [s for s in self._rows if town is None or s.town_id == town.town_id]
        self.submissions.setRowCount(len(rows))
        for r, s in enumerate(rows):
            at = s.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
            cells = [
                s.version_label,
                s.town_name or "全县",
                s.period_label or "—",
                s.file_name,
                s.username,
                at,
                s.created,
                s.updated,
                s.unchanged,
                s.status_label,
            ]
            for c, value in enumerate(cells):
                self.submissions.setItem(r, c, _item(value, s if c == 0 else None))
            if s.status == "undone":
                for c in range(len(cells)):
                    self.submissions.item(r, c).setForeground(QBrush(QColor("#9e9e9e")))
        self._update_buttons()

    def selected_submission(self) -> SubmissionRow | None:
        items = self.submissions.selectedItems()
        if not items:
            return None
        row: SubmissionRow = self.submissions.item(items[0].row(), 0).data(ROW_ROLE)
        return row

    def _update_buttons(self) -> None:
        s = self.selected_submission()
        self.save_button.setEnabled(s is not None)
        reason = undo_refusal(s, can(self.ws.actor, "import"))
        self.undo_button.setEnabled(not reason)
        self.undo_button.setToolTip(reason or "撤销所选的这次导入（先询问）")

    # --- actions -----------------------------------------------------------------------------
    def open_import(self) -> None:
        from ui.exchange.actions import import_kind

        import_kind(self.ws, self, self.kind_name)

    def undo_selected(self) -> None:
        s = self.selected_submission()
        if s is None:
            return
        question = (
            f"撤销 {s.describe()} 的导入“{s.file_name}”？\n\n将删除这次新增的 {s.created} 条记录，"
            f"并把更新过的 {s.updated} 条恢复为导入前的内容。导入后又被修改过的记录不会被覆盖"
            "（那样将拒绝撤销）。"
        )
        if not prompts.confirm(self, "撤销导入", question):
            return
        actor = self.ws.actor

        def done(row: SubmissionRow) -> None:
            # shown once the register is read again (the change signal started that read)
            self._message = f"已撤销：{row.file_name}（{row.version_label}）。"

        self.ws.write(
            lambda session: register.undo_submission(session, actor, s.id),
            on_success=done,
            parent=self,
            progress_label="正在撤销导入…",
        )

    def save_selected(self) -> None:
        s = self.selected_submission()
        if s is None:
            return
        target = prompts.choose_save_file(self, "另存原文件", s.file_name)
        if not target:
            return
        actor = self.ws.actor

        def work(session: Session) -> Path:
            _name, data = register.submission_file(session, actor, s.id)
            path = Path(target)
            path.write_bytes(data)
            return path

        self.ws.read(
            work,
            on_success=lambda p: self.info.setText(f"已另存原文件：{p}"),
            parent=self,
        )


def undo_refusal(s: SubmissionRow | None, may_import: bool) -> str:
    """Why the selected submission cannot be undone ('' when it can), said before the click."""
    if not may_import:
        return "没有“导入数据”的权限，不能撤销导入"
    if s is None:
        return "请先在列表中选择一次导入"
    if s.status != "imported":
        return f"只有“已导入”的报送可以撤销（所选为“{s.status_label}”）"
    return ""
