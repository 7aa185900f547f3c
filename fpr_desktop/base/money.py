"""Exact money: integer 分 (fen) in storage, Decimal 元 in Python, text in 元 or 万元 for people.

Every conversion of an amount goes through this module; floats are refused so that a rounding
error can never creep into a ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

FEN_PER_YUAN = 100
YUAN_PER_WAN = 10_000
YUAN_PER_YI = 100_000_000
CENT = Decimal("0.01")


class MoneyUnit(StrEnum):
    """Units in which people read and write amounts."""

    YUAN = "元"
    WAN = "万元"
    YI = "亿元"

    @property
    def factor(self) -> int:
        """How many 元 one of this unit is."""
        return {MoneyUnit.YUAN: 1, MoneyUnit.WAN: YUAN_PER_WAN, MoneyUnit.YI: YUAN_PER_YI}[self]


class MoneyError(ValueError):
    """An amount that cannot be represented exactly (carries a Chinese message)."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Turn an int, str or Decimal into a Decimal; floats are refused (use Decimal(repr(x)))."""
    if isinstance(value, (bool, float)):
        raise TypeError("金额不能使用浮点数，请先转换为 Decimal（Decimal(repr(x))）")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise MoneyError(f"“{value}”不是有效的金额") from exc


def quantize_yuan(amount: Decimal) -> Decimal:
    """Round an amount in 元 to whole 分, half up (2.675 → 2.68), as finance offices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan_to_fen(amount: Decimal | int | str, *, exact: bool = True) -> int:
    """元 → integer 分. With exact=True an amount with fractions of a 分 is refused."""
    d = to_decimal(amount)
    if not d.is_finite():
        raise MoneyError(f"“{amount}”不是有效的金额")
    q = quantize_yuan(d)
    if exact and q != d:
        raise MoneyError(f"金额 {d} 元精确到分以下，无法按分记账")
    return int(q * FEN_PER_YUAN)


def fen_to_yuan(fen: int) -> Decimal:
    """Integer 分 → Decimal 元 with exactly two decimals."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("分必须是整数")
    return (Decimal(fen) / FEN_PER_YUAN).quantize(CENT)


def wan_to_yuan(amount: Decimal | int | str) -> Decimal:
    """万元 → 元, exactly (万元 with up to 6 decimals is a whole number of 分)."""
    return to_decimal(amount) * YUAN_PER_WAN


def yuan_to_wan(amount: Decimal) -> Decimal:
    """元 → 万元, exactly (no rounding: 1 分 is 0.000001 万元)."""
    return (to_decimal(amount) / YUAN_PER_WAN).normalize() if amount else Decimal(0)


def convert_to_yuan(amount: Decimal | int | str, unit: MoneyUnit) -> Decimal:
    """An amount written in `unit` → 元 (exact)."""
    return to_decimal(amount) * unit.factor


def format_amount(
    yuan: Decimal | None,
    unit: MoneyUnit = MoneyUnit.YUAN,
    decimals: int | None = None,
    *,
    grouping: bool = True,
) -> str:
    """Show an amount (given in 元) in `unit`: 元 with 2 decimals, 万元 with 2–6 (default 2)."""
    if yuan is None:
        return ""
    value = to_decimal(yuan) / unit.factor
    if decimals is None:
        decimals = 2
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{q:,.{decimals}f}" if grouping else f"{q:.{decimals}f}"


def parse_amount(text: str, unit: MoneyUnit = MoneyUnit.YUAN) -> Decimal:
    """Parse a plainly written amount in `unit` (e.g. '1,234.50', '161.50') → exact 元.

    This is the strict parser for forms; the spreadsheet importer has its own forgiving
    normaliser that ends up here.
    """
    cleaned = str(text).strip().replace(",", "").replace("，", "")
    if not cleaned:
        raise MoneyError("金额不能为空")
    try:
        d = Decimal(cleaned)
    except InvalidOperation as exc:
        raise MoneyError(f"“{text}”不是有效的金额，应为数字，如 1234.56") from exc
    if not d.is_finite():
        raise MoneyError(f"“{text}”不是有效的金额")
    yuan = d * unit.factor
    if quantize_yuan(yuan) != yuan:
        raise MoneyError(f"“{text}”{unit.value}精确到了分以下（最多到 0.01 元）")
    return quantize_yuan(yuan)


def amount_limit(session: Any) -> Decimal:
    """The 单项金额上限 setting in 元: no single amount may be larger (checked at every door)."""
    from fpr_desktop.base.settings import get_value

    return Decimal(int(get_value(session, "money.max_amount"))) * 10000


def amount_problems(session: Any, amounts: Mapping[str, Decimal | None]) -> list[str]:
    """Chinese messages for the amounts (label → 元) above the 单项金额上限 setting."""
    limit = amount_limit(session)
    shown = f"{(limit / 10000).normalize():f}"
    return [
        f"{label} {value / 10000:f} 万元超过单项金额上限 {shown} 万元（可能多填了位数）。"
        for label, value in amounts.items()
        if value is not None and abs(value) > limit
    ]
