"""Amount normaliser for spreadsheet cells: 元/万元/亿元, text or number → exact Decimal 元.

Conversion and rounding are money.py's (`convert_to_yuan`, `quantize_yuan`); this module only
reads what people write: `20万元`, `１，２３４.５`, `10(其中灾情6万元)`, floats from calamine.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from fpr_desktop.base.money import MoneyUnit, convert_to_yuan, quantize_yuan

from .normalize import (
    Normalized,
    NormalizeError,
    display,
    is_blank_marker,
    squeeze,
    to_halfwidth,
)
from .variants import fold_traditional

_UNIT_WORDS = {"亿元": MoneyUnit.YI, "亿": MoneyUnit.YI, "万元": MoneyUnit.WAN, "万": MoneyUnit.WAN}
_UNIT_WORDS["元"] = MoneyUnit.YUAN
_AMOUNT_RE = re.compile(
    r"^(?:人民币|RMB|¥|\$)?(?P<sign>[-+]?)(?:人民币|¥)?"
    r"(?P<num>\d[\d,]*(?:\.\d*)?|\.\d+)(?P<unit>亿元|万元|元|亿|万)?"
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
# A unit written in a header or a unit line: “金额（万元）”, “单位：万元”, “资金(亿元)”.
# “（万）” and “单位：万” (万 without 元) count too, but not “（万亩）”
_BARE = r"|万(?=[)）\]】]|$)|亿(?=[)）\]】]|$)"
_HEADER_UNIT = re.compile(
    r"(?:单位[:：]?|[(（\[【])\s*(亿元|万元|元" + _BARE + r")|(亿元|万元|元)\s*[)）\]】]?$"
)
_UNIT_LINE = re.compile(r"单位[:：]\s*(亿元|万元|元|万(?![亩人户个])|亿)")
# repr() of a float has at most 17 significant digits; this many decimals means float noise
# (e.g. 1234.5600000000001 from a formula), not sub-分 precision someone typed.
_FLOAT_NOISE_DECIMALS = 10
_INF = float("inf")
_FACTORS = {u: Decimal(u.factor) for u in MoneyUnit}


# nothing a county records comes near 1e15 元 (BIGINT 分 holds 9.2e16): refused whatever the setting
HARD_LIMIT_YUAN = Decimal(10) ** 15


def amount_expected(unit: MoneyUnit) -> str:
    """What an amount cell should contain, in Chinese."""
    example = "12.5" if unit is not MoneyUnit.YUAN else "125000.00"
    return f"金额数字（单位：{unit.value}），如 {example} 或 {example}{unit.value}"


def unit_in_header(text: str) -> MoneyUnit | None:
    """The money unit a column header announces (“计划投资（万元）”), if any."""
    m = _HEADER_UNIT.search(fold_traditional(squeeze(text)))
    if not m:
        return None
    return _UNIT_WORDS[m.group(1) or m.group(2)]


def unit_in_line(text: str) -> MoneyUnit | None:
    """The money unit a title/unit line announces (“单位：万元”, “（金额单位：元）”), if any."""
    m = _UNIT_LINE.search(fold_traditional(squeeze(text)))
    return _UNIT_WORDS[m.group(1)] if m else None


def _float_to_decimal(raw: float, unit: MoneyUnit) -> Decimal:
    if raw != raw or raw in (float("inf"), float("-inf")):
        raise NormalizeError("单元格不是有效的数字", amount_expected(unit))
    return Decimal(repr(raw))


def _parse_text(raw: str, unit: MoneyUnit) -> tuple[Decimal, MoneyUnit, str]:
    """→ (number, unit it is written in, ignored trailing text)."""
    text = fold_traditional(squeeze(raw))
    text = text.replace("，", ",").replace("。", ".")
    m = _AMOUNT_RE.match(text)
    if not m:
        raise NormalizeError(f"“{raw}”不是金额数字", amount_expected(unit))
    num = m.group("num")
    if "," in num:
        if not _GROUPED.match(num):
            raise NormalizeError(f"“{raw}”中的千分位逗号位置不对", amount_expected(unit))
        num = num.replace(",", "")
    rest = text[m.end() :]
    if rest.startswith("%"):
        raise NormalizeError(f"“{raw}”是百分比，不是金额", amount_expected(unit))
    if rest[:1].isdigit() or rest[:1] == ".":
        raise NormalizeError(f"“{raw}”不是一个金额数字", amount_expected(unit))
    value = Decimal(num.rstrip(".") or "0")
    if m.group("sign") == "-":
        value = -value
    cell_unit = _UNIT_WORDS[m.group("unit")] if m.group("unit") else unit
    return value, cell_unit, rest


def normalize_amount(
    raw: object, unit: MoneyUnit = MoneyUnit.YUAN, *, allow_negative: bool = False
) -> Normalized[Decimal]:
    """A cell → exact Decimal 元 (2 decimals); `unit` is the column's unit (header/line/default).

    A unit written in the cell itself (`20万元`) wins over `unit`. Text after the number
    (`10(其中灾情6万元)`) is ignored with a warning. Amounts below 1 分 are rounded half up
    with a warning, except float noise from formulas, which is rounded silently.
    """
    if type(raw) is float and raw == raw and raw not in (_INF, -_INF):  # the common case
        value = Decimal(repr(raw))
        yuan = value * _FACTORS[unit]
        rounded = quantize_yuan(yuan)
        noise = -value.as_tuple().exponent >= _FLOAT_NOISE_DECIMALS  # type: ignore[operator]
        sign_ok = rounded >= 0 or allow_negative
        if (rounded == yuan or noise) and sign_ok and abs(rounded) <= HARD_LIMIT_YUAN:
            return Normalized(rounded)
    if is_blank_marker(raw):
        return Normalized(None)
    warnings: list[str] = []
    noisy = False
    cell_unit = unit
    if isinstance(raw, (bool, dt.date, dt.time, dt.timedelta)):
        raise NormalizeError(f"单元格是{display(raw)}，不是金额", amount_expected(unit))
    if isinstance(raw, float):
        value = _float_to_decimal(raw, unit)
        noisy = -value.as_tuple().exponent >= _FLOAT_NOISE_DECIMALS  # type: ignore[operator]
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        half = to_halfwidth(raw).strip()
        if half.upper() in {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}:
            raise NormalizeError(f"单元格是公式错误值 {half}", amount_expected(unit))
        value, cell_unit, rest = _parse_text(raw, unit)
        if rest:
            warnings.append(
                f"“{raw.strip()}”中的附注文字“{rest}”已忽略，按 {value}{cell_unit.value} 导入"
            )
    else:
        raise NormalizeError(f"“{display(raw)}”不是金额", amount_expected(unit))
    if not value.is_finite():
        raise NormalizeError(f"“{display(raw)}”不是有效的数字", amount_expected(unit))
    yuan = convert_to_yuan(value, cell_unit)
    rounded = quantize_yuan(yuan)
    if rounded != yuan and not noisy:
        warnings.append(f"“{display(raw)}”精确到了分以下，已四舍五入为 {rounded} 元")
    if rounded < 0 and not allow_negative:
        raise NormalizeError(f"“{display(raw)}”是负数", "不小于 0 的" + amount_expected(unit))
    if abs(rounded) > HARD_LIMIT_YUAN:
        raise NormalizeError(f"金额“{display(raw)}”大得不合理", amount_expected(unit))
    return Normalized(rounded, tuple(warnings))
