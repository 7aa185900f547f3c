"""Cell normalisers for text-like columns (text, code, ID number, enum, integer, name) and helpers.

Every normaliser takes the raw value python-calamine returned (str, float, int, bool, date,
datetime, time, timedelta or None) and returns a `Normalized` (value + warnings) or raises
`NormalizeError` carrying the Chinese reason and the expected format. Amounts live in
`amounts.py`, dates and periods in `dates.py`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from operator import mul
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Cells people fill in to mean "nothing here" in numeric and date columns.
BLANK_MARKERS = frozenset({"", "-", "--", "—", "——", "－", "/", "\\", "无", "空", "N/A", "n/a"})
# Excel error values as calamine hands them over.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# control characters (a bell from `_x0007_` breaks every export) and bidirectional overrides
# (U+202E shows a name backwards) are removed at the door
_INVISIBLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_NEEDS_CLEAN = re.compile(
    f"^\\s|\\s$|\\s\\s|[\t\r\n\u200b\u200c\u200d\u2060\ufeff\u3000\xa0{_INVISIBLE}]"
)
# the most an Excel cell holds: longer text could not be exported whole
MAX_TEXT = 32_767
# how much of a cell a message quotes
QUOTE_LIMIT = 60
_INLINE_SPACE = re.compile(r"[^\S\n]+")


@dataclass(frozen=True, slots=True)
class Normalized(Generic[T]):
    """A normalised cell value plus warnings (Chinese) about what was assumed or ignored."""

    value: T | None
    warnings: tuple[str, ...] = field(default=())


class NormalizeError(ValueError):
    """A cell that cannot be read: `reason` says what is wrong, `expected` what to write."""

    def __init__(self, reason: str, expected: str) -> None:
        super().__init__(f"{reason}；应为{expected}")
        self.reason = reason
        self.expected = expected


# --- text helpers -----------------------------------------------------------------------------


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters, punctuation and spaces → half-width (NFKC)."""
    if text.isascii():  # the common case costs nothing
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_ZERO_WIDTH) if _ZERO_WIDTH_RE.search(text) else text


def squeeze(text: str) -> str:
    """Half-width and without any whitespace: the form used to compare names and headers."""
    return "".join(to_halfwidth(text).split())


