"""Only the newest read of a page reaches the screen (a save reloads twice: the change signal
and the page's own follow-up; an older answer arriving last must not overwrite a newer one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget


def latest[T](page: QWidget, show: Callable[[T], Any], what: str = "page") -> Callable[[T], None]:
    """`show`, dropped when `page` started a newer read of `what` meanwhile."""
    key = f"fundsRead_{what}"
    generation = int(page.property(key) or 0) + 1
    page.setProperty(key, generation)

    def call(result: T) -> None:
        if int(page.property(key) or 0) == generation:
            show(result)

    return call
