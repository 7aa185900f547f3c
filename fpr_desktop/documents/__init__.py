"""PDF documents (notices, ledgers, letters): one reportlab engine behind a declarative model.

Importing this package is cheap: reportlab is imported only when a PDF is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fpr_desktop.documents.fonts import (
    FontChoice,
    FontSet,
    FontUnavailableError,
    font_choice_from_settings,
    register_fonts,
)
from fpr_desktop.documents.ledgers import make_ledger
from fpr_desktop.documents.model import (
    NATIONAL_HOTLINE,
    Align,
    Column,
    ColumnKind,
    Complaint,
    Document,
    Orientation,
    Record,
    Section,
    Table,
    Text,
    Window,
)
from fpr_desktop.documents.notice_templates import NoticeKind, NoticeTemplate, load_template
from fpr_desktop.documents.notices import NoticeParams, make_notice

if TYPE_CHECKING:
    from fpr_desktop.documents.styles import Layout

__all__ = [
    "NATIONAL_HOTLINE",
    "Align",
    "Column",
    "ColumnKind",
    "Complaint",
    "Document",
    "FontChoice",
    "FontSet",
    "FontUnavailableError",
    "NoticeKind",
    "NoticeParams",
    "NoticeTemplate",
    "Orientation",
    "Record",
    "Section",
    "Table",
    "Text",
    "Window",
    "build_pdf",
    "font_choice_from_settings",
    "load_template",
    "make_ledger",
    "make_notice",
    "pdf_bytes",
    "register_fonts",
]


def build_pdf(
    doc: Document,
    target: str | Path | IO[bytes],
    *,
    fonts: FontSet | FontChoice | None = None,
    layout: Layout | None = None,
) -> int:
    """Write `doc` as an A4 PDF to a path or binary stream; returns the page count."""
    from fpr_desktop.documents.render import build_pdf as _build

    return _build(doc, target, fonts=fonts, layout=layout)


def pdf_bytes(doc: Document, **kwargs: Any) -> bytes:
    """The PDF of `doc` as bytes."""
    from fpr_desktop.documents.render import pdf_bytes as _bytes

    return _bytes(doc, **kwargs)
