"""PDF preview: page through, zoom, print and save a generated PDF (QtPdf, no poppler needed).

QPdfView renders asynchronously and, in SinglePage + FitInView in a small view, was seen
spinning at 100% CPU; this preview therefore always uses MultiPage + FitToWidth (or a custom
zoom). Build the PDF in the background (op runner) and hand the bytes to `show_pdf_preview`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.common.files import ask_save_path
from ui.common.screen_fit import fit_to_screen

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 3.0, 4.0)
PRINT_DPI_CAP = 300  # rendering A4 at higher resolution only costs time and memory


class PdfPreview(QWidget):
    """A toolbar (page, zoom, print, save) over a QPdfView showing one PDF."""

    document_loaded = Signal(int)  # page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = QByteArray()
        self._buffer: QBuffer | None = None
        self._suggested_name = "文档.pdf"
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.toolbar = QToolBar(self)
        self.page_box = QSpinBox(self)
        self.page_box.setMinimum(1)
        self.page_box.setMaximum(1)
        self.page_box.setPrefix("第 ")
        self.page_box.setSuffix(" 页")
        self.page_box.setKeyboardTracking(False)
        self.page_total = QLabel("共 0 页", self)
        self.zoom_label = QLabel("", self)  # the custom zoom in %, empty when fitting the width
        self._build_toolbar()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)

        self.document.pageCountChanged.connect(self._on_page_count)
        self.document.statusChanged.connect(self._on_status)
        self.view.pageNavigator().currentPageChanged.connect(self._on_current_page)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)
        self.view.zoomModeChanged.connect(self._update_zoom_label)
        self.page_box.valueChanged.connect(lambda v: self.go_to_page(v - 1))

    def _build_toolbar(self) -> None:
        tb = self.toolbar

        def action(
            text: str,
            slot: Callable[[], object],
            keys: QKeySequence | QKeySequence.StandardKey | None,
        ) -> QAction:
            act = QAction(text, self)
            if keys is not None:
                act.setShortcut(keys)
            act.triggered.connect(lambda _checked=False: slot())
            tb.addAction(act)
            return act

        self.prev_action = action("上一页", self.previous_page, QKeySequence("PgUp"))
        tb.addWidget(self.page_box)
        tb.addWidget(self.page_total)
        self.next_action = action("下一页", self.next_page, QKeySequence("PgDown"))
        tb.addSeparator()
        self.zoom_out_action = action("缩小", self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        tb.addWidget(self.zoom_label)
        self.zoom_in_action = action("放大", self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.fit_width_action = action("适合宽度", self.fit_width, None)
        self.fit_width_action.setCheckable(True)
        self.fit_width_action.setChecked(True)
        tb.addSeparator()
        self.print_action = action("打印…", self.print_dialog, QKeySequence.StandardKey.Print)
        self.save_action = action("另存为…", self.save_as, QKeySequence.StandardKey.Save)
        self._set_enabled(False)

    # --- loading -------------------------------------------------------------------------

    def load_bytes(self, data: bytes, suggested_name: str = "文档.pdf") -> None:
        """Show a PDF held in memory (the usual case: just built by fpr_desktop.documents)."""
        self.document.close()
        self._data = QByteArray(data)
        buffer = QBuffer(self._data, self)  # QPdfDocument reads it lazily: keep it alive
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._buffer = self._buffer, buffer
        self._suggested_name = suggested_name
        self.document.load(buffer)
        if old is not None:
            old.deleteLater()

    def load_file(self, path: str | Path) -> None:
        """Show a PDF file (read into memory so that "save as" never depends on it)."""
        p = Path(path)
        self.load_bytes(p.read_bytes(), p.name)

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """Zero-based index of the page at the top of the view."""
        return self.view.pageNavigator().currentPage()

    def _on_status(self, status: QPdfDocument.Status) -> None:
        if status == QPdfDocument.Status.Error:
            self._set_enabled(False)
            self.page_total.setText("无法打开")
            QMessageBox.warning(self, "预览", "无法打开该 PDF 文件，文件可能已损坏。")

    def _on_page_count(self, count: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(count, 1))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.page_total.setText(f"共 {count} 页")
        self._set_enabled(count > 0)
        self._update_page_actions()
        if count > 0:
            self.document_loaded.emit(count)

    def _set_enabled(self, enabled: bool) -> None:
        for act in (
            self.prev_action,
            self.next_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_width_action,
            self.print_action,
            self.save_action,
        ):
            act.setEnabled(enabled)
        self.page_box.setEnabled(enabled)

    # --- paging ------------------------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        if not 0 <= index < self.page_count():
            return
        nav = self.view.pageNavigator()
        nav.jump(index, QPointF(), nav.currentZoom())

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _on_current_page(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)
        self._update_page_actions()

    def _update_page_actions(self) -> None:
        n, i = self.page_count(), self.current_page()
        self.prev_action.setEnabled(n > 0 and i > 0)
        self.next_action.setEnabled(n > 0 and i < n - 1)

    # --- zoom --------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        current = self.view.zoomFactor()
        self._set_zoom(next((z for z in ZOOM_STEPS if z > current + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.view.zoomFactor()
        lower = [z for z in ZOOM_STEPS if z < current - 1e-3]
        self._set_zoom(lower[-1] if lower else ZOOM_STEPS[0])

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)

    def _update_zoom_label(self, *_args: object) -> None:
        fitting = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.fit_width_action.setChecked(fitting)
        self.zoom_label.setText("" if fitting else f"{round(self.view.zoomFactor() * 100)}%")

    # --- print and save ------------------------------------------------------------------

    def print_dialog(self) -> None:
        if self.page_count() == 0:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.page_count())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, last) if first > 0 else range(self.page_count())
        progress = QProgressDialog("正在打印…", "取消", 0, len(pages), self)
        progress.setWindowTitle("打印")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int) -> bool:
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            print_pdf(self.document, printer, pages, step)
        finally:
            progress.close()

    def save_as(self) -> None:
        if self._data.isEmpty():
            return
        suggested = self._suggested_name
        if not suggested.lower().endswith(".pdf"):
            suggested += ".pdf"
        path = ask_save_path(self, "另存为", suggested)
        if path is None:
            return
        try:
            path.write_bytes(self._data.data())
        except OSError as exc:
            QMessageBox.warning(self, "另存为", f"无法保存到“{path}”：{exc.strerror or exc}")


def print_pdf(
    document: QPdfDocument,
    printer: QPrinter,
    pages: range | None = None,
    progress: Callable[[int], bool] | None = None,
) -> int:
    """Render pages of `document` onto `printer` (fit to the paper, centred); returns pages done.

    `progress(done)` is called after each page; returning False stops (cancel).
    """
    pages = pages if pages is not None else range(document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("无法启动打印机")
    done = 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        for i, index in enumerate(pages):
            if i > 0:
                printer.newPage()
            size_pt = document.pagePointSize(index)
            image = document.render(
                index, QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
            )
            target = _fit(image.size(), painter.viewport())
            painter.drawImage(target, image)
            done += 1
            if progress is not None and not progress(done):
                break
    finally:
        painter.end()
    return done


def _fit(size: QSize, area: QRect) -> QRect:
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = area.x() + (area.width() - scaled.width()) // 2
    y = area.y() + (area.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())


class PdfPreviewDialog(QDialog):
    """A window holding one PdfPreview."""

    def __init__(self, title: str = "打印预览", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.preview = PdfPreview(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        fit_to_screen(self, 900, 1000)


def show_pdf_preview(
    data: bytes,
    *,
    title: str = "打印预览",
    file_name: str = "文档.pdf",
    parent: QWidget | None = None,
) -> PdfPreviewDialog:
    """Open a non-modal preview window for a PDF held in memory."""
    dialog = PdfPreviewDialog(title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.preview.load_bytes(data, file_name)
    dialog.show()
    return dialog
