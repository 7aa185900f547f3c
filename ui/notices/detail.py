"""One registered notice: window, where posted, projects covered, status; objections (add and
resolve), photos or scans of the posted notice, and the PDF regenerated for preview."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.permissions import can
from fpr_desktop.notices import register as reg
from fpr_desktop.notices.register import NoticeRow, ObjectionRow, notice_number
from fpr_desktop.projects.notices import build as nb
from ui.common.screen_fit import fit_to_screen
from ui.common.widgets import Workspace, compact_rows, submit_dialog, text_width
from ui.notices.forms import ObjectionDialog, ResolveDialog

OBJECTION_COLUMNS = ("收到日期", "异议内容", "反映人", "经办人", "处理结果", "答复日期", "状态")
OBJECTION_SAMPLES = ("0000-00-00", "", "反映人姓名", "经办人", "", "0000-00-00", "待处理")
WINDOW_KINDS = {"natural": "自然日", "working": "工作日"}
FILE_FILTER = "照片或扫描件 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.pdf);;所有文件 (*)"


@dataclass(frozen=True)
class DetailData:
    row: NoticeRow
    projects: list[tuple[int, str, str]]


class NoticeDetailDialog(QDialog):
    """Read in the background; every change is one transaction, then the dialog reads again."""

    #: Fresh data is on screen.
    data_loaded = Signal()

    def __init__(self, ws: Workspace, notice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.notice_id = notice_id
        self.data: DetailData | None = None
        self.form_dialog: ObjectionDialog | ResolveDialog | None = None
        self.setWindowTitle("公告公示详情")
        self.title = QLabel("正在读取…", self)
        self.title.setObjectName("sectionLabel")
        self.title.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setObjectName("valueLabel")
        self.fields = {
            k: QLabel("", self)
            for k in ("number", "doc_number", "kind", "place", "window", "posted", "issuer")
        }
        info = QFormLayout()
        info.addRow("状态：", self.status)
        for key, label in (
            ("number", "编号："),
            ("doc_number", "文号："),
            ("kind", "类型："),
            ("place", "公示地点："),
            ("window", "公示期："),
            ("posted", "张贴位置："),
            ("issuer", "发布单位及日期："),
        ):
            self.fields[key].setWordWrap(True)
            info.addRow(label, self.fields[key])

        self.projects = QListWidget(self)
        self.objections = QTableWidget(0, len(OBJECTION_COLUMNS), self)
        self.objections.setHorizontalHeaderLabels(list(OBJECTION_COLUMNS))
        self.objections.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.objections.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.objections.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        compact_rows(self.objections)
        header = self.objections.horizontalHeader()
        for col, sample in enumerate(OBJECTION_SAMPLES):
            if sample:
                self.objections.setColumnWidth(col, text_width(self.objections, sample))
            else:  # the texts: content and result share what is left
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.objections.setMinimumHeight(self.fontMetrics().height() * 9)
        self.objections.itemSelectionChanged.connect(self._update_buttons)
        self.add_objection_button = QPushButton("登记异议…", self)
        self.resolve_button = QPushButton("处理所选异议…", self)
        self.files = QListWidget(self)
        self.attach_button = QPushButton("添加照片或扫描件…", self)
        self.preview_button = QPushButton("预览公告（按登记内容重新生成）", self)
        self.add_objection_button.clicked.connect(self.add_objection)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.attach_button.clicked.connect(self._ask_attach)
        self.preview_button.clicked.connect(self.preview)
        editable = can(ws.actor, "notices.edit")
        for button in (self.add_objection_button, self.resolve_button, self.attach_button):
            button.setVisible(editable)

        covered = QGroupBox("公示对象", self)
        QVBoxLayout(covered).addWidget(self.projects)
        objections = QGroupBox("异议登记", self)
        obj_layout = QVBoxLayout(objections)
        obj_layout.addWidget(self.objections)
        obj_buttons = QHBoxLayout()
        obj_buttons.addWidget(self.add_objection_button)
        obj_buttons.addWidget(self.resolve_button)
        obj_buttons.addStretch(1)
        obj_layout.addLayout(obj_buttons)
        files = QGroupBox("公示照片 / 扫描件", self)
        files_layout = QHBoxLayout(files)
        files_layout.addWidget(self.files, 1)
        files_layout.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.preview_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(info)
        layout.addWidget(covered, 1)
        layout.addWidget(objections, 3)
        layout.addWidget(files)
        layout.addLayout(bottom)
        fit_to_screen(self, text_width(self, "字" * 64), self.fontMetrics().height() * 44)
        self._update_buttons()
        self.reload()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor, notice_id = self.ws.actor, self.notice_id

        def load(session: Session) -> DetailData:
            row = reg.get_notice(session, actor, notice_id)
            return DetailData(row, nb.covered_projects(session, actor, row))

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: DetailData) -> None:
        self.data = data
        r = data.row
        self.title.setText(r.title)
        self.status.setText(r.status)
        self.fields["kind"].setText(r.kind_label)
        self.fields["place"].setText(f"{r.level_label}（{r.division_name}）")
        days = (r.window_end - r.window_start).days + 1
        self.fields["window"].setText(
            f"{r.window_start:%Y-%m-%d} 至 {r.window_end:%Y-%m-%d}"
            f"（共 {days} 天，按{WINDOW_KINDS.get(r.window_kind, r.window_kind)}计算）"
        )
        self.fields["posted"].setText(r.posted_at or "（未填写）")
        self.fields["number"].setText(notice_number(r.year, r.id))
        self.fields["doc_number"].setText(r.doc_number or "（无文号）")
        issuer = r.issuer.strip() or "（登记时未填写发布单位）"
        self.fields["issuer"].setText(f"{issuer}　{r.issued_on:%Y-%m-%d} 发布")
        self.projects.clear()
        for _pid, name, status in data.projects:
            self.projects.addItem(f"{name}（{status}）")
        self.objections.setRowCount(len(r.objections))
        for i, o in enumerate(r.objections):
            values = (
                o.received_on.isoformat() + ("（期满后收到）" if o.late else ""),
                o.content,
                o.contact,
                o.handler,
                o.result,
                o.replied_on.isoformat() if o.replied_on else "",
                "已处理" if o.resolved else "待处理",
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.objections.setItem(i, c, item)
        self.files.clear()
        for _fid, name in r.attachments:
            self.files.addItem(name)
        self._update_buttons()
        self.data_loaded.emit()

    def selected_objection(self) -> ObjectionRow | None:
        rows = self.objections.selectionModel().selectedRows()
        if self.data is None or not rows:
            return None
        return self.data.row.objections[rows[0].row()]

    def _update_buttons(self) -> None:
        loaded = self.data is not None
        o = self.selected_objection()
        self.add_objection_button.setEnabled(loaded)
        self.attach_button.setEnabled(loaded)
        self.preview_button.setEnabled(loaded)
        self.resolve_button.setEnabled(o is not None and not o.resolved)

    # --- changes ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self.reload()  # the lists showing this notice refresh on the app-wide change signal

    def _open_form(self, dialog: ObjectionDialog | ResolveDialog) -> None:
        self.form_dialog = dialog
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def add_objection(self) -> None:
        if self.data is None:
            return
        actor, notice_id = self.ws.actor, self.notice_id
        dialog = ObjectionDialog(self, window_start=self.data.row.window_start)

        def save() -> None:
            v = dialog.values()
            submit_dialog(
                self.ws,
                dialog,
                lambda s: reg.add_objection(
                    s,
                    actor,
                    notice_id,
                    received_on=v.received_on,
                    content=v.content,
                    contact=v.contact,
                    handler=v.handler,
                ),
                on_saved=lambda _row: self._changed(),
                on_conflict=self.reload,
            )

        dialog.save_requested.connect(save)
        self._open_form(dialog)

    def resolve_selected(self) -> None:
        o = self.selected_objection()
        if o is None or o.resolved:
            return
        actor = self.ws.actor
        dialog = ResolveDialog(self, objection=o)

        def save() -> None:
            result, replied_on, handler = dialog.values()
            submit_dialog(
                self.ws,
                dialog,
                lambda s: reg.resolve_objection(
                    s, actor, o.id, o.version, result=result, replied_on=replied_on, handler=handler
                ),
                on_saved=lambda _row: self._changed(),
                on_conflict=self.reload,
            )

        dialog.save_requested.connect(save)
        self._open_form(dialog)

    def _ask_attach(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "添加公示照片或扫描件", "", FILE_FILTER)
        if name:
            self.attach_path(Path(name))

    def attach_path(self, path: Path) -> None:
        """Keep a photo or scan of the posted notice (the file is read in the background)."""
        actor, notice_id = self.ws.actor, self.notice_id

        def work(session: Session) -> int:
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise ValidationError(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from exc
            return reg.attach_file(session, actor, notice_id, path.name, content)

        self.ws.write(work, on_success=lambda _id: self._changed(), parent=self)

    def preview(self) -> None:
        from ui.notices.actions import preview_registered

        preview_registered(self.ws, self, self.notice_id)
