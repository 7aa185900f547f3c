"""The 单项金额上限: no single amount may be larger than the setting (checked at every door)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fpr_desktop.base.settings import get_value


def amount_limit(session: Any) -> Decimal:
    """The 单项金额上限 setting in 元: no single amount may be larger (checked at every door)."""
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
