"""The import wizard: file → sheet → preview with problems and column mapping → confirm → import.

Every read runs through the op runner (progress and 取消 for long files); the import itself is
one transaction that writes nothing when cancelled. The manual column mapping is remembered per
town in the database (table column_mapping) after a successful import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid
from sqlalchemy.orm import Session

from fpr_desktop.divisions.services import list_divisions
from fpr_desktop.exchange.error_workbook import error_workbook_name
from fpr_desktop.submissions import register as register
from fpr_desktop.submissions.importer import ImportOptions, ImportOutcome, run_import
from fpr_desktop.submissions.kinds import get_kind
from ui.common.ops import OpContext
from ui.common.screen_fit import fit_to_screen
from ui.common.widgets import Workspace
from ui.exchange import jobs, prompts
from ui.exchange.wizard_pages import (
    ConfirmPage,
    FilePage,
    PreviewPage,
    ResultPage,
    SheetPage,
)

FILE, SHEET, PREVIEW, CONFIRM, RESULT = range(5)
MAX_LISTED = 300
MAX_ON_CONFIRM = 12


class ImportWizard(QDialog):
    """One import of one kind; what it wrote goes out on the workspace's change signal."""

    #: The import ran (committed, refused or found to be a repeat): the outcome.
    import_finished = Signal(object)

    def __init__(self, ws: Workspace, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.kind = ws, get_kind(kind)
        self.setWindowTitle(f"导入{self.kind.title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.manual: dict[str, str] | None = None  # None until the first preview
        self.last: jobs.Preview | None = None
        self.outcome: ImportOutcome | None = None
        self.busy = False
        self.file_page = FilePage(self.kind.title, self)
        self.sheet_page = SheetPage(self)
        self.preview_page = PreviewPage(self)
        self.confirm_page = ConfirmPage(self)
        self.result_page = ResultPage(self)
        self.stack = QStackedWidget(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.preview_page,
            self.confirm_page,
            self.result_page,
        ):
            self.stack.addWidget(page)
        self.back = QPushButton("上一步", self)
        self.next = QPushButton("下一步", self)
        self.cancel = QPushButton("取消", self)
        self.next.setDefault(True)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for b in (self.back, self.next, self.cancel):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)
        self.recheck_timer = QTimer(self)
        self.recheck_timer.setSingleShot(True)
        self.recheck_timer.setInterval(400)
        self.recheck_timer.timeout.connect(self.run_preview)
        self._connect()
        self._load_towns()
        fit_to_screen(self, 1100, 720)
        self._update_buttons()

    def _connect(self) -> None:
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.cancel.clicked.connect(self.reject)
        self.file_page.browse.clicked.connect(self._browse)
        self.file_page.path.textChanged.connect(self._update_buttons)
        self.file_page.template.clicked.connect(self._template)
        self.preview_page.mapping_changed.connect(self._mapping_changed)
        self.preview_page.recheck.clicked.connect(self.run_preview)
        self.preview_page.header_row.valueChanged.connect(lambda _v: self.recheck_timer.start())
        self.preview_page.year.valueChanged.connect(lambda _v: self.recheck_timer.start())
        self.preview_page.year.setVisible(self.kind.period == "year")
        self.preview_page.year_label.setVisible(self.kind.period == "year")
        self.preview_page.problems.itemClicked.connect(self._show_problem)
        self.confirm_page.save_report.clicked.connect(self.save_report)
        self.result_page.save_report.clicked.connect(self.save_report)

    # --- state -------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self.stack.currentIndex()

    @property
    def path(self) -> str:
        return self.file_page.path.text().strip()

    def options(self, *, dry_run: bool) -> ImportOptions:
        item = self.sheet_page.sheets.currentItem()
        header = self.preview_page.header_row.value()
        return ImportOptions(
            town_id=self.file_page.town.currentData(),
            sheet=item.text() if item is not None else None,
            mapping=self.manual,
            header_row=header or None,
            dry_run=dry_run,
            year=self.preview_page.year.value() if self.preview_page.year.value() >= 2000 else None,
        )

    def _update_buttons(self) -> None:
        page = self.page
        ok = self.last is not None and self.last.outcome is not None and self.last.outcome.ok
        self.back.setVisible(page in (SHEET, PREVIEW, CONFIRM))
        self.next.setText({CONFIRM: "开始导入", RESULT: "完成"}.get(page, "下一步"))
        enabled = {
            FILE: bool(self.path),
            SHEET: self.sheet_page.sheets.currentItem() is not None,
            PREVIEW: self.last is not None and not self.last.error,
            CONFIRM: ok
            and self.last is not None
            and self.last.outcome is not None
            and self.last.outcome.duplicate_of is None,
            RESULT: True,
        }[page]
        self.next.setEnabled(enabled and not self.busy)
        self.back.setEnabled(not self.busy)
        self.cancel.setVisible(page != RESULT)

    def _set_page(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self._update_buttons()
        if self.next.isEnabled():
            self.next.setFocus()

    # --- navigation --------------------------------------------------------------------------
    def go_next(self) -> None:
        match self.page:
            case 0:
                if not Path(self.path).is_file():
                    self.file_page.error.show_message(f"找不到文件“{self.path}”。")
                    return
                self.file_page.error.show_message("")
                self._load_sheets()
            case 1:
                self._set_page(PREVIEW)
                self.run_preview()
            case 2:
                self._show_confirm()
            case 3:
                self.run_import()
            case _:
                self.accept()

    def go_back(self) -> None:
        self._set_page(max(FILE, self.page - 1))

    # --- background work ---------------------------------------------------------------------
    def _job(
        self,
        fn: Any,
        done: Any,
        *,
        label: str | None = None,
        cancellable: bool = False,
        on_cancelled: Any = None,
        on_failed: Any = None,
    ) -> None:
        """Run `fn(ctx)` on the worker; the callbacks are dropped once the dialog is gone."""
        self.busy = True
        self._update_buttons()

        def alive(cb: Any) -> Any:
            def call(*args: Any) -> None:
                if isValid(self):
                    self.busy = False
                    self._update_buttons()
                    if cb is not None:
                        cb(*args)

            return call

        def failed(exc: BaseException) -> None:
            self.ws.runner.show_error(exc, self)

        self.ws.runner.run(
            fn,
            on_success=alive(done),
            on_error=alive(on_failed or failed),
            on_cancelled=alive(on_cancelled),
            parent=self,
            progress_label=label,
            cancellable=cancellable,
        )

    def _load_towns(self) -> None:
        combo, actor = self.file_page.town, self.ws.actor
        if actor.scope_town_id is not None:
            combo.addItem(actor.scope_name, actor.scope_town_id)
            combo.setEnabled(False)
            return
        combo.addItem("按文件内容（不限乡镇）", None)

        def load(session: Session) -> list[tuple[int, str]]:
            return [(d.id, d.name) for d in list_divisions(session, actor) if d.level == "town"]

        def show(towns: list[tuple[int, str]]) -> None:
            for town_id, name in towns:
                combo.addItem(name, town_id)

        self.ws.read(load, on_success=show, parent=self)

    def _browse(self) -> None:
        path = prompts.choose_open_file(self, f"选择要导入的{self.kind.title}表格")
        if path:
            self.file_page.path.setText(path)

    def _template(self) -> None:
        from ui.exchange.templates import save_template

        save_template(self.ws, self, self.kind.name)

    def _load_sheets(self) -> None:
        db, path, kind = self.ws.db, self.path, self.kind.name

        def done(found: tuple[list[str], str | None]) -> None:
            names, detected = found
            box = self.sheet_page.sheets
            box.clear()
            box.addItems(names)
            box.setCurrentRow(names.index(detected) if detected in names else 0)
            self.last = None  # the manual mapping stays: a corrected file has the same headers
            if len(names) == 1:  # nothing to choose: straight to the preview
                self._set_page(PREVIEW)
                self.run_preview()
            else:
                self._set_page(SHEET)

        def failed(exc: BaseException) -> None:
            self.file_page.error.show_message(str(exc))

        self._job(lambda _ctx: jobs.sheets(db, path, kind), done, on_failed=failed)

    def run_preview(self) -> None:
        self.recheck_timer.stop()
        db, actor, path, kind = self.ws.db, self.ws.actor, self.path, self.kind.name
        options = self.options(dry_run=True)

        def work(ctx: OpContext) -> jobs.Preview:
            return jobs.preview(
                db, actor, path, kind, options, progress=ctx.progress, check=ctx.check_cancelled
            )

        self._job(work, self._show_preview, label="正在检查表格…", cancellable=True)

    def _show_preview(self, p: jobs.Preview) -> None:
        self.last = p
        page = self.preview_page
        page.set_fields(p.fields)
        page.model.show(p.data)
        page.fit_columns(p.data.header_rows[0] if p.outcome else 1)
        page.error.show_message(p.error)
        page.problems.clear()
        if p.outcome is None:
            page.summary.setText("")
            page.set_choices([], {})
            self._update_buttons()
            return
        if self.manual is None:
            self.manual = dict(p.outcome.mapping)  # the town's remembered mapping, if any
        page.set_choices(p.columns, p.bound)
        result = p.outcome.result
        page.summary.setText(jobs.summary(p.outcome))
        for issue in [*result.problems, *result.warnings][:MAX_LISTED]:
            item = QListWidgetItem(f"{'错误' if issue.is_error else '提示'}　{jobs.where(issue)}")
            item.setData(Qt.ItemDataRole.UserRole, issue)
            item.setForeground(
                Qt.GlobalColor.darkRed if issue.is_error else Qt.GlobalColor.darkYellow
            )
            page.problems.addItem(item)
        self._update_buttons()

    def _mapping_changed(self, key: str, value: str) -> None:
        self.manual = dict(self.manual or {})
        self.manual[key] = value
        self.recheck_timer.start()

    def _show_problem(self, item: QListWidgetItem) -> None:
        index = self.preview_page.model.issue_cell(item.data(Qt.ItemDataRole.UserRole))
        if index.isValid():
            self.preview_page.table.setCurrentIndex(index)
            self.preview_page.table.scrollTo(index)

    def _show_confirm(self) -> None:
        assert self.last is not None and self.last.outcome is not None
        out = self.last.outcome
        page = self.confirm_page
        page.counts.setText(
            f"将新增 {out.created} 行，更新 {out.updated} 行，"
            f"跳过 {out.unchanged} 行（与库中一致）。"
        )
        listed = [*out.result.problems, *out.result.warnings][:MAX_ON_CONFIRM]
        more = len(out.result.problems) + len(out.result.warnings) - len(listed)
        lines = [("错误　" if i.is_error else "提示　") + jobs.where(i) for i in listed]
        if out.ok:
            where = (
                out.town.name
                if out.town
                else "、".join(t.name for t in out.towns) + "（各乡镇分别登记）"
                if len(out.towns) > 1
                else "全县（不限乡镇）"
            )
            period = register.period_label(out.year, out.month)
            skipped = (
                f"；合计/标题/空行等 {len(out.result.skipped)} 处不导入"
                if out.result.skipped
                else ""
            )
            lines.insert(0, f"登记为：{where} {period} 的报送{skipped}。\n")
            # what was filled in and what comes in as drafts: for the user to confirm
            lines[1:1] = [*out.notes, ""] if out.notes else []
        if more > 0:
            lines.append(f"…… 另有 {more} 条，见错误标注文件。")
        page.detail.setText("\n".join(lines))
        page.save_report.setVisible(bool(out.result.problems or out.result.warnings))
        if not out.ok:
            page.counts.setText(f"有 {out.rejected} 行错误，整个文件不能导入。")
            page.error.show_message(
                "请按错误标注文件（错误单元格标红并附说明）在 Excel 中修改后重新导入；"
                "不会写入任何数据。"
            )
        elif out.duplicate_of is not None:
            page.error.show_message("这个文件已经导入过，内容完全相同，无需再次导入。")
        else:
            page.error.show_message("")
        self._set_page(CONFIRM)

    def run_import(self) -> None:
        db, actor, path, kind = self.ws.db, self.ws.actor, self.path, self.kind.name
        options = self.options(dry_run=False)

        def work(ctx: OpContext) -> ImportOutcome:
            return run_import(
                db, actor, path, kind, options, progress=ctx.progress, check=ctx.check_cancelled
            )

        def cancelled() -> None:
            self.result_page.headline.setText("已取消导入。")
            self.result_page.text.setText("没有写入任何数据。")
            self.result_page.save_report.hide()
            self._set_page(RESULT)

        self._job(
            work, self._show_result, label="正在导入…", cancellable=True, on_cancelled=cancelled
        )

    def _show_result(self, out: ImportOutcome) -> None:
        self.outcome = out
        page = self.result_page
        if out.committed:
            page.headline.setText(f"导入完成：新增 {out.created} 行，更新 {out.updated} 行。")
        elif out.duplicate_of is not None:
            page.headline.setText("该文件已导入过，未重复导入。")
        else:
            page.headline.setText(f"有 {out.rejected} 行错误，没有导入。")
        page.text.setText("\n".join(out.lines()))
        page.save_report.setVisible(not out.ok)
        self._set_page(RESULT)
        self.ws.changes.publish(out.changes)
        self.import_finished.emit(out)

    def save_report(self) -> None:
        out = self.outcome if self.page == RESULT else (self.last.outcome if self.last else None)
        if out is None:
            return
        suggested = str(Path(self.path).with_name(error_workbook_name(Path(self.path).name)))
        target = prompts.choose_save_file(self, "保存错误标注文件", suggested)
        if not target:
            return
        self._job(
            lambda _ctx: jobs.error_workbook(out, target),
            self._report_saved,
            label="正在生成错误标注文件…",
        )

    def _report_saved(self, path: Path) -> None:
        label = self.result_page.text if self.page == RESULT else self.confirm_page.detail
        label.setText(label.text() + f"\n\n错误标注文件已保存：{path}")
