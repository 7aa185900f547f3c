"""The one date field: typed from the keyboard (20261201, 2026-12-01, 2026年12月1日 …) or picked.

A QDateEdit cannot be typed into while it shows a special text such as “未定” (typing 20261201
gave “未定0261201”) and keeps the Tab key for its own sections, so a clerk working from the
keyboard gets stuck. This is a plain line edit instead: whatever is typed is read when the field
is left; an empty optional field means “no date”; a text that is no date, or a day outside the
allowed range, stays as typed, is marked, and `problem()` says what is wrong so the form can list
it with its other errors. The calendar opens from the button, or with Alt+↓ / F4.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

_SEPARATED = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_day(text: str) -> date | None:
    """The day written in `text` (None when it is not a date)."""
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class DateInput(QWidget):
    """A date field (see the module docstring). `day_changed` carries the new date or None."""

    #: A valid day was typed or picked, or an optional field was emptied (carries date | None).
    day_changed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
        optional: bool = False,
        placeholder: str = "",
        minimum: date | None = None,
        maximum: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.minimum = minimum
        self.maximum = maximum
        self._last: date | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder or ("未定" if optional else "年-月-日"))
        self.edit.setToolTip("可直接输入，如 20261201、2026-12-01、2026年12月1日；Alt+↓ 打开日历")
        self.edit.setMaxLength(16)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)
        self.button = QToolButton(self)
        self.button.setText("日历")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the next field
        self.button.clicked.connect(self.open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.set_day(day)

    # --- value -----------------------------------------------------------------------------

    def day(self) -> date | None:
        """The valid day shown (None: empty, or not a valid day — see `problem`)."""
        day = parse_day(self.edit.text())
        return day if day is not None and not self._out_of_range(day) else None

    def set_day(self, day: date | None) -> None:
        self.edit.setText("" if day is None else day.isoformat())
        self._mark("")
        self._last = day

    def set_minimum(self, day: date | None) -> None:
        self.minimum = day

    def is_empty(self) -> bool:
        return not self.edit.text().strip()

    def problem(self, label: str) -> str:
        """What is wrong with the field, as a sentence naming `label` ('' when fine)."""
        text = self.edit.text().strip()
        if not text:
            return "" if self.optional else f"请选择{label}。"
        day = parse_day(text)
        if day is None:
            return f"{label}“{text}”不是有效日期，请写作 2026-12-01 或 20261201。"
        if self.minimum is not None and day < self.minimum:
            return f"{label}不能早于 {self.minimum.isoformat()}。"
        if self.maximum is not None and day > self.maximum:
            return f"{label}不能晚于 {self.maximum.isoformat()}。"
        return ""

    # --- behaviour -------------------------------------------------------------------------

    def _out_of_range(self, day: date) -> bool:
        return (self.minimum is not None and day < self.minimum) or (
            self.maximum is not None and day > self.maximum
        )

    def _mark(self, problem: str) -> None:
        self.edit.setProperty("invalid", bool(problem))
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }" if problem else "")
        self.edit.setToolTip(problem or "可直接输入，如 20261201、2026-12-01；Alt+↓ 打开日历")

    def _tidy(self) -> None:
        problem = self.problem("日期")
        self._mark(problem)
        if problem:
            return
        day = parse_day(self.edit.text())
        if day is not None:
            self.edit.setText(day.isoformat())
        if day != self._last:
            self._last = day
            self.day_changed.emit(day)

    def eventFilter(self, watched: object, event: object) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if event.type() == QKeyEvent.Type.KeyPress and (
                alt_down or event.key() == Qt.Key.Key_F4
            ):
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def open_calendar(self) -> None:
        """Pick the day from a month calendar below the field."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        start = self.day() or self._last or date.today()
        calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        if self.minimum is not None:
            calendar.setMinimumDate(QDate(self.minimum.year, self.minimum.month, self.minimum.day))
        if self.maximum is not None:
            calendar.setMaximumDate(QDate(self.maximum.year, self.maximum.month, self.maximum.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(picked: QDate) -> None:
            menu.close()
            self.edit.setText(date(picked.year(), picked.month(), picked.day()).isoformat())
            self._tidy()
            self.edit.setFocus()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        self.calendar_menu = menu  # tests reach the open calendar here
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
