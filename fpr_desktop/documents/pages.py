"""A4 page templates: margins, and "第 1 页 共 3 页" page numbers drawn in a second pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from fpr_desktop.documents.fonts import FontSet
from fpr_desktop.documents.model import Orientation
from fpr_desktop.documents.styles import Layout


def numbered_canvas(font: str, size: float, label: str, bottom: float) -> type[Canvas]:
    """A Canvas class that holds pages back until the end, when the page total is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                self._draw_page_label(total)
                super().showPage()
            super().save()

        def _draw_page_label(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setFont(font, size)
            self.drawCentredString(
                width / 2, bottom, label.format(page=self._pageNumber, pages=total)
            )
            self.restoreState()

    return NumberedCanvas


def make_doc_template(
    target: str | IO[bytes],
    orientation: Orientation,
    fonts: FontSet,
    layout: Layout,
    *,
    title: str = "",
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> tuple[BaseDocTemplate, type[Canvas]]:
    """The doc template for one document and the canvas class to pass to its build()."""
    pagesize = layout.page_size(orientation)
    doc = BaseDocTemplate(
        target,
        pagesize=pagesize,
        leftMargin=layout.margin_left * mm,
        rightMargin=layout.margin_right * mm,
        topMargin=layout.margin_top * mm,
        bottomMargin=layout.margin_bottom * mm,
        title=title,
        author="",
        creator="FPR Desktop",
        subject="",
        # The canvas starts with this font: otherwise an unused, unembedded Helvetica is listed.
        initialFontName=fonts.regular,
        initialFontSize=layout.body_size,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template = PageTemplate(id=orientation.value, frames=[frame], pagesize=pagesize)
    if on_page is not None:
        template.onPage = on_page
    doc.addPageTemplates([template])
    canvas_class = numbered_canvas(
        fonts.regular,
        layout.small_size + 1,
        layout.page_label,
        bottom=max(layout.margin_bottom * mm / 2 - 4, 8 * mm),
    )
    return doc, canvas_class