def clean_text(text: str) -> str:
    """Trim, drop zero-width characters, collapse runs of spaces (line breaks are kept)."""
    if _NEEDS_CLEAN.search(text) is None:
        return text
    text = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text.replace("\t", " "))
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def is_blank(value: object) -> bool:
    """True for None, '' and whitespace-only text (0 and False are values, not blanks)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return False


def is_blank_marker(value: object) -> bool:
    """Blank, or a dash/slash/“无” that tables use for “not applicable” in number columns."""
    if is_blank(value):
        return True
    return isinstance(value, str) and squeeze(value) in BLANK_MARKERS


def quote(value: object) -> str:
    """A cell value as a message quotes it: at most QUOTE_LIMIT characters, invisible ones shown."""
    text = _INVISIBLE_RE.sub("\ufffd", display(value))
    if len(text) <= QUOTE_LIMIT:
        return text
    return f"{text[:QUOTE_LIMIT]}…（共 {len(text)} 个字）"


def display(value: object) -> str:
    """How a raw cell value is quoted back to the user in a message."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds").removesuffix(" 00:00:00")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def number_text(value: float | int | Decimal) -> str:
    """A number as plain text: 3.0 → '3', 1e16 → '10000000000000000', 0.1 → '0.1'."""
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters → 0-based column index (A → 0)."""
    index = 0
    for ch in letters.strip().upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"“{letters}”不是有效的列号")
        index = index * 26 + ord(ch) - 64
    return index - 1


def closest(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """The candidates closest to `word` (difflib ratio), best first."""
    return difflib.get_close_matches(word, list(dict.fromkeys(candidates)), n=n, cutoff=cutoff)


# --- normalisers ------------------------------------------------------------------------------


def _refuse_error_value(raw: object) -> None:
    if isinstance(raw, str) and raw.strip().upper() in EXCEL_ERRORS:
        raise NormalizeError(f"单元格是公式错误值 {raw.strip()}", "计算正确的值，请检查公式")


def normalize_text(raw: object, *, max_length: int | None = None) -> Normalized[str]:
    """Free text: trimmed, spaces collapsed; numbers and dates written as the user sees them."""
    if (  # the common case: nothing to clean
        raw.__class__ is str
        and raw
        and raw[0] != "#"
        and _NEEDS_CLEAN.search(raw) is None
        and len(raw) <= (MAX_TEXT if max_length is None else max_length)
    ):
        return Normalized(raw)
    if is_blank(raw):
        return Normalized(None)
    _refuse_error_value(raw)
    warnings: tuple[str, ...] = ()
    if isinstance(raw, str):
        text = clean_text(raw)
        if _INVISIBLE_RE.search(raw):
            warnings = ("含有不可见的控制字符或文字方向控制符，已删除",)
    elif isinstance(raw, (dt.time, dt.timedelta)):
        text = str(raw)
    else:
        text = display(raw)
    limit = MAX_TEXT if max_length is None else min(max_length, MAX_TEXT)
    if len(text) > limit:
        raise NormalizeError(f"内容过长（{len(text)} 个字）", f"不超过 {limit} 个字的文字")
    return Normalized(text or None, warnings)


def normalize_code(raw: object, *, max_length: int | None = None) -> Normalized[str]:
    """A code or number kept as text (文号, 项目编号, 区划代码): never through number inference."""
    if is_blank(raw):
        return Normalized(None)
    _refuse_error_value(raw)
    if isinstance(raw, float):
        if raw != raw or abs(raw) >= 2**53 or raw != int(raw):
            raise NormalizeError(
                "编码被 Excel 当作数字保存，位数可能已丢失",
                "文本格式的编码（请把该列设置为“文本”后重新输入）",
            )
        text = str(int(raw))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, str):
        text = squeeze(raw).lstrip("'")
    else:
        raise NormalizeError(f"“{display(raw)}”不是编码", "由数字或字母组成的编码文字")
    if max_length is not None and len(text) > max_length:
        raise NormalizeError(f"编码过长（{len(text)} 位）", f"不超过 {max_length} 位的编码")
    return Normalized(text)


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
ID_EXPECTED = "18 位身份证号（最后一位可以是 X），并以文本格式保存"


def id_check_digit(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    return _ID_CHECK[sum(map(mul, map(int, first17), _ID_WEIGHTS)) % 11]


def normalize_id_number(raw: object) -> Normalized[str]:
    """A Chinese resident ID number: 18 characters, check digit and birth date verified."""
    if is_blank(raw):
        return Normalized(None)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise NormalizeError(
            "身份证号被 Excel 当作数字保存，后几位已丢失", ID_EXPECTED + "（请先把该列设为“文本”）"
        )
    if not isinstance(raw, str):
        raise NormalizeError(f"“{display(raw)}”不是身份证号", ID_EXPECTED)
    text = squeeze(raw).lstrip("'").upper().replace("-", "")
    if not _ID_RE.match(text):
        raise NormalizeError(f"身份证号位数或字符不对（{len(text)} 位）", ID_EXPECTED)
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise NormalizeError("身份证号中的出生日期不存在", ID_EXPECTED) from None
    if id_check_digit(text[:17]) != text[17]:
        raise NormalizeError("身份证号校验位不对，可能有数字填错", ID_EXPECTED)
    return Normalized(text)


_INT_RE = re.compile(r"^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?(.*)$")


def normalize_int(raw: object, *, unit: str = "", allow_negative: bool = False) -> Normalized[int]:
    """A whole number (户数, 人数, 个数); a trailing counting unit such as “户” is accepted."""
    if raw.__class__ is float and 0 <= raw < 2**53 and raw == int(raw):  # the common case
        return Normalized(int(raw))
    if raw.__class__ is int and raw >= 0:
        return Normalized(raw)
    expected = f"整数{'（单位：' + unit + '）' if unit else ''}，如 12"
    if is_blank_marker(raw):
        return Normalized(None)
    _refuse_error_value(raw)
    warnings: tuple[str, ...] = ()
    if isinstance(raw, (bool, dt.date, dt.time, dt.timedelta)):
        raise NormalizeError(f"“{display(raw)}”不是整数", expected)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")) or raw != int(raw):
            raise NormalizeError(f"“{display(raw)}”不是整数", expected)
        value = int(raw)
    elif isinstance(raw, (str, Decimal)):
        text = squeeze(str(raw))
        m = _INT_RE.match(text)
        if not m:
            raise NormalizeError(f"“{raw}”不是整数", expected)
        value = int(m.group(2).replace(",", "")) * (-1 if m.group(1) == "-" else 1)
        rest = m.group(3)
        if rest and rest != unit and not re.fullmatch(r"[\u4e00-\u9fff]{1,2}", rest):
            raise NormalizeError(f"“{raw}”不是整数", expected)
        if rest and rest != unit:
            warnings = (f"“{raw}”中的“{rest}”已忽略，按 {value} 导入",)
    else:
        raise NormalizeError(f"“{display(raw)}”不是整数", expected)
    if value < 0 and not allow_negative:
        raise NormalizeError(f"“{display(raw)}”是负数", "不小于 0 的" + expected)
    return Normalized(value, warnings)


def enum_normalizer(
    values: Iterable[str], aliases: Mapping[str, str] | None = None
) -> Callable[[object], Normalized[str]]:
    """A normaliser for one fixed list of values (the look-up table is built once)."""
    allowed = list(values)
    lookup = {squeeze(v).casefold(): v for v in allowed}
    for alias, target in (aliases or {}).items():
        lookup.setdefault(squeeze(alias).casefold(), target)
    shown = "、".join(allowed[:12]) + ("等" if len(allowed) > 12 else "")
    exact = {v: Normalized(v) for v in allowed}  # a value picked from the dropdown

    def normalize(raw: object) -> Normalized[str]:
        if raw.__class__ is str and (hit := exact.get(raw)) is not None:  # type: ignore[call-overload]
            return hit
        if is_blank(raw):
            return Normalized(None)
        key = squeeze(display(raw)).casefold()
        if key in lookup:
            return Normalized(lookup[key])
        near = closest(key, lookup, n=2)
        hint = f"，是否为“{'”或“'.join(lookup[n] for n in near)}”" if near else ""
        raise NormalizeError(f"“{display(raw)}”不在可选范围内{hint}", f"以下之一：{shown}")

    return normalize


def normalize_enum(
    raw: object,
    values: Iterable[str],
    aliases: Mapping[str, str] | None = None,
) -> Normalized[str]:
    """One of a fixed list of values, compared without spaces and width differences."""
    return enum_normalizer(values, aliases)(raw)


def normalize_name(raw: object) -> Normalized[str]:
    """A person, unit or place name: half-width, no spaces at all (“上 岔 村” → “上岔村”)."""
    if is_blank(raw):
        return Normalized(None)
    return Normalized(squeeze(display(raw)) or None)


def cell_value_kind(raw: Any) -> str:
    """A short Chinese word for the type of a raw cell (for messages)."""
    if isinstance(raw, bool):
        return "逻辑值"
    if isinstance(raw, (int, float)):
        return "数字"
    if isinstance(raw, (dt.date, dt.datetime)):
        return "日期"
    return "文字"
