"""Size checks made on a workbook archive BEFORE calamine loads it, so no file can abort or
exhaust the process: uncompressed sizes (zip bombs, lying headers), each sheet's declared and
real cell range, and the shared-strings table. Everything is streamed in bounded chunks.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from xml.etree import ElementTree

from fpr_desktop.base.errors import UserError

# calamine holds a sheet as a dense rows × columns grid (~32 bytes a cell): 2^24 cells is the
# most an .xls can hold (65,536 × 256) and ~0.5 GB at worst; a million rows × 15 columns fits.
MAX_CELLS = 1 << 24
MAX_SHARED_STRINGS = 4_000_000
MAX_ENTRY_BYTES = 1 << 30  # one uncompressed part of the archive
MAX_UNPACKED_BYTES = 3 << 29  # all parts together (1.5 GB)
_CHUNK = 1 << 20

_COLS = re.compile(rb'<c r="([A-Z]{1,4})[0-9]')
# a cell tag not written `<c r="…"` (no r, r not first, a namespace prefix): take the slow path
_ODD_CELL = re.compile(rb'<c(?:[>/\t\r\n]| (?!r="[A-Z]))')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_ATTR_R = re.compile(rb"\sr=\"([A-Z]{0,4})([0-9]{0,9})\"")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,4})?([0-9]{1,9})?(?::([A-Z]{1,4})([0-9]{1,9}))?\""
)
_SI_TAGS = (b"<si>", b"<si ", b":si>", b":si ")  # counted, not matched: millions of them
_ODS = re.compile(rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s>/])([^>]*)>")
_ODS_REPEAT = re.compile(rb"number-(?:rows|columns)-repeated=\"([0-9]{1,12})\"")


class TooLarge(UserError):
    """The workbook would need more memory than a clerk's PC can give; the message says why."""


def column_number(letters: bytes | str) -> int:
    """1-based column number of Excel letters (A → 1, XFD → 16384)."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


def column_letters(n: int) -> str:
    """Excel letters of a 1-based column number."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _advice() -> str:
    return "请在 Excel/WPS 中删除多余的行列（选中空白区域→删除）或把数据复制到新工作簿后再导入。"


class _Extent:
    """The bounding box of the cells seen so far (1-based rows and columns)."""

    def __init__(self) -> None:
        self.rows: tuple[int, int] | None = None
        self.cols: tuple[int, int] | None = None
        self.count = 0

    def add_rows(self, lo: int, hi: int) -> None:
        self.rows = (
            (lo, hi) if self.rows is None else (min(lo, self.rows[0]), max(hi, self.rows[1]))
        )

    def add_cols(self, lo: int, hi: int) -> None:
        self.cols = (
            (lo, hi) if self.cols is None else (min(lo, self.cols[0]), max(hi, self.cols[1]))
        )

    def area(self) -> int:
        if self.rows is None or self.cols is None:
            return 0
        return (self.rows[1] - self.rows[0] + 1) * (self.cols[1] - self.cols[0] + 1)

    def corner(self) -> str:
        assert self.rows is not None and self.cols is not None
        return f"{column_letters(self.cols[1])}{self.rows[1]}"


