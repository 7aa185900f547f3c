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
import queue
import re
import shutil
import threading
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpr_desktop.exchange.cells import safe_text

_EPOCH = dt.date(1899, 12, 30).toordinal()  # Excel's day 0 (1900 date system)
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_CHUNK = 1 << 20
_ROWS_CHUNK = 1 << 20  # characters of rows handed to the deflate thread at a time
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
    """Collects `<row>` elements, compressed as they come; `splice` puts them into a workbook.

    The rows are deflated in a helper thread (zlib works outside Python's lock) into a scratch
    file as a raw deflate segment of their own, while the caller goes on making rows; `splice`
    deflates the sheet's text before and after them separately and joins the three segments
    into one zip member (a deflate stream may be cut into independently compressed parts; the
    member's CRC is combined from the parts').
    """

    def __init__(self, scratch: Path) -> None:
        self.path = scratch
        self.rows = 0
        self._parts: list[str] = []
        self._pending = 0
        self._deflater: _Deflater | None = _Deflater(scratch)

    def write(self, row: int, cells: str, height: float | None = None) -> None:
        """One `<row>` holding `cells` (from Cells.xml)."""
        if height is None:
            text = f'<row r="{row}">{cells}</row>'
        else:
            text = f'<row r="{row}" ht="{height}" customHeight="1">{cells}</row>'
        self._parts.append(text)
        self._pending += len(text)
        self.rows += 1
        if self._pending >= _ROWS_CHUNK:
            self._hand_over()

    def _hand_over(self) -> None:
        if self._parts and self._deflater is not None:
            self._deflater.put("".join(self._parts).encode("utf-8"))
        self._parts, self._pending = [], 0

    def close(self) -> None:
        """Stop the helper thread without splicing (after an error); splice() closes by itself.
        Idempotent; an error of the helper thread is left to the error being handled."""
        if self._deflater is not None:
            self._deflater.finish(raise_error=False)
            self._deflater = None

    def splice(self, shell: Path, target: Path, sheet_index: int, before_row: int) -> None:
        """Copy workbook `shell` to `target` with the streamed rows put into worksheet
        `sheet_index` (0-based) just before its row `before_row` (which must exist)."""
        self._hand_over()
        deflater = self._deflater
        if deflater is None:
            raise ValueError("the rows were closed before being spliced")
        rows = deflater.finish()
        self._deflater = None
        assert rows is not None
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
                _write_joined(dst, info, body[:at], rows, body[at:])


@dataclass(frozen=True)
class _Segment:
    """A finished raw deflate segment in a file: its CRC-32, size read and size packed."""

    path: Path
    crc: int
    size: int
    packed: int


class _Deflater:
    """A helper thread deflating chunks into `path` as one raw segment (ends byte-aligned,
    not final), keeping the CRC-32 and size of what it was given."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._result: _Segment | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self._thread.start()

    def put(self, chunk: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._chunks.put(chunk)

    def finish(self, raise_error: bool = True) -> _Segment | None:
        if self._thread.is_alive():
            self._chunks.put(None)
            self._thread.join()
        if self._error is not None and raise_error:
            raise self._error
        return self._result

    def _run(self) -> None:
        crc = size = packed = 0
        pack = zlib.compressobj(1, zlib.DEFLATED, -15)
        try:
            with open(self._path, "wb") as out:
                while (chunk := self._chunks.get()) is not None:
                    crc = zlib.crc32(chunk, crc)
                    size += len(chunk)
                    packed += out.write(pack.compress(chunk))
                packed += out.write(pack.flush(zlib.Z_SYNC_FLUSH))
            self._result = _Segment(self._path, crc, size, packed)
        except BaseException as error:  # raised in the writer's thread
            self._error = error
            while self._chunks.get() is not None:  # let a waiting put() through to finish()
                pass


def _write_joined(
    dst: zipfile.ZipFile, like: zipfile.ZipInfo, head: bytes, rows: _Segment, tail: bytes
) -> None:
    """Member `like.filename` of `dst`: `head`, the rows, `tail` — each deflated on its own."""
    first = zlib.compressobj(1, zlib.DEFLATED, -15)
    head_packed = first.compress(head) + first.flush(zlib.Z_SYNC_FLUSH)
    last = zlib.compressobj(1, zlib.DEFLATED, -15)
    tail_packed = last.compress(tail) + last.flush(zlib.Z_FINISH)
    crc = crc32_combine(crc32_combine(zlib.crc32(head), rows.crc, rows.size), zlib.crc32(tail),
                        len(tail))  # fmt: skip
    info = zipfile.ZipInfo(like.filename, date_time=like.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.CRC = crc
    info.file_size = len(head) + rows.size + len(tail)
    info.compress_size = len(head_packed) + rows.packed + len(tail_packed)
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    # zipfile writes no member from data deflated elsewhere: the member is appended as
    # ZipFile.writestr does it (local header, data; the central directory on close)
    fp = dst.fp
    assert fp is not None
    info.header_offset = fp.tell()
    fp.write(info.FileHeader(zip64))
    fp.write(head_packed)
    with open(rows.path, "rb") as packed:
        shutil.copyfileobj(packed, fp, _CHUNK)
    fp.write(tail_packed)
    dst.filelist.append(info)
    dst.NameToInfo[info.filename] = info
    dst.start_dir = fp.tell()
    dst._didModify = True  # type: ignore[attr-defined]  # (as writestr sets it)


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc32(A), crc32(B) and len(B) (zlib's crc32_combine, which Python's
    zlib module does not offer): crc1 is advanced over len2 zero bytes in GF(2), then xor."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def _sheet_member(shell: Path, index: int) -> str:
    """The zip member of the workbook's `index`-th worksheet (openpyxl numbers them in order)."""
    with zipfile.ZipFile(shell) as zf:
        names = {n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}
    member = f"xl/worksheets/sheet{index + 1}.xml"
    if member not in names:
        raise ValueError(f"{member} not in the workbook")
    return member
