"""CJK fonts for PDFs: the shipped Noto Sans SC, or a user-chosen installed TrueType font.

reportlab silently draws nothing (or boxes) for characters its font lacks, and the built-in
STSong-Light CID font is never embedded, so every font is checked here before it is used: the
file must exist, have TrueType outlines, allow embedding (OS/2 fsType) and hold CJK glyphs.
Loading a 10 MB font costs ~70 ms, so registration is lazy and cached per process.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fpr_desktop.base.errors import UserError
from fpr_desktop.base.paths import resources_dir

SHIPPED_REGULAR = "NotoSansSC-Regular.ttf"
SHIPPED_BOLD = "NotoSansSC-Bold.ttf"

# Characters every notice needs; a font lacking any of them cannot print a notice.
CJK_PROBE = "公告示资金项目县镇村万元年月日第页共合计序号一二三〇"


class FontUnavailableError(UserError):
    """No usable CJK font: the message says which file and why, in Chinese."""


@dataclass(frozen=True)
class FontChoice:
    """The fonts a user picked in the settings (None = the shipped Noto Sans SC).

    `body` is used for running text and tables, `heading` for the title, section headings and
    bold text. On Windows e.g. body=C:/Windows/Fonts/simsun.ttc, heading=.../simhei.ttf.
    """

    body: str | Path | None = None
    body_index: int = 0
    heading: str | Path | None = None
    heading_index: int = 0


#: Where an installed 仿宋 is found (Windows, then common Linux places); the first that exists.
FANGSONG_CANDIDATES = (
    "C:/Windows/Fonts/simfang.ttf",
    "C:/Windows/Fonts/SIMFANG.TTF",
    "/usr/share/fonts/truetype/simfang.ttf",
    "/usr/share/fonts/truetype/windows/simfang.ttf",
    "/usr/share/fonts/winfonts/simfang.ttf",
    "/usr/share/fonts/chinese/simfang.ttf",
    "/Library/Fonts/Fangsong.ttf",
)


def installed_fangsong(candidates: tuple[str, ...] | None = None) -> Path | None:
    """An installed 仿宋 TrueType file, or None (then the shipped font is used)."""
    for name in FANGSONG_CANDIDATES if candidates is None else candidates:
        p = Path(name)
        if p.is_file():
            return p
    return None


def font_choice_from_settings(settings: Mapping[str, Any]) -> FontChoice:
    """The FontChoice for the settings values (keys of fpr_desktop.base.settings_registry).

    "documents.font_file" is the body font; "documents.heading_font_file" (if the registry has
    it) the heading font. An empty body font means 仿宋 where one is installed and
    "documents.body_font" is "fangsong" (the default), else the shipped font. A 仿宋 file that
    cannot be embedded falls back to the shipped font like any chosen font (never squares).
    """
    body: str | Path | None = str(settings.get("documents.font_file") or "").strip() or None
    if body is None and str(settings.get("documents.body_font") or "fangsong") == "fangsong":
        body = installed_fangsong()
    heading = str(settings.get("documents.heading_font_file") or "").strip() or None
    return FontChoice(body=body, heading=heading)


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names to use, plus warnings about fallbacks taken."""

    regular: str
    bold: str
    warnings: tuple[str, ...] = field(default=())


_lock = threading.Lock()
_loaded: dict[tuple[str, int], str] = {}
_sets: dict[tuple[FontChoice, str], FontSet] = {}


def shipped_fonts_dir() -> Path:
    return resources_dir() / "fonts"