class _SheetScan:
    """Find an .xlsx sheet's declared dimension and the real range of its cells.

    Fast path (every cell written as `<c r="A1"`, as Excel, WPS and openpyxl do): the distinct
    column letters, and only the row numbers long enough to break the limit. Anything else
    (cells without `r`, prefixed tags) takes the exact, slower path.
    """

    def __init__(self, refuse: Callable[[str], TooLarge]) -> None:
        self.refuse = refuse
        self.extent = _Extent()
        self.first = True
        self.exact = False  # positions follow the order of the cells (slow path)
        self.row = 0
        self.col = 0
        self.digits_used = 10  # fewest digits a row number needed to be looked at
        self.letters: set[bytes] = set()
        self._pattern_for: frozenset[bytes] = frozenset()
        self._new = _COLS

    @property
    def _new_letters(self) -> re.Pattern[bytes]:
        """Column letters not seen yet (known ones make no match objects: 3× faster)."""
        if self._pattern_for != self.letters:
            self._pattern_for = frozenset(self.letters)
            names = sorted((bytes(x).decode() for x in self.letters), key=lambda t: (-len(t), t))
            known = "|".join(names).encode()
            self._new = re.compile(rb'<c r="(?!(?:' + known + rb")[0-9])([A-Z]{1,4})[0-9]")
        return self._new

    def feed(self, data: bytes, rows_only: int | None = None) -> None:
        if rows_only is not None:
            self._rows(data, rows_only)
            return
        if self.first:
            self.first = False
            if (m := _DIMENSION.search(data, 0, 8192)) and m.group(3):
                c0, r0 = column_number(m.group(1) or b"A"), int(m.group(2) or 1)
                c1, r1 = column_number(m.group(3)), int(m.group(4))
                area = (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
                if area > MAX_CELLS:
                    ref = m.group(0).split(b'"')[1].decode()
                    raise self.refuse(f"声明的数据范围 {ref} 过大（约 {area:,} 个单元格）")
        if not self.exact:
            if _ODD_CELL.search(data) or _PREFIXED_CELL.search(data):
                self.exact = True
            else:
                self.extent.count += data.count(b'<c r="')
                self.letters.update(self._new_letters.findall(data))
                if self.letters:
                    cols = [column_number(c) for c in self.letters]
                    self.extent.add_cols(min(cols), max(cols))
                self._rows(data, self.threshold_digits())
        if self.exact:
            self._exact(data)
        self.check()

    def threshold_digits(self) -> int:
        """Row numbers with fewer digits than this cannot break the limit at the current width."""
        width = 1 if self.extent.cols is None else self.extent.cols[1] - self.extent.cols[0] + 1
        digits = len(str(MAX_CELLS // width))
        self.digits_used = min(self.digits_used, digits)
        return digits

    def _rows(self, data: bytes, digits: int) -> None:
        found = _row_pattern(digits).findall(data)
        if found:
            high = max(map(int, found))
            self.extent.add_rows(1, high)
        elif self.extent.rows is None and self.extent.count:
            self.extent.add_rows(1, 1)

    def needs_rescan(self) -> int | None:
        """Digits to look at again when the sheet grew wider after its first rows were read."""
        if self.exact or self.extent.cols is None:
            return None
        width = self.extent.cols[1] - self.extent.cols[0] + 1
        digits = len(str(MAX_CELLS // width))
        return digits if digits < self.digits_used else None

    def check(self) -> None:
        if self.extent.area() > MAX_CELLS or self.extent.count > MAX_CELLS:
            raise self.refuse(
                f"数据区域延伸到单元格 {self.extent.corner()}（约 {self.extent.area():,} 个单元格）"
            )

    def _exact(self, data: bytes) -> None:
        for tag, attrs in _ROW.findall(data):
            m = _ATTR_R.search(attrs)
            if tag == b"row":
                self.row = int(m.group(2)) if m and m.group(2) else self.row + 1
                self.col = 0
                continue
            if m and m.group(1):
                self.col = column_number(m.group(1))
                self.row = int(m.group(2) or self.row)
            else:
                self.col += 1
            self.extent.count += 1
            self.extent.add_rows(self.row, self.row)
            self.extent.add_cols(self.col, self.col)


_ROW_PATTERNS: dict[int, re.Pattern[bytes]] = {}


def _row_pattern(digits: int) -> re.Pattern[bytes]:
    if digits not in _ROW_PATTERNS:
        _ROW_PATTERNS[digits] = re.compile(rb'<c r="[A-Z]{1,4}([0-9]{%d,9})"' % digits)
    return _ROW_PATTERNS[digits]


class _SharedStrings:
    """Count the entries of the shared-strings table."""

    def __init__(self, refuse: Callable[[str], TooLarge]) -> None:
        self.refuse = refuse
        self.count = 0

    def feed(self, data: bytes) -> None:
        self.count += sum(data.count(tag) for tag in _SI_TAGS)
        if self.count > MAX_SHARED_STRINGS:
            raise self.refuse(f"共享文本表超过 {MAX_SHARED_STRINGS:,} 条")


class _OdsScan:
    """Bound the cells an .ods sheet expands to (repeated rows × repeated columns)."""

    def __init__(self, refuse: Callable[[str], TooLarge]) -> None:
        self.refuse = refuse
        self.row_index = 0  # rows above the current row element
        self.rows_repeat = 0
        self.width = 0
        self.cells = 0
        self.last_row = 0
        self.max_width = 0

    def feed(self, data: bytes) -> None:
        for tag, attrs in _ODS.findall(data):
            m = _ODS_REPEAT.search(attrs)
            repeat = int(m.group(1)) if m else 1
            if tag == b"table":
                self.row_index = self.rows_repeat = self.last_row = self.max_width = 0
            elif tag == b"table-row":
                self.row_index += self.rows_repeat
                self.rows_repeat, self.width = repeat, 0
            else:
                self.width += repeat
                if b"value-type" in attrs:
                    self.cells += repeat * max(self.rows_repeat, 1)
                    self.max_width = max(self.max_width, self.width)
                    self.last_row = self.row_index + max(self.rows_repeat, 1)
            if self.cells > MAX_CELLS or self.last_row * self.max_width > MAX_CELLS:
                raise self.refuse(f"表格展开后超过 {MAX_CELLS:,} 个单元格")


def _sheet_names(z: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Archive part → sheet name, from the workbook and its relationships (best effort)."""
    try:
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return {}
        if max(
            z.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
        ) > (1 << 24):
            return {}
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {}
        for rel in rels:
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id")] = target
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        out = {}
        for el in book.iter():
            if el.tag.endswith("}sheet"):
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                if rid in targets:
                    out[targets[rid]] = el.get("name", "")
        return out
    except (ElementTree.ParseError, KeyError, ValueError, zipfile.BadZipFile):
        return {}


def check_archive(name: str, z: zipfile.ZipFile, fmt: str) -> str | None:
    """Read every part once in bounded chunks (checking CRCs as `testzip` does) and refuse a
    workbook that would not fit. Returns the name of a corrupt part, or None."""
    names = set(z.namelist())
    sheets = _sheet_names(z, names) if fmt != "ods" else {}
    total = 0
    for info in z.infolist():
        part = info.filename
        where = f"工作表“{sheets[part]}”" if part in sheets else f"部件“{part}”"

        def refuse(what: str, where: str = where) -> TooLarge:
            return TooLarge(
                f"文件“{name}”的{where}{what}，超出本系统能安全读取的上限，已拒绝导入。{_advice()}"
            )

        if info.file_size > MAX_ENTRY_BYTES or total + info.file_size > MAX_UNPACKED_BYTES:
            raise refuse(f"解压后约 {max(info.file_size, total) >> 20} MB")
        scanner: _SheetScan | _SharedStrings | _OdsScan | None = None
        if fmt != "ods" and part.startswith("xl/worksheets/") and part.endswith(".xml"):
            scanner = _SheetScan(refuse)
        elif fmt != "ods" and part.endswith("sharedStrings.xml"):
            scanner = _SharedStrings(refuse)
        elif fmt == "ods" and part == "content.xml":
            scanner = _OdsScan(refuse)
        size = 0
        carry = b""
        try:
            with z.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    size += len(chunk)
                    if size > MAX_ENTRY_BYTES or total + size > MAX_UNPACKED_BYTES:
                        raise refuse(
                            f"解压后超过 {min(MAX_ENTRY_BYTES, MAX_UNPACKED_BYTES) >> 20} MB"
                        )
                    if scanner is not None:
                        data = carry + chunk
                        cut = data.rfind(b"<")
                        cut = len(data) if cut < 0 else cut
                        scanner.feed(data[:cut])
                        carry = data[cut:]
                        if len(carry) > _CHUNK:  # one tag longer than a megabyte
                            raise refuse("含有异常的超长标记")
            if scanner is not None and carry:
                scanner.feed(carry)
            if isinstance(scanner, _SheetScan) and (digits := scanner.needs_rescan()):
                with z.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        scanner.feed(chunk, rows_only=digits)  # a tag cut in two is harmless
                scanner.check()
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            return part
        except Exception as exc:  # zlib.error and the like: the part is corrupt
            if isinstance(exc, UserError):
                raise
            return part
        total += size
    return None
