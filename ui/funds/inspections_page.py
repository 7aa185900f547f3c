"""督查检查: the year's inspections quarter by quarter (a quarter without one is flagged), the
selected inspection's findings with their rectification (overdue ones flagged), evidence files,
and the inspection report as PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.base.settings import get_value
from fpr_desktop.funds.assignments import plan_choices
from fpr_desktop.funds.oversight import inspections as ins
from fpr_desktop.funds.oversight.inspection_report import inspection_report, write_inspection_pdf
from ui.common.files import ask_save_path
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget
from ui.funds.cells import SortItem
from ui.funds.inspection_dialogs import FindingDialog, InspectionDialog, RectifyDialog
from ui.funds.reads import latest

INSPECTION_COLUMNS = [
    "季度",
    "检查名称",
    "状态",
    "计划日期",
    "检查日期",
    "检查人员",
    "发现问题",
    "未整改",
    "逾期",
]
FINDING_COLUMNS = [
    "发现问题",
    "项目 / 乡镇",
    "整改期限",
    "整改状态",
    "完成日期",
    "佐证材料",
    "提示",
]
NO_EDIT = "当前用户没有“维护资金台账”的权限"
FLAG = QColor("#b03a2e")


@dataclass(frozen=True)
class Loaded:
    quarters: list[ins.QuarterState]
    inspections: list[ins.InspectionRow]
    findings: list[ins.FindingRow]
    overdue: int


class InspectionsPage(LazyPage):
    """A year at a time: four quarter badges, the inspections, the selected one's findings."""

    #: The page shows the data just read.
    shown = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.dialog = None
        self.loaded: Loaded | None = None
        self.year = QSpinBox(self)
        self.year.setRange(2015, 2100)
        self.year.setValue(date.today().year)
        self.new_button = QPushButton("新增检查…", self)
        self.edit_button = QPushButton("修改…", self)
        self.finding_button = QPushButton("登记问题…", self)
        self.rectify_button = QPushButton("整改情况…", self)
        self.evidence_button = QPushButton("添加佐证材料…", self)
        self.open_evidence_button = QPushButton("另存佐证材料…", self)
        self.pdf_button = QPushButton("打印检查报告…", self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        for b in (self.new_button, self.edit_button, self.finding_button):
            bar.addWidget(b)
        bar.addStretch(1)
        for b in (
            self.rectify_button,
            self.evidence_button,
            self.open_evidence_button,
            self.pdf_button,
        ):
            bar.addWidget(b)
        self.quarter_labels = [QLabel(self) for _ in ins.QUARTER_NAMES]
        strip = QHBoxLayout()
        for label in self.quarter_labels:
            label.setWordWrap(True)
            strip.addWidget(label, 1)
        self.flags = QLabel(self)  # missing quarters, overdue rectifications
        self.flags.setStyleSheet("QLabel { color: #b03a2e; }")
        self.flags.setWordWrap(True)
        self.message = QLabel(self)  # what was just done and the next step
        self.message.setObjectName("hintLabel")
        self.message.setWordWrap(True)
        self.table = table_widget(self, INSPECTION_COLUMNS)
        self.findings = table_widget(self, FINDING_COLUMNS)
        for t in (self.table, self.findings):
            t.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by quarter
        self.findings.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by deadline
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.findings_title = QLabel("所选检查发现的问题", lower)
        lower_layout.addWidget(self.findings_title)
        lower_layout.addWidget(self.findings, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        self.footer = hint_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(strip)
        layout.addWidget(self.flags)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addWidget(self.footer)
        self.year.valueChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_inspection)
        self.edit_button.clicked.connect(self.edit_inspection)
        self.finding_button.clicked.connect(self.add_finding)
        self.rectify_button.clicked.connect(self.rectify)
        self.evidence_button.clicked.connect(lambda: self.add_evidence())
        self.open_evidence_button.clicked.connect(lambda: self.save_evidence())
        self.pdf_button.clicked.connect(lambda: self.print_report())
        self.table.itemSelectionChanged.connect(self._show_findings)
        self.findings.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit_inspection())
        self.findings.itemDoubleClicked.connect(lambda _i: self.rectify())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for table, action in (
                (self.table, self.edit_inspection),
                (self.findings, self.rectify),
            ):
                QShortcut(QKeySequence(key), table, action).setContext(
                    Qt.ShortcutContext.WidgetShortcut
                )
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_inspection)
        self.watch("fund_inspection", "fund_finding", "fund_evidence")
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.value()

        def work(session: Session) -> Loaded:
            return Loaded(
                ins.quarter_states(session, actor, year),
                ins.list_inspections(session, actor, year),
                ins.list_findings(session, actor, year=year),
                len(ins.overdue_rectifications(session, actor)),
            )

        self.ws.read(work, on_success=latest(self, self._show), parent=self)

    def _show(self, loaded: Loaded) -> None:
        keep = self.current()
        self.loaded = loaded
        for label, q in zip(self.quarter_labels, loaded.quarters, strict=True):
            label.setText(q.text)
            label.setStyleSheet(
                "QLabel { color: #b03a2e; font-weight: bold; }" if q.missing else ""
            )
        missing = [q.label for q in loaded.quarters if q.missing]
        notes = []
        if missing:
            notes.append(
                f"{'、'.join(missing)}未开展督查检查（每季度至少 {loaded.quarters[0].required} 次）"
            )
        if loaded.overdue:
            notes.append(f"全部年度共有 {loaded.overdue} 个问题整改逾期")
        self.flags.setText("；".join(notes) + ("。" if notes else ""))
        self.flags.setVisible(bool(notes))
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(loaded.inspections))
        for r, i in enumerate(loaded.inspections):
            cells = [
                ins.QUARTER_NAMES[i.quarter],
                i.title,
                i.state,
                i.planned_on.isoformat(),
                i.done_on.isoformat() if i.done_on else "",
                i.inspectors,
                str(i.findings),
                str(i.open_findings),
                str(i.overdue_findings) if i.overdue_findings else "",
            ]
            for c, text in enumerate(cells):
                key: str | int = f"{i.quarter}{i.planned_on.isoformat()}" if c == 0 else text
                item = SortItem(text, int(text) if c in (6, 7) else key)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, i.id)
                if c == 8 and i.overdue_findings:
                    item.setForeground(QBrush(FLAG))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.footer.setText(
            f"{self.year.value()}年共 {len(loaded.inspections)} 次督查检查，"
            f"发现问题 {len(loaded.findings)} 个，"
            f"已整改 {sum(1 for f in loaded.findings if f.status == 'done')} 个"
            "（回车或双击：修改检查 / 登记整改情况）"
        )
        if keep is not None:
            self.select_inspection(keep.id)
        elif loaded.inspections:
            self.table.selectRow(0)
        self._show_findings()
        self.finish_loading()
        self.shown.emit()

    def current(self) -> ins.InspectionRow | None:
        r = self.table.currentRow()
        item = self.table.item(r, 0) if r >= 0 else None
        if item is None or self.loaded is None or not self.table.selectionModel().hasSelection():
            return None
        iid = item.data(Qt.ItemDataRole.UserRole)
        return next((i for i in self.loaded.inspections if i.id == iid), None)

    def select_inspection(self, inspection_id: int) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == inspection_id:
                self.table.selectRow(r)
                return

    def _show_findings(self) -> None:
        i = self.current()
        rows = (
            [f for f in self.loaded.findings if f.inspection_id == i.id]
            if i is not None and self.loaded is not None
            else []
        )
        self.findings.setSortingEnabled(False)
        self.findings.clearContents()
        self.findings.setRowCount(len(rows))
        for r, f in enumerate(rows):
            cells = [
                f.description,
                " / ".join(x for x in (f.project, f.town) if x),
                f.rectify_by.isoformat(),
                f.status_label,
                f.rectified_on.isoformat() if f.rectified_on else "",
                "、".join(name for _id, name, _s in f.evidence),
                f.flag,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, f.id)
                    item.setToolTip(f.description)
                if f.flag and f.status != "done":
                    item.setForeground(QBrush(FLAG))
                self.findings.setItem(r, c, item)
        self.findings.setSortingEnabled(True)
        self.findings.resizeColumnsToContents()
        self.findings.setColumnWidth(0, min(self.findings.columnWidth(0), 320))
        self.findings_title.setText(
            f"“{i.title}”发现的问题：{len(rows)} 个" if i else "所选检查发现的问题"
        )
        self._update_buttons()

    def current_finding(self) -> ins.FindingRow | None:
        r = self.findings.currentRow()
        item = self.findings.item(r, 0) if r >= 0 else None
        if item is None or self.loaded is None or not self.findings.selectionModel().hasSelection():
            return None
        fid = item.data(Qt.ItemDataRole.UserRole)
        return next((f for f in self.loaded.findings if f.id == fid), None)

    # --- what may be done, and why not -----------------------------------------------------

    def _update_buttons(self) -> None:
        may = can(self.ws.actor, "funds.edit")
        i, f = self.current(), self.current_finding()

        def set_(button: QPushButton, why: str, tip: str) -> None:
            button.setEnabled(not why)
            button.setToolTip(why or tip)

        set_(self.new_button, "" if may else NO_EDIT, "计划或登记一次督查检查（Ctrl+N）")
        pick = "请先选择一次检查" if i is None else ""
        set_(self.edit_button, (NO_EDIT if not may else pick), "修改所选检查（回车）")
        why = NO_EDIT if not may else pick
        if not why and i is not None and i.done_on is None:
            why = "该检查尚未开展：请先在“修改…”中填写实际检查日期"
        set_(self.finding_button, why, "登记该次检查发现的问题和整改期限")
        pick_f = "请先在下方选择一个问题" if f is None else ""
        set_(self.rectify_button, NO_EDIT if not may else pick_f, "登记整改状态和整改情况（回车）")
        set_(self.evidence_button, NO_EDIT if not may else pick_f, "上传整改报告、照片等佐证材料")
        why = pick_f or ("" if f is None or f.evidence else "该问题尚无佐证材料")
        set_(self.open_evidence_button, why, "把所选问题的佐证材料另存到本机")
        set_(self.pdf_button, pick, "督查检查报告 PDF：检查情况、发现问题及整改情况")

    # --- actions ---------------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.reload()

    def new_inspection(self) -> None:
        if not self.new_button.isEnabled():
            return
        dialog = InspectionDialog(self.year.value(), parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: ins.create_inspection(s, actor, inp),
            on_saved=self._added,
        )

    def _added(self, inspection_id: int) -> None:
        def then() -> None:
            self.shown.disconnect(then)
            self.select_inspection(inspection_id)
            i = self.current()
            self.message.setText(
                "检查已登记。下一步：点“登记问题…”登记发现的问题和整改期限，或“打印检查报告…”。"
                if i is not None and i.done_on
                else "检查计划已登记。检查开展后，在“修改…”中填写实际检查日期和检查人员。"
            )

        self.shown.connect(then)
        self.reload()

    def edit_inspection(self) -> None:
        i = self.current()
        if i is None or not self.edit_button.isEnabled():
            return
        dialog = InspectionDialog(i.year, i, parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: ins.update_inspection(s, actor, i.id, i.version, inp),
            on_saved=lambda _r: self._done("检查已修改。"),
        )

    def add_finding(self) -> None:
        i = self.current()
        if i is None or not self.finding_button.isEnabled():
            return
        actor = self.ws.actor
        self.ws.read(
            lambda s: plan_choices(s, actor, i.year),
            on_success=lambda plan: self._open_finding(i, plan),
            parent=self,
        )

    def _open_finding(self, i: ins.InspectionRow, plan: list) -> None:  # type: ignore[type-arg]
        dialog = FindingDialog(i, plan, parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: ins.add_finding(s, actor, inp),
            on_saved=lambda _id: self._done(
                "问题已登记。下一步：整改后点“添加佐证材料…”上传材料，再在“整改情况…”中标记已整改。"
            ),
        )

    def rectify(self) -> None:
        i, f = self.current(), self.current_finding()
        if i is None or f is None or not self.rectify_button.isEnabled():
            return
        dialog = RectifyDialog(f, i.done_on or i.planned_on, parent=self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.value,
            lambda s, inp: ins.update_rectification(s, actor, f.id, f.version, inp),
            on_saved=lambda _r: self._done("整改情况已保存。"),
        )

    def add_evidence(self, path: Path | None = None) -> None:
        f = self.current_finding()
        if f is None or not self.evidence_button.isEnabled():
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                "添加整改佐证材料",
                "",
                "佐证材料 (*.pdf *.jpg *.jpeg *.png *.doc *.docx);;所有文件 (*)",
            )
            if not name:
                return
            path = Path(name)
        actor, target = self.ws.actor, path

        def work(session: Session) -> int:
            return ins.add_evidence(session, actor, f.id, target.name, target.read_bytes())

        self.ws.write(
            work,
            on_success=lambda _id: self._done(
                f"已添加佐证材料“{target.name}”。下一步：在“整改情况…”中登记整改结果。"
            ),
            parent=self,
        )

    def save_evidence(self, folder: Path | None = None) -> None:
        f = self.current_finding()
        if f is None or not f.evidence:
            return
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "佐证材料另存到")
            if not chosen:
                return
            folder = Path(chosen)
        actor, ids, target = self.ws.actor, [e[0] for e in f.evidence], folder

        def work(session: Session) -> list[Path]:
            out = []
            for ev_id in ids:
                name, data = ins.evidence_file(session, actor, ev_id)
                path = target / name
                path.write_bytes(data)
                out.append(path)
            return out

        self.ws.read(
            work,
            on_success=lambda paths: self.message.setText(
                f"已另存 {len(paths)} 个佐证材料到 {target}"
            ),
            parent=self,
        )

    def print_report(self, path: Path | None = None) -> None:
        i = self.current()
        if i is None:
            return
        target = path or ask_save_path(self, "督查检查报告", f"{i.title}检查报告.pdf")
        if target is None:
            return
        actor = self.ws.actor

        def work(session: Session) -> Path:
            report = inspection_report(session, actor, i.id, year=i.year)
            unit = str(get_value(session, "org.rural_unit"))  # the office that inspects
            return write_inspection_pdf(report, target, unit)

        self.ws.read(
            work,
            on_success=lambda p: self.message.setText(f"检查报告已保存：{p}"),
            parent=self,
            progress_label="正在生成检查报告…",
        )
