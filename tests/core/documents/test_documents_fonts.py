"""Fonts for PDFs: the shipped font embeds, unusable fonts fail with a clear Chinese message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fpr_desktop.base.errors import UserError
from fpr_desktop.documents.fonts import (
    CJK_PROBE,
    SHIPPED_BOLD,
    SHIPPED_REGULAR,
    FontChoice,
    FontUnavailableError,
    embedding_allowed,
    font_choice_from_settings,
    load_font,
    register_fonts,
    shipped_fonts_dir,
)


def _make_font(path: Path, chars: str, *, truetype: bool = True, fs_type: int = 0) -> Path:
    """A tiny font whose every character is a square; CFF outlines if truetype is False."""
    from fontTools import fontBuilder as fontbuilder  # fonttools is in [test]

    names = [".notdef", *(f"uni{ord(c):04X}" for c in chars)]
    fb = fontbuilder.FontBuilder(1000, isTTF=truetype)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    if truetype:
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        pen = TTGlyphPen(None)
        _square(pen)
        glyph = pen.glyph()
        fb.setupGlyf({n: glyph for n in names})
    else:
        from fontTools.pens.t2CharStringPen import T2CharStringPen

        t2 = T2CharStringPen(1000, None)
        _square(t2)
        charstring = t2.getCharString()
        fb.setupCFF(
            "TestCFF-Regular", {"FullName": "TestCFF"}, dict.fromkeys(names, charstring), {}
        )
    fb.setupHorizontalMetrics({n: (1000, 0) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "FPRTest", "styleName": "Regular"})
    fb.setupOS2(fsType=fs_type, sTypoAscender=880, sTypoDescender=-120, usWinAscent=880)
    fb.setupPost()
    fb.save(str(path))
    return path


def _square(pen: object) -> None:
    pen.moveTo((100, 0))  # type: ignore[attr-defined]
    pen.lineTo((900, 0))  # type: ignore[attr-defined]
    pen.lineTo((900, 800))  # type: ignore[attr-defined]
    pen.lineTo((100, 800))  # type: ignore[attr-defined]
    pen.closePath()  # type: ignore[attr-defined]


def test_shipped_fonts_are_static_instances_with_distinct_names() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    names = set()
    for file in (SHIPPED_REGULAR, SHIPPED_BOLD):
        face = TTFontFile(str(shipped_fonts_dir() / file))
        assert "glyf" in face.table and "fvar" not in face.table  # static TrueType outlines
        assert embedding_allowed(face)
        assert all(ord(ch) in face.charToGlyph for ch in CJK_PROBE)
        names.add(face.name.decode() if isinstance(face.name, bytes) else str(face.name))
    # Without --update-name-table both would be called the same and only one gets embedded.
    assert names == {"NotoSansSC-Regular", "NotoSansSC-Bold"}
    assert (shipped_fonts_dir() / "OFL.txt").is_file()
    assert (shipped_fonts_dir() / "README.md").is_file()


def test_register_fonts_gives_regular_and_bold_once_per_process() -> None:
    first = register_fonts()
    assert first.regular != first.bold
    assert register_fonts() is first
    assert first.warnings == ()


def test_missing_font_file_raises_clear_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(FontUnavailableError, match=r"找不到字体文件“simsun\.ttc”") as err:
        load_font(tmp_path / "simsun.ttc")
    assert isinstance(err.value, UserError)


def test_no_shipped_font_at_all_raises(tmp_path: Path) -> None:
    with pytest.raises(FontUnavailableError, match="程序自带的中文字体不可用"):
        register_fonts(fonts_dir=tmp_path)


def test_user_font_missing_falls_back_to_shipped_font_with_warning(tmp_path: Path) -> None:
    fonts = register_fonts(FontChoice(body=tmp_path / "simfang.ttf"))
    assert fonts.regular == register_fonts().regular
    assert len(fonts.warnings) == 1
    assert "simfang.ttf" in fonts.warnings[0] and "Noto Sans SC" in fonts.warnings[0]


def test_font_without_cjk_glyphs_is_refused(tmp_path: Path) -> None:
    latin = _make_font(tmp_path / "latin.ttf", "ABCabc0123")
    with pytest.raises(FontUnavailableError, match="缺少中文字形"):
        load_font(latin)


def test_postscript_outline_font_is_refused(tmp_path: Path) -> None:
    cff = _make_font(tmp_path / "cff.otf", CJK_PROBE, truetype=False)
    with pytest.raises(FontUnavailableError, match="PostScript"):
        load_font(cff)


def test_font_whose_licence_forbids_embedding_is_refused(tmp_path: Path) -> None:
    restricted = _make_font(tmp_path / "restricted.ttf", CJK_PROBE, fs_type=0x0002)
    with pytest.raises(FontUnavailableError, match="不允许嵌入"):
        load_font(restricted)


def test_not_a_font_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"this is not a font" * 10)
    with pytest.raises(FontUnavailableError, match="不是有效的 TrueType 字体"):
        load_font(junk)


def test_user_chosen_truetype_cjk_font_is_used(tmp_path: Path) -> None:
    # Stands in for simsun.ttc on Windows: any TrueType font with CJK glyphs that may be embedded.
    ok = _make_font(tmp_path / "mysong.ttf", CJK_PROBE + "关于的", fs_type=0x0008)
    fonts = register_fonts(FontChoice(body=ok))
    assert fonts.regular != register_fonts().regular
    assert fonts.bold == register_fonts().bold
    assert fonts.warnings == ()


def test_same_file_name_in_two_folders_gets_two_names(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _make_font(tmp_path / "a" / "x.ttf", CJK_PROBE)
    b = tmp_path / "b" / "x.ttf"
    shutil.copy(a, b)
    assert load_font(a) != load_font(b)


def test_font_choice_from_settings() -> None:
    shipped = {"documents.body_font": "shipped"}
    assert font_choice_from_settings(shipped) == FontChoice()
    assert font_choice_from_settings({**shipped, "documents.font_file": "  "}) == FontChoice()
    choice = font_choice_from_settings({"documents.font_file": "C:/Windows/Fonts/simsun.ttc"})
    assert choice.body == "C:/Windows/Fonts/simsun.ttc" and choice.heading is None


def test_body_font_is_fangsong_where_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fpr_desktop.documents import fonts as fonts_mod

    fake = _make_font(tmp_path / "simfang.ttf", CJK_PROBE + "关于的", fs_type=0x0008)
    monkeypatch.setattr(fonts_mod, "FANGSONG_CANDIDATES", (str(tmp_path / "none.ttf"), str(fake)))
    assert font_choice_from_settings({}).body == fake  # default: 仿宋 when installed
    assert font_choice_from_settings({"documents.body_font": "shipped"}).body is None
    chosen = font_choice_from_settings({"documents.font_file": "D:/fonts/simsun.ttc"})
    assert chosen.body == "D:/fonts/simsun.ttc"  # an explicit file wins
    fonts = register_fonts(font_choice_from_settings({}))
    assert fonts.regular != register_fonts().regular and fonts.warnings == ()
    monkeypatch.setattr(fonts_mod, "FANGSONG_CANDIDATES", (str(tmp_path / "none.ttf"),))
    assert font_choice_from_settings({}).body is None  # not installed: the shipped font
