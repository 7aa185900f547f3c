"""Data rows of a worksheet streamed as sheet XML, then spliced into a small openpyxl workbook.

An official export of 300,000 rows cannot go through openpyxl's cell objects (about 40,000
cells a second here, even in write-only mode): the rows are written straight to a temporary
file as `<row>` elements (inline strings, the column's style id), one row at a time, so memory
stays flat however many rows come. Everything else — title, merged header, widths, 合计 row,
print setup, other sheets — is an ordinary openpyxl workbook with an empty gap where the rows
belong; `splice` copies that workbook and pours the rows into the gap.

Text is written as text (an inline string is never a formula), characters a workbook cannot hold
are dropped (cells.safe_text), and a literal `_x0041_` in stored text is escaped so that it reads
back as typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from fpr_desktop.exchange.cells import safe_text

_EPOCH = dt.date(1899, 12, 30).toordinal()  # Excel's day 0 (1900 date system)
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_CHUNK = 1 << 20
_REMEMBERED = 4096  # texts per column whose XML is kept for the rows that follow
# text that needs more than being put between <t> and </t>
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^\s|\s$")


def text_xml(text: str) -> str:
    """`text` as the body of an inline-string cell (after the `t="inlineStr"` attribute)."""
    text = safe_text(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def cell_xml(style: int, value: Any) -> str:
    """One `<c>` element without its `r` (cells follow each other column by column)."""
    if value is None:
        return f'<c s="{style}"/>'
    if isinstance(value, str):
        if not value:
            return f'<c s="{style}"/>'
        return f'<c s="{style}" t="inlineStr">{text_xml(value)}</c>'
    if isinstance(value, bool):
        return f'<c s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c s="{style}"><v>{value}</v></c>'
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f'<c s="{style}" t="inlineStr">{text_xml(str(value))}</c>'
        return f'<c s="{style}"><v>{value:f}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            return f'<c s="{style}" t="inlineStr">{text_xml(str(value))}</c>'
        return f'<c s="{style}"><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        day = value.toordinal() - _EPOCH
        part = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        return f'<c s="{style}"><v>{day + part!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c s="{style}"><v>{value.toordinal() - _EPOCH}</v></c>'
    return f'<c s="{style}" t="inlineStr">{text_xml(str(value))}</c>'


class Cells:
    """Turns one row of values into its `<c>` elements, each column with its own style id
    (the common cases — empty, plain text, whole numbers — without a function call; a text
    seen before in the column costs one look-up)."""

    def __init__(self, styles: Sequence[int]) -> None:
        self.styles = list(styles)
        self._empty = [f'<c s="{s}"/>' for s in styles]
        self._text = [f'<c s="{s}" t="inlineStr"><is><t>' for s in styles]
        self._number = [f'<c s="{s}"><v>' for s in styles]
        # each column remembers the XML of its first texts: a ledger repeats its classes,
        # places, units and statuses on every row (a column of unique codes just stops adding)
        self._seen: list[dict[str, str]] = [{} for _ in styles]
        self._cols = list(
            zip(self.styles, self._empty, self._text, self._number, self._seen, strict=True)
        )

    def xml(self, values: Sequence[Any]) -> str:
        out: list[str] = []
        append = out.append
        search = _SPECIAL.search
        for (style, empty, text, number, seen), value in zip(self._cols, values, strict=True):
            kind = type(value)
            if kind is str:
                xml = seen.get(value)
                if xml is None:
                    if not value:
                        xml = empty
                    elif search(value):
                        xml = cell_xml(style, value)
                    else:
                        xml = f"{text}{value}</t></is></c>"
                    if len(seen) < _REMEMBERED:
                        seen[value] = xml
                append(xml)
            elif value is None:
                append(empty)
            elif kind is int:
                append(f"{number}{value}</v></c>")
            elif kind is Decimal and value.is_finite():
                append(f"{number}{value:f}</v></c>")
            elif kind is dt.date:
                append(f"{number}{value.toordinal() - _EPOCH}</v></c>")
            else:
                append(cell_xml(style, value))
        return "".join(out)


class RowStream:
    """Writes `<row>` elements to a temporary file; `splice` puts them into a workbook."""

    def __init__(self, scratch: Path) -> None:
        self.path = scratch
        self._fh: IO[str] | None = open(scratch, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.rows = 0

    def write(self, row: int, cells: str, height: float | None = None) -> None:
        """One `<row>` holding `cells` (from Cells.xml)."""
        assert self._fh is not None
        if height is None:
            self._fh.write(f'<row r="{row}">{cells}</row>')
        else:
            self._fh.write(f'<row r="{row}" ht="{height}" customHeight="1">{cells}</row>')
        self.rows += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def splice(self, shell: Path, target: Path, sheet_index: int, before_row: int) -> None:
        """Copy workbook `shell` to `target` with the streamed rows put into worksheet
        `sheet_index` (0-based) just before its row `before_row` (which must exist)."""
        self.close()
        member = _sheet_member(shell, sheet_index)
        mark = f'<row r="{before_row}"'.encode()
        with (
            zipfile.ZipFile(shell) as src,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
        ):
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename != member:
                    dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
                    continue
                at = body.find(mark)
                if at < 0:
                    raise ValueError(f"row {before_row} not found in {member}")
                out = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                out.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(out, "w", force_zip64=True) as sink:
                    sink.write(body[:at])
                    with open(self.path, "rb") as rows:
                        shutil.copyfileobj(rows, sink, _CHUNK)
                    sink.write(body[at:])


def _sheet_member(shell: Path, index: int) -> str:
    """The zip member of the workbook's `index`-th worksheet (openpyxl numbers them in order)."""
    with zipfile.ZipFile(shell) as zf:
        names = {n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}
    member = f"xl/worksheets/sheet{index + 1}.xml"
    if member not in names:
        raise ValueError(f"{member} not in the workbook")
    return member
