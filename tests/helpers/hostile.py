"""Hostile workbooks, built by code: files made to abort, exhaust or confuse the reader.

Each builder writes one file into a folder and returns its path. `HOSTILE` lists them all with
the words the Chinese refusal must contain; the bad-input corpus runs every one through the CLI.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

HEADER = ["项目名称", "乡镇", "村", "计划投资（万元）"]


def _small_book(extra: Callable[[object], None] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append(HEADER)
    ws.append(["示例项目", "固关镇", "梁家村", 5])
    if extra is not None:
        extra(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rewrite(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same archive with one part changed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


def far_cell(folder: Path, ref: str = "XFD1048576", name: str | None = None) -> Path:
    """A small table plus one cell far away (openpyxl also declares the dimension to it)."""
    path = folder / (name or f"远处单元格{ref}.xlsx")

    def put(ws: object) -> None:
        ws[ref] = "x"  # type: ignore[index]

    path.write_bytes(_small_book(put))
    return path


def far_cell_undeclared(folder: Path, ref: str = "GZ1048576") -> Path:
    """One far cell, but the sheet's <dimension> is removed: only a scan of the cells sees it."""
    data = far_cell(folder, ref, name="_tmp.xlsx").read_bytes()
    (folder / "_tmp.xlsx").unlink()

    def strip(body: bytes) -> bytes:
        start = body.index(b"<dimension")
        return body[:start] + body[body.index(b"/>", start) + 2 :]

    path = folder / f"无声明远处单元格{ref}.xlsx"
    path.write_bytes(_rewrite(data, "xl/worksheets/sheet1.xml", strip))
    return path


def declared_huge(folder: Path) -> Path:
    """A tiny sheet that declares the whole grid A1:XFD1048576 as its dimension."""
    data = _small_book()

    def widen(body: bytes) -> bytes:
        return body.replace(b'<dimension ref="A1:D2"', b'<dimension ref="A1:XFD1048576"')

    path = folder / "声明整表.xlsx"
    path.write_bytes(_rewrite(data, "xl/worksheets/sheet1.xml", widen))
    return path


def cells_without_refs(folder: Path) -> Path:
    """Cells without `r` (allowed by the format): one at KN1, one on row 1,048,576."""
    data = _small_book()

    def add(body: bytes) -> bytes:
        start = body.index(b"<dimension")
        body = body[:start] + body[body.index(b"/>", start) + 2 :]
        far = (
            b'<row r="3">' + b"<c/>" * 299 + b'<c t="inlineStr"><is><t>x</t></is></c></row>'
            b'<row r="1048576"><c t="inlineStr"><is><t>y</t></is></c></row>'
        )
        return body.replace(b"</sheetData>", far + b"</sheetData>")

    path = folder / "无坐标单元格.xlsx"
    path.write_bytes(_rewrite(data, "xl/worksheets/sheet1.xml", add))
    return path


def huge_shared_strings(folder: Path, count: int = 4_100_000) -> Path:
    """A workbook whose shared-strings table holds millions of tiny strings (compresses well)."""
    data = _small_book()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename == "[Content_Types].xml":
                body = src.read(info.filename).replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
                dst.writestr(info, body)
            elif info.filename != "xl/sharedStrings.xml":
                dst.writestr(info, src.read(info.filename))
        with dst.open("xl/sharedStrings.xml", "w") as fh:
            fh.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main">'
            )
            block = b"<si><t>a</t></si>" * 100_000
            for _ in range(count // 100_000):
                fh.write(block)
            fh.write(b"</sst>")
    path = folder / "巨大共享文本.xlsx"
    path.write_bytes(out.getvalue())
    return path


def zip_bomb(folder: Path, megabytes: int = 1100, *, zip64: bool = True) -> Path:
    """A worksheet part that inflates to gigabytes of blanks (a few MB on disk)."""
    data = _small_book()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                body = src.read(info.filename)
                cut = body.index(b"</sheetData>")
                with dst.open(info.filename, "w", force_zip64=zip64) as fh:
                    fh.write(body[:cut])
                    blank = b" " * (1 << 20)
                    for _ in range(megabytes):
                        fh.write(blank)
                    fh.write(body[cut:])
            else:
                dst.writestr(info, src.read(info.filename))
    path = folder / "压缩炸弹.xlsx"
    path.write_bytes(out.getvalue())
    return path


def lying_sizes(folder: Path) -> Path:
    """A zip whose directory declares 1 KB for a worksheet part that inflates to 64 MB."""
    path = zip_bomb(folder, megabytes=64, zip64=False)
    raw = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    central = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name))
    assert raw[central + 46 : central + 46 + len(name)] == name
    raw[central + 24 : central + 28] = (1024).to_bytes(4, "little")  # uncompressed size
    out = folder / "头部说谎.xlsx"
    out.write_bytes(bytes(raw))
    path.unlink()
    return out


def not_a_zip(folder: Path) -> Path:
    path = folder / "不是压缩包.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 300)
    return path


def truncated(folder: Path) -> Path:
    data = _small_book()
    path = folder / "截断文件.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def password_protected(folder: Path) -> Path:
    from msoffcrypto.format import ooxml

    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(_small_book())).encrypt("123456", out)
    path = folder / "带密码.xlsx"
    path.write_bytes(out.getvalue())
    return path


def ods_repeated(folder: Path) -> Path:
    """An .ods whose one valued cell repeats over 16,384 columns × 1,048,576 rows."""
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        b'<office:body><office:spreadsheet><table:table table:name="S">'
        b'<table:table-row table:number-rows-repeated="1048576">'
        b'<table:table-cell office:value-type="float" office:value="1" '
        b'table:number-columns-repeated="16384"/></table:table-row>'
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = folder / "重复展开.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return path


def cached_formula_error(path: Path, error: str = "#REF!", formula: str = "1/0") -> Path:
    """Turn the error cells `error` of `path` (written by openpyxl as t="e" values) into what
    Excel saves for a broken formula: the formula plus its cached error `#DIV/0!`."""
    old = f"<v>{error}</v>".encode()
    new = f"<f>{formula}</f><v>#DIV/0!</v>".encode()
    data = path.read_bytes()
    for part in ("xl/worksheets/sheet1.xml",):
        data = _rewrite(data, part, lambda body: body.replace(old, new))
    path.write_bytes(data)
    return path


# builder → words the refusal must contain
HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "cell-XFD1048576": (lambda f: far_cell(f, "XFD1048576"), "XFD1048576"),
    "cell-GZ1048576": (lambda f: far_cell(f, "GZ1048576"), "GZ1048576"),
    "undeclared-GZ1048576": (far_cell_undeclared, "GZ1048576"),
    "cells-without-refs": (cells_without_refs, "单元格"),
    "declared-A1:XFD1048576": (declared_huge, "A1:XFD1048576"),
    "shared-strings": (huge_shared_strings, "共享文本"),
    "zip-bomb": (zip_bomb, "解压后"),
    "lying-sizes": (lying_sizes, "损坏"),
    "not-a-zip": (not_a_zip, "损坏"),
    "truncated": (truncated, "损坏"),
    "password": (password_protected, "密码"),
    "ods-repeated": (ods_repeated, "超过"),
}
