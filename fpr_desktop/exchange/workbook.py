"""Open a spreadsheet file with python-calamine, turning every way a file can be bad into a
clear Chinese `SpreadsheetError` (not a spreadsheet, renamed, password-protected, corrupt, empty).

The format is decided by the file's content, not its extension, because towns rename files.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from fpr_desktop.base.errors import UserError

from .limits import TooLarge, check_archive

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_PPT_STREAM = "PowerPoint Document".encode("utf-16-le")
MAX_FILE_BYTES = 200 * 1024 * 1024
RESAVE = "请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再导入"


class SpreadsheetError(UserError):
    """The file cannot be read as a spreadsheet; the message says why and what to do."""


class WorkbookTooLarge(SpreadsheetError):
    """The workbook would need more memory than is safe (checked before it is loaded)."""


class PasswordProtected(SpreadsheetError):
    """The workbook needs a password to open."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The file being imported: its name (for messages), format and fingerprint."""

    path: Path
    name: str
    format: str  # xlsx, xlsm, xls, ods
    size: int
    sha256: str


def _text_kind(head: bytes) -> str | None:
    """Recognise text files saved under a spreadsheet extension."""
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or (
        sample.startswith(b"<") and b"<html" in sample[:2048]
    ):
        return "网页（HTML）文件"
    if sample.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            return "Excel 2003 XML 表格"
        return "XML 文本文件"
    if sample.startswith(b"{\\rtf"):
        return "RTF 文档"
    if sample.startswith(b"%pdf"):
        return "PDF 文件"
    for encoding in ("utf-8", "gb18030"):
        try:  # incremental: a character cut at the end of the sample is not an error
            text = codecs.getincrementaldecoder(encoding)().decode(head[:4096], final=False)
        except UnicodeDecodeError:
            continue
        if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
            return "文本文件（如 CSV）"
    return None


def _zip_format(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            fmt = "xlsx"
            if "mimetype" in names:
                with z.open("mimetype") as fh:
                    mime = fh.read(200)
                if b"opendocument.spreadsheet" not in mime:
                    raise SpreadsheetError(
                        f"文件“{name}”是其他 OpenDocument 文档，不是表格。{RESAVE}"
                    )
                fmt = "ods"
            elif "xl/workbook.bin" in names:
                raise SpreadsheetError(
                    f"文件“{name}”是 Excel 二进制工作簿（.xlsb），暂不支持。{RESAVE}"
                )
            try:
                bad = check_archive(name, z, fmt)
            except TooLarge as exc:
                raise WorkbookTooLarge(str(exc)) from None
            if fmt == "ods" and bad is None:
                return fmt
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            f"文件“{name}”已损坏或不完整（可能没有下载完、复制时中断或被截断），"
            "无法读取。请重新获取原文件，或用 Excel/WPS 打开修复后另存再导入。"
        ) from None
    if bad is not None:
        raise SpreadsheetError(f"文件“{name}”已损坏（压缩内容“{bad}”校验失败），无法读取。{RESAVE}")
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if "word/document.xml" in names:
        raise SpreadsheetError(f"文件“{name}”是 Word 文档，不是 Excel 表格（可能被改了扩展名）。")
    if any(n.startswith("ppt/") for n in names):
        raise SpreadsheetError(f"文件“{name}”是 PowerPoint 演示文稿，不是 Excel 表格。")
    raise SpreadsheetError(
        f"文件“{name}”是一个压缩包，不是 Excel 表格。请解压后选择其中的表格文件。"
    )


def sniff(path: Path, data: bytes) -> str:
    """The real format of a file (xlsx, xlsm, xls, ods) or a SpreadsheetError saying what it is."""
    name = path.name
    if not data:
        raise SpreadsheetError(f"文件“{name}”是空文件（0 字节），里面没有任何内容。")
    if data.startswith(_ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        return _zip_format(name, data)
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED in data:
            raise PasswordProtected(
                f"文件“{name}”设置了打开密码，无法读取。请在 Excel/WPS 中打开后取消密码"
                "（文件→信息→保护工作簿→用密码进行加密，清空密码），保存后再导入。"
            )
        if _WORD_STREAM in data:
            raise SpreadsheetError(f"文件“{name}”是 Word 文档（.doc），不是 Excel 表格。")
        if _PPT_STREAM in data:
            raise SpreadsheetError(f"文件“{name}”是 PowerPoint 演示文稿，不是 Excel 表格。")
        return "xls"
    kind = _text_kind(data[:65536])
    if kind:
        raise SpreadsheetError(
            f"文件“{name}”实际上是{kind}，只是扩展名像 Excel 表格，无法按工作簿读取。{RESAVE}"
        )
    raise SpreadsheetError(
        f"文件“{name}”不是 Excel/WPS 表格（无法识别的文件格式）。请选择 .xlsx、.xls 或 .ods 文件。"
    )


def open_workbook(path: str | Path) -> tuple[CalamineWorkbook, SourceFile]:
    """Open a file for reading; → (calamine workbook, source info). Raises SpreadsheetError."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SpreadsheetError(
                f"文件“{name}”过大（{size // 1024 // 1024} MB），超过 {MAX_FILE_BYTES >> 20} MB"
                "。请删除无关的工作表、图片或空白格式行后再导入。"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpreadsheetError(f"找不到文件“{name}”，可能已被移动或删除。") from None
    except IsADirectoryError:
        raise SpreadsheetError(f"“{name}”是文件夹，不是表格文件。") from None
    except PermissionError:
        raise SpreadsheetError(
            f"没有权限读取文件“{name}”。如果它正在 Excel/WPS 中打开，请先关闭后再导入。"
        ) from None
    except OSError as exc:
        raise SpreadsheetError(f"读取文件“{name}”失败：{exc.strerror or exc}") from None
    fmt = sniff(path, data)
    source = SourceFile(path, name, fmt, len(data), hashlib.sha256(data).hexdigest())
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise PasswordProtected(
            f"文件“{name}”设置了打开密码，无法读取。请在 Excel/WPS 中取消密码后保存再导入。"
        ) from None
    except (CalamineError, ValueError, OSError) as exc:
        raise SpreadsheetError(
            f"文件“{name}”已损坏或格式异常，无法读取（{type(exc).__name__}: {exc}）。{RESAVE}"
        ) from None
    return book, source


def visible_sheet_names(book: CalamineWorkbook) -> list[str]:
    """Worksheet names in workbook order, hidden sheets and chart sheets left out."""
    names = []
    for meta in book.sheets_metadata:
        if meta.visible is SheetVisibleEnum.Visible and meta.typ is SheetTypeEnum.WorkSheet:
            names.append(meta.name)
    return names
