"""Excel error cells (#REF!, #DIV/0!, #N/A, #VALUE! …) that python-calamine reads as blanks.

An amount computed by a broken formula must not be imported as “empty” (and then inferred from
the other columns): the cells are found in the sheet XML of an .xlsx/.xlsm (`t="e"`), the reader
puts an `ErrorCell` holding the error text where calamine gave "", and validation refuses that
cell. The XML is read in bounded chunks; a sheet without `t="e"` costs one byte search a chunk.
(.xls and .ods: calamine does not tell, and these cells still read as blanks.)
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from fpr_desktop.exchange.limits import _sheet_names, column_number

MAX_RECORDED = 10_000  # more than enough to report; memory stays bounded
_CHUNK = 1 << 20
_MARKS = (b't="e"', b"t='e'")
_ERROR_CELL = re.compile(rb"<c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*?)(/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,4})([0-9]{1,9})[\"']")
_VALUE = re.compile(rb"<v>([^<]*)</v>")


class ErrorCell(str):
    """The text of an Excel error value (“#REF!”) standing where calamine read a blank."""

    __slots__ = ()


def find_error_cells(path: str | Path, sheet: str) -> dict[tuple[int, int], ErrorCell]:
    """{(0-based row, 0-based column): error text} of worksheet `sheet` in an .xlsx/.xlsm
    (empty for any other file, or when the archive cannot be read: the reader reports that)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = {name: part for part, name in _sheet_names(z, set(z.namelist())).items()}
            part = parts.get(sheet)
            if part is None:
                return {}
            return _scan(z, part)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError, ValueError):
        return {}


def _scan(z: zipfile.ZipFile, part: str) -> dict[tuple[int, int], ErrorCell]:
    found: dict[tuple[int, int], ErrorCell] = {}
    carry = b""
    with z.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = carry + chunk
            if not chunk:
                _collect(data, found)
                return found
            cut = data.rfind(b"</c>")
            if cut < 0:  # no complete cell yet: keep at most a few MB waiting
                carry = data if len(data) < 8 * _CHUNK else data[-_CHUNK:]
                continue
            cut += 4
            _collect(data[:cut], found)
            carry = data[cut:]
            if len(found) >= MAX_RECORDED:
                return found


def _collect(data: bytes, found: dict[tuple[int, int], ErrorCell]) -> None:
    if not any(mark in data for mark in _MARKS):
        return
    for m in _ERROR_CELL.finditer(data):
        ref = _REF.search(m.group(1))
        if ref is None:  # a cell without its position: nothing to point at
            continue
        value = _VALUE.search(m.group(3) or b"")
        text = value.group(1).decode("utf-8", "replace").strip() if value else ""
        row, col = int(ref.group(2)) - 1, column_number(ref.group(1)) - 1
        found[(row, col)] = ErrorCell(text or "#VALUE!")
        if len(found) >= MAX_RECORDED:
            return


def patch_row(cells: list[object], errors: Mapping[int, ErrorCell], col_offset: int) -> None:
    """Put the error texts of one row into `cells` (where calamine read blanks)."""
    for col, text in errors.items():
        rel = col - col_offset
        if 0 <= rel < len(cells) and (cells[rel] is None or cells[rel] == ""):
            cells[rel] = text
