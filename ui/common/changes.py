"""The one app-wide change signal: a write reports what it changed, pages that show it refresh.

Every write the GUI makes through `Workspace.write` hands back the core's `Changes` summary (the
tables the transaction wrote, collected by the audit hook — see `fpr_desktop.base.changes`) and
publishes it here, on the GUI thread, before the caller's `on_success` runs. Writes that do not
go through `Workspace.write` (an import, a batch of notices) publish their summary themselves:
`ws.changes.publish(outcome.changes)`.

A page says which tables it shows and what to do when they change; it never knows which page,
dialog or module wrote them:

    ws.changes.subscribe(self, ("project", "project_step"), lambda changes: self.refresh())

or, for a `LazyPage`, `self.watch("project", "project_step")`: reloaded at once when visible,
otherwise marked stale and reloaded the next time it is shown. Subscriptions end with the
subscribing widget. 首页 and the tabs of modules still to come subscribe the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from fpr_desktop.base.changes import Changes


class ChangeBus(QObject):
    """The program's change signal (one per workspace, i.e. per logged-in window)."""

    #: A write committed: its `Changes` summary (never empty).
    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        """Tell every subscriber what a committed write changed (nothing: no signal)."""
        if changes:
            self.changed.emit(changes)

    def subscribe(
        self, owner: QWidget, tables: Iterable[str], callback: Callable[[Changes], Any]
    ) -> None:
        """Call `callback(changes)` when a write touched one of `tables` (all: empty), while
        `owner` exists."""
        wanted = frozenset(tables)

        def deliver(changes: Changes) -> None:
            if not isValid(owner):
                self.changed.disconnect(deliver)
                return
            if not wanted or changes.touches(wanted):
                callback(changes)

        self.changed.connect(deliver)
