"""Page geometry and paragraph styles of the one official-document template family."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from fpr_desktop.documents.fonts import FontSet
from fpr_desktop.documents.model import Align, Orientation

ALIGN = {
    Align.LEFT: TA_LEFT,
    Align.CENTER: TA_CENTER,
    Align.RIGHT: TA_RIGHT,
    Align.JUSTIFY: TA_JUSTIFY,
}


@dataclass(frozen=True)
class Layout:
    """Sizes in points (1 pt = 1/72 inch); margins in millimetres. Defaults suit A4 notices."""

    title_size: float = 22.0  # 二号
    subtitle_size: float = 14.0  # 四号
    body_size: float = 14.0  # 四号
    table_size: float = 10.5  # 五号
    small_size: float = 9.0
    line_spacing: float = 1.65
    margin_top: float = 25.0
    margin_bottom: float = 22.0
    margin_left: float = 26.0
    margin_right: float = 24.0
    seal_space: float = 14.0  # mm of blank paper above the signature
    signature_right: float = 2.0  # signature block ends this many characters from the margin
    page_label: str = "第 {page} 页 共 {pages} 页"

    def page_size(self, orientation: Orientation) -> tuple[float, float]:
        return landscape(A4) if orientation == Orientation.LANDSCAPE else portrait(A4)

    def frame_width(self, orientation: Orientation) -> float:
        return self.page_size(orientation)[0] - (self.margin_left + self.margin_right) * mm


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle
    signature: ParagraphStyle
    cells: dict[Align, ParagraphStyle]  # table cells by alignment

    def cell_for(self, align: Align) -> ParagraphStyle:
        return self.cells[align]


def make_styles(fonts: FontSet, layout: Layout) -> Styles:
    """All styles wrap CJK text (wordWrap="CJK"); plain reportlab styles would not."""
    body = ParagraphStyle(
        "fpr-body",
        fontName=fonts.regular,
        fontSize=layout.body_size,
        leading=layout.body_size * layout.line_spacing,
        firstLineIndent=2 * layout.body_size,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    cell = ParagraphStyle(
        "fpr-cell",
        fontName=fonts.regular,
        fontSize=layout.table_size,
        leading=layout.table_size * 1.35,
        alignment=TA_LEFT,
        wordWrap="CJK",
    )
    return Styles(
        title=ParagraphStyle(
            "fpr-title",
            parent=body,
            fontName=fonts.bold,
            fontSize=layout.title_size,
            leading=layout.title_size * 1.45,
            firstLineIndent=0,
            alignment=TA_CENTER,
            spaceAfter=layout.title_size * 0.5,
        ),
        subtitle=ParagraphStyle(
            "fpr-subtitle",
            parent=body,
            fontSize=layout.subtitle_size,
            leading=layout.subtitle_size * 1.5,
            firstLineIndent=0,
            alignment=TA_CENTER,
            spaceAfter=layout.subtitle_size * 0.8,
        ),
        heading=ParagraphStyle(
            "fpr-heading",
            parent=body,
            fontName=fonts.bold,
            spaceBefore=layout.body_size * 0.3,
        ),
        body=body,
        small=ParagraphStyle(
            "fpr-small",
            parent=body,
            fontSize=layout.small_size,
            leading=layout.small_size * 1.5,
            firstLineIndent=0,
            alignment=TA_LEFT,
        ),
        cell=cell,
        header_cell=ParagraphStyle(
            "fpr-header-cell", parent=cell, fontName=fonts.bold, alignment=TA_CENTER
        ),
        signature=ParagraphStyle(
            "fpr-signature", parent=body, firstLineIndent=0, alignment=TA_CENTER
        ),
        cells={
            a: ParagraphStyle(f"fpr-cell-{a.value}", parent=cell, alignment=ALIGN[a]) for a in Align
        },
    )
