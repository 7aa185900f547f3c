"""An amount typed in 万元 by default: “120”, “120万”, “1,200,000元” all give exact 元."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.exchange.amounts import normalize_amount
from fpr_desktop.exchange.normalize import NormalizeError
from ui.common.widgets import text_width


class WanEdit(QLineEdit):
    """Shows and reads 万元; a unit written in the text (万/万元/元) wins."""

    def __init__(self, parent: QWidget | None = None, *, allow_negative: bool = False) -> None:
        super().__init__(parent)
        self.allow_negative = allow_negative
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("万元，如 12.5 或 125000元")
        self.setMinimumWidth(text_width(self, "万元，如 12.5 或 125000元"))

    def amount(self) -> Decimal:
        """Exact 元; raises ValueError with a Chinese message."""
        text = self.text().strip()
        if not text:
            raise ValueError("金额不能为空")
        try:
            out = normalize_amount(text, MoneyUnit.WAN, allow_negative=self.allow_negative)
        except NormalizeError as exc:
            raise ValueError(str(exc)) from None
        if out.value is None or out.warnings:
            raise ValueError(f"“{text}”不是金额，应写作 12.5（万元）或 125000元")
        return out.value

    def set_amount(self, yuan: Decimal) -> None:
        self.setText(format_amount(yuan, MoneyUnit.WAN, 6).rstrip("0").rstrip("."))
