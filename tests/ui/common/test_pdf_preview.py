"""The PDF preview opens a generated notice, pages through it, zooms, prints and saves it."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # also set by tests/ui/conftest.py

from fpr_desktop.documents import Document, Section, Table, pdf_bytes
from fpr_desktop.documents.notice_templates import NoticeKind, load_template
from fpr_desktop.documents.samples import sample_notice, sample_projects

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.common.pdf_preview import PdfPreview

pytestmark = [
    pytest.mark.timeout(60),
    # The offscreen platform says so whenever a top-level window is shown; harmless.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture(scope="module")
def three_page_pdf() -> bytes:
    columns = load_template(NoticeKind.FUND_ALLOCATION).tables["rows"].columns
    doc = Document(
        title="预览测试", sections=[Section("分配情况表", [Table(columns, sample_projects(40))])]
    )
    data = pdf_bytes(doc)
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) == 3
    return data


@pytest.fixture
def preview(qtbot: QtBot) -> PdfPreview:
    from ui.common.pdf_preview import PdfPreview

    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    return widget


def load(qtbot: QtBot, preview: PdfPreview, data: bytes) -> None:
    with qtbot.waitSignal(preview.document_loaded, timeout=10_000) as blocker:
        preview.load_bytes(data, "测试.pdf")
    assert blocker.args == [preview.page_count()]


def test_preview_shows_page_count_and_pages_through(
    qtbot: QtBot, preview: PdfPreview, three_page_pdf: bytes
) -> None:
    load(qtbot, preview, three_page_pdf)
    assert preview.page_count() == 3
    assert preview.page_total.text() == "共 3 页"
    assert preview.page_box.text() == "第 1 页"
    assert not preview.prev_action.isEnabled() and preview.next_action.isEnabled()
    preview.next_page()
    qtbot.waitUntil(lambda: preview.current_page() == 1, timeout=5000)
    assert preview.page_box.value() == 2
    preview.page_box.setValue(3)
    qtbot.waitUntil(lambda: preview.current_page() == 2, timeout=5000)
    assert not preview.next_action.isEnabled()


def test_zoom_in_out_and_fit_width(
    qtbot: QtBot, preview: PdfPreview, three_page_pdf: bytes
) -> None:
    from PySide6.QtPdfWidgets import QPdfView

    load(qtbot, preview, three_page_pdf)
    assert preview.view.pageMode() == QPdfView.PageMode.MultiPage
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    preview.zoom_in()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    bigger = preview.view.zoomFactor()
    preview.zoom_out()
    preview.zoom_out()
    assert preview.view.zoomFactor() < bigger
    assert preview.zoom_label.text().endswith("%")
    assert not preview.fit_width_action.isChecked()
    preview.fit_width()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.fit_width_action.isChecked() and preview.zoom_label.text() == ""


def test_rendered_page_is_not_blank(qtbot: QtBot, preview: PdfPreview) -> None:
    from PySide6.QtCore import QSize

    load(qtbot, preview, pdf_bytes(sample_notice(NoticeKind.CADRE_ASSESSMENT)))
    image = preview.document.render(0, QSize(200, 283))
    dark = sum(
        1
        for x in range(0, 200, 2)
        for y in range(0, 283, 2)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 50  # the title, table and text are drawn


def test_print_renders_every_page(
    qtbot: QtBot, preview: PdfPreview, three_page_pdf: bytes, tmp_path: Path
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from ui.common.pdf_preview import print_pdf

    load(qtbot, preview, three_page_pdf)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    seen: list[int] = []
    assert print_pdf(preview.document, printer, progress=lambda n: seen.append(n) or True) == 3
    assert seen == [1, 2, 3]
    assert len(PdfReader(out).pages) == 3


def test_print_can_be_cancelled(
    qtbot: QtBot, preview: PdfPreview, three_page_pdf: bytes, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from ui.common.pdf_preview import print_pdf

    load(qtbot, preview, three_page_pdf)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    assert print_pdf(preview.document, printer, progress=lambda n: n < 1) == 1


def test_save_as_writes_the_same_bytes(
    qtbot: QtBot,
    preview: PdfPreview,
    three_page_pdf: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    load(qtbot, preview, three_page_pdf)
    target = tmp_path / "公告"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    preview.save_as()
    assert (tmp_path / "公告.pdf").read_bytes() == three_page_pdf


def test_show_pdf_preview_opens_a_dialog(qtbot: QtBot, three_page_pdf: bytes) -> None:
    from ui.common.pdf_preview import show_pdf_preview

    dialog = show_pdf_preview(three_page_pdf, title="资金分配公告预览")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.page_count() == 3, timeout=10_000)
    assert dialog.windowTitle() == "资金分配公告预览"
    assert dialog.preview.page_total.text() == "共 3 页"
    dialog.close()
