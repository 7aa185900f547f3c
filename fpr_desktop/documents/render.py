"""Turn a Document description into an A4 PDF (the one reportlab document engine)."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus import Table as RLTable

from fpr_desktop.documents import linebreak
from fpr_desktop.documents.fonts import FontChoice, FontSet, register_fonts
from fpr_desktop.documents.model import Align, Block, Document, Record, Table, Text
from fpr_desktop.documents.pages import make_doc_template
from fpr_desktop.documents.styles import ALIGN, Layout, Styles, make_styles
from fpr_desktop.documents.tables import build_record, build_table
from fpr_desktop.documents.textfmt import chinese_numeral, cn_date


def build_pdf(
    doc: Document,
    target: str | Path | IO[bytes],
    *,
    fonts: FontSet | FontChoice | None = None,
    layout: Layout | None = None,
) -> int:
    """Write `doc` as a PDF to a path or a binary stream; returns the number of pages."""
    linebreak.install()
    fontset = fonts if isinstance(fonts, FontSet) else register_fonts(fonts)
    layout = layout or Layout()
    styles = make_styles(fontset, layout)
    out: str | IO[bytes] = str(target) if isinstance(target, str | Path) else target
    template, canvas_class = make_doc_template(
        out, doc.orientation, fontset, layout, title=doc.title
    )
    story = document_story(doc, styles, layout, template.width)
    template.build(story, canvasmaker=canvas_class)
    return int(template.page)


def pdf_bytes(doc: Document, **kwargs: Any) -> bytes:
    """The PDF as bytes (for previews and tests)."""
    buf = io.BytesIO()
    build_pdf(doc, buf, **kwargs)
    return buf.getvalue()


def _para(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def block_flowables(block: Block, styles: Styles, width: float) -> list[Flowable]:
    if isinstance(block, Text):
        return [_para(block.text, _text_style(block, styles))]
    if isinstance(block, Table):
        return [Spacer(1, 2 * mm), *build_table(block, styles, width), Spacer(1, 2 * mm)]
    if isinstance(block, Record):
        return [Spacer(1, 2 * mm), *build_record(block, styles, width), Spacer(1, 2 * mm)]
    raise TypeError(f"未知的文档内容类型：{type(block).__name__}")


def _text_style(block: Text, styles: Styles) -> ParagraphStyle:
    base = styles.small if block.small else styles.body
    if block.indent and block.align == Align.JUSTIFY and not block.bold and not block.small:
        return base
    return ParagraphStyle(
        f"{base.name}-variant",
        parent=base,
        firstLineIndent=2 * base.fontSize if block.indent else 0,
        alignment=ALIGN[block.align],
        fontName=styles.heading.fontName if block.bold else base.fontName,
    )


def document_story(doc: Document, styles: Styles, layout: Layout, width: float) -> list[Flowable]:
    """The flowables of the whole document, title to footnote."""
    story: list[Flowable] = [_title(doc.title, styles.title, width)]
    if doc.subtitle:
        story.append(_para(doc.subtitle, styles.subtitle))
    else:
        story.append(Spacer(1, layout.body_size * 0.4))
    for block in doc.preamble:
        story.extend(block_flowables(block, styles, width))
    for n, section in enumerate(doc.sections, start=1):
        heading = _para(f"{chinese_numeral(n)}、{section.heading}", styles.heading)
        body = [f for b in section.blocks for f in block_flowables(b, styles, width)]
        # Never leave a heading alone at the foot of a page: it needs room for a few lines, or
        # for what its first block reserves (a table keeps its header and first rows together).
        # (KeepTogether would push a whole page-long table after it to the next page.)
        story.append(CondPageBreak(_heading_reserve(body, layout)))
        story.append(heading)
        story.extend(body)
    closing = [f for b in doc.closing for f in block_flowables(b, styles, width)]
    signature = signature_block(doc, styles, layout, width)
    # The complaint channels (window, where to object, the phones) and the signature stay
    # together: neither the phone line nor the signature ever stands alone on a new page.
    tail = closing[-6:] if signature else []
    story.extend(closing[: len(closing) - len(tail)])
    if signature or tail:
        story.append(KeepTogether([*tail, *signature]))
    if doc.footnote:
        story.append(Spacer(1, 4 * mm))
        story.append(_para(doc.footnote, styles.small))
    return story


def _heading_reserve(body: list[Flowable], layout: Layout) -> float:
    """Room a section heading needs below it: a few lines, or what its first block reserves."""
    line = layout.body_size * layout.line_spacing
    lead = 0.0
    for f in body:
        if isinstance(f, CondPageBreak):
            return max(line * 4, lead + f.height + line * 2)
        if not isinstance(f, Spacer):
            break
        lead += f.height
    return line * 4


def _title(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """The title; a long one is broken into lines of even length (no lone last character)."""
    widths = [stringWidth(ch, style.fontName, style.fontSize) for ch in text]
    total = sum(widths)
    if "\n" in text or total <= width:
        return _para(text, style)
    count = math.ceil(total / width)
    target = min(width, total / count + style.fontSize)
    lines = [str(line[1]) for line in linebreak.chinese_split(text, widths, target)]
    if len(lines) != count:
        return _para(text, style)
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def signature_block(doc: Document, styles: Styles, layout: Layout, width: float) -> list[Flowable]:
    """Issuing unit(s) and date, bottom right, each line centred on the longest one."""
    lines = [i for i in doc.issuers if i.strip()]
    if doc.date is not None:
        lines.append(cn_date(doc.date))
    if not lines:
        return []
    style = styles.signature
    text_width = max(stringWidth(s, style.fontName, style.fontSize) for s in lines)
    block_width = min(text_width + style.fontSize, width)
    right_gap = min(layout.signature_right * style.fontSize, width - block_width)
    grid = RLTable(
        [[_para(s, style)] for s in lines],
        colWidths=[block_width],
        hAlign="RIGHT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), style.fontName),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    grid = _RightInset(grid, right_gap)
    gap = layout.seal_space * mm if doc.seal_space else layout.body_size
    return [Spacer(1, gap), grid]


class _RightInset(Flowable):
    """Draws a right-aligned flowable `inset` points in from the right margin."""

    def __init__(self, inner: Flowable, inset: float) -> None:
        super().__init__()
        self.inner = inner
        self.inset = inset

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w, h = self.inner.wrap(avail_width - self.inset, avail_height)
        self._avail = avail_width
        self._inner_w = w
        return avail_width, h

    def draw(self) -> None:
        x = self._avail - self.inset - self._inner_w
        self.inner.drawOn(self.canv, x, 0)
