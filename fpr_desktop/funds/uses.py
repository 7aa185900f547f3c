"""Spending uses (资金用途) and the flags task 40 and the negative list put on them (data)."""

from __future__ import annotations

from fpr_desktop.base.reference import choices

NEGATIVE_FLAG = "负面清单"
OWN_CHANNEL_FLAG = "应由原资金渠道支持"


def use_categories() -> tuple[str, ...]:
    return choices("funds", "use_categories")


def use_flag(use_category: str) -> str:
    """'' for an ordinary use; why the use is questioned otherwise (shown and listed)."""
    if use_category in choices("funds", "negative_list"):
        return f"{NEGATIVE_FLAG}：{use_category}"
    if use_category in choices("funds", "own_channel_uses"):
        return f"{OWN_CHANNEL_FLAG}：{use_category}"
    return ""
