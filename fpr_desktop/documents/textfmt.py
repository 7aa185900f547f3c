"""Small text helpers for documents: Chinese numerals, dates, cell values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五 (section numbers 一、二、…)."""
    if n <= 0 or n >= 1000:
        raise ValueError(f"无法转换为中文序号：{n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def cn_date(d: date | datetime | None) -> str:
    """date(2021, 7, 22) → 2021年7月22日 (no zero padding, as in official documents)."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def field_value(row: Any, key: str) -> Any:
    """A row's field: rows may be mappings (dicts) or plain objects (dataclasses)."""
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def plain_text(value: Any) -> str:
    """A cell value as text: dates in Chinese style, Decimals without exponent, None blank."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return cn_date(value)
    if isinstance(value, Decimal):
        text = (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        )
        return text
    if isinstance(value, float):
        raise TypeError("文档数据不能使用浮点数，请使用 Decimal 或 int")
    return str(value)