def load_font(path: str | Path, index: int = 0) -> str:
    """Register one TrueType font file (or one face of a .ttc) and return its reportlab name.

    Raises FontUnavailableError (Chinese message) if the file cannot serve Chinese text.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    p = Path(path)
    key = (str(p.resolve()) if p.exists() else str(p), index)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        if not p.is_file():
            raise FontUnavailableError(f"找不到字体文件“{p.name}”（{p}），无法生成 PDF。")
        # Same stem in two folders must not share a reportlab name (the registry is global).
        name = f"FPR-{p.stem}-{index}"
        if name in _loaded.values():
            name = f"{name}-{len(_loaded)}"
        try:
            font = TTFont(name, str(p), subfontIndex=index)
        except TTFError as exc:
            raise FontUnavailableError(_explain(p, str(exc))) from exc
        except (OSError, ValueError, IndexError, KeyError, AssertionError) as exc:
            raise FontUnavailableError(
                f"无法读取字体文件“{p.name}”：文件已损坏或不是字体。"
            ) from exc
        if not embedding_allowed(font.face):
            raise FontUnavailableError(
                f"字体“{p.name}”的授权不允许嵌入 PDF（fsType 限制），请选择其他字体。"
            )
        missing = [ch for ch in CJK_PROBE if ord(ch) not in font.face.charToGlyph]
        if missing:
            raise FontUnavailableError(
                f"字体“{p.name}”缺少中文字形（如“{''.join(missing[:5])}”），不能用于中文公告。"
            )
        pdfmetrics.registerFont(font)
        _loaded[key] = name
        return name


def embedding_allowed(face: Any) -> bool:
    """OS/2 fsType check: refuse "restricted licence", "no subsetting" and "bitmap only".

    reportlab refuses such fonts only when they have more than 255 glyphs, and then with an
    English message; the licence question does not depend on the glyph count.
    """
    record = getattr(face, "table", {}).get("OS/2")
    data = getattr(face, "_ttf_data", b"")
    if record is None or len(data) < record["offset"] + 10:
        return True  # no OS/2 table: no restriction declared
    (fs_type,) = struct.unpack_from(">H", data, record["offset"] + 8)
    restricted = fs_type & 0x000E == 0x0002
    return not restricted and not fs_type & 0x0300


def _explain(p: Path, reason: str) -> str:
    if "postscript outlines" in reason:
        return (
            f"字体“{p.name}”是 PostScript(CFF)轮廓的 OpenType 字体，PDF 无法嵌入；"
            "请选择 TrueType 字体（.ttf/.ttc）。"
        )
    if "subsetting/embedding" in reason:
        return f"字体“{p.name}”的授权不允许嵌入 PDF（fsType 限制），请选择其他字体。"
    return f"无法读取字体文件“{p.name}”：不是有效的 TrueType 字体。"


def register_fonts(
    choice: FontChoice | None = None, *, fonts_dir: str | Path | None = None
) -> FontSet:
    """Register the fonts for documents once per process and return their names.

    A user-chosen font that cannot be used falls back to the shipped font (with a warning in
    the result); if the shipped font cannot be loaded either, FontUnavailableError is raised.
    """
    choice = choice or FontChoice()
    shipped = Path(fonts_dir) if fonts_dir is not None else shipped_fonts_dir()
    cache_key = (choice, str(shipped))
    cached = _sets.get(cache_key)
    if cached is not None:
        return cached
    warnings: list[str] = []
    regular = _with_fallback(choice.body, choice.body_index, shipped / SHIPPED_REGULAR, warnings)
    bold = _with_fallback(choice.heading, choice.heading_index, shipped / SHIPPED_BOLD, warnings)
    _register_family(regular, bold)
    result = FontSet(regular=regular, bold=bold, warnings=tuple(warnings))
    _sets[cache_key] = result
    return result


def _with_fallback(
    chosen: str | Path | None, index: int, shipped: Path, warnings: list[str]
) -> str:
    if chosen:
        try:
            return load_font(chosen, index)
        except FontUnavailableError as exc:
            warnings.append(f"{exc}已改用程序自带的思源黑体（Noto Sans SC）。")
    try:
        return load_font(shipped, 0)
    except FontUnavailableError as exc:
        raise FontUnavailableError(
            f"{exc}程序自带的中文字体不可用，请重新安装本程序或在设置中选择其他中文字体。"
        ) from exc


def _register_family(regular: str, bold: str) -> None:
    # Map <b> in paragraphs to the bold face; there is no italic in Chinese documents.
    from reportlab.lib.fonts import addMapping

    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
