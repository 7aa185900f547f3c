"""Money on screen: shown and typed in the unit of the settings (万元 by default, as on paper).

Amounts are exact 元 (Decimal) underneath. What a clerk types is read in the screen's unit
unless it carries its own ("120万", "1,200,000元", "0.5亿元"); a form field shows a stored amount
with every decimal it needs (29.862588 万元 is 298,625.88 元 to the 分), so opening and saving
a form never changes an amount; lists and footers round to the settings' decimals.
`MoneyFormat.current()` is the format of the logged-in session: `load_money_format` reads it
from the settings when a workspace opens and again when an administrator changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.money import MoneyError, MoneyUnit, format_amount, parse_amount, to_decimal
from fpr_desktop.base.settings import get_value

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class MoneyFormat:
    """A unit and the decimals lists show it with."""

    unit: MoneyUnit = MoneyUnit.WAN
    decimals: int = 2
    _current: ClassVar[MoneyFormat | None] = None

    @classmethod
    def current(cls) -> MoneyFormat:
        return cls._current or cls()

    @classmethod
    def use(cls, fmt: MoneyFormat) -> None:
        cls._current = fmt

    def text(self, yuan: Decimal | None) -> str:
        """An amount for a list, a footer or a label: 1,234.56 in the unit, rounded."""
        decimals = self.decimals if self.unit is not MoneyUnit.YUAN else 2
        return format_amount(yuan, self.unit, decimals)

    def exact_text(self, yuan: Decimal | None) -> str:
        """An amount for a field to edit: every decimal it needs in the unit (never rounded)."""
        if yuan is None:
            return ""
        value = to_decimal(yuan) / self.unit.factor
        decimals = max(2, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
        return format_amount(yuan, self.unit, min(decimals, 8))

    def with_unit(self, yuan: Decimal | None) -> str:
        return f"{self.text(yuan)} {self.unit.value}"

    def title(self, name: str) -> str:
        """A column or field title with the unit: 总投资（万元）."""
        return f"{name}（{self.unit.value}）"

    def parse(self, text: str) -> Decimal:
        """What a clerk typed → exact 元 (raises MoneyError with a Chinese message)."""
        return parse_amount(text, self.unit)


def load_money_format(session: Session) -> MoneyFormat:
    """The money format of the settings, made the current one."""
    unit = MoneyUnit(str(get_value(session, "display.money_unit")))
    fmt = MoneyFormat(unit, int(get_value(session, "display.wan_decimals")))
    MoneyFormat.use(fmt)
    return fmt


class MoneyEdit(QLineEdit):
    """An amount typed as text in the screen's unit (or with its own) and read as exact 元."""

    def __init__(
        self, parent: QWidget | None = None, *, required: bool = True, allow_negative: bool = False
    ) -> None:
        super().__init__(parent)
        self.required = required
        self.allow_negative = allow_negative  # adjustments may be negative; amounts otherwise not
        self.fmt = MoneyFormat.current()
        self.setAlignment(RIGHT)
        self.setPlaceholderText("如 120 或 120万")
        self.setToolTip(f"以{self.fmt.unit.value}填写；也可写明单位，如“120万”“1,200,000元”")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("999,999,999.99") + 16)
        self.editingFinished.connect(self._tidy)

    def amount(self) -> Decimal | None:
        """The amount typed, in 元 (None: left empty and not required). Raises MoneyError."""
        if not self.text().strip() and not self.required:
            return None
        amount = self.fmt.parse(self.text())
        if amount < 0 and not self.allow_negative:
            raise MoneyError("金额不能为负数")
        return amount

    def set_amount(self, amount: Decimal | None) -> None:
        self.setText(self.fmt.exact_text(amount))

    def problem(self, label: str) -> str:
        try:
            self.amount()
        except MoneyError as exc:
            return f"{label}：{exc}。"
        return ""

    def _tidy(self) -> None:
        try:
            amount = self.amount()
        except MoneyError:
            return  # left as typed; the form names the problem on save
        if amount is not None:
            self.set_amount(amount)
