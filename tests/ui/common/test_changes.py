"""The app-wide change signal: a write reports the tables it changed; watching pages refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fpr_desktop.base.changes import Changes
from fpr_desktop.divisions import services as div

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fpr_desktop.base.context import Actor
    from fpr_desktop.db.engine import Database
    from ui.common.ops import OpRunner


def _page(ws, tables: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from ui.common.widgets import LazyPage

    class Counting(LazyPage):
        def __init__(self) -> None:
            super().__init__(ws)
            self.reads = 0
            self.watch(*tables)

        def reload(self) -> None:
            self.reads += 1
            self.finish_loading()

    return Counting()


def test_a_write_reports_its_tables_and_watching_pages_refresh(
    qtbot: QtBot, database: Database, admin: Actor, op_runner: OpRunner
) -> None:
    from ui.common.widgets import Workspace

    ws = Workspace(database, admin, op_runner)
    seen: list[Changes] = []
    ws.changes.changed.connect(seen.append)
    divisions, notices = _page(ws, ("division",)), _page(ws, ("notice",))
    for page in (divisions, notices):
        qtbot.addWidget(page)
        page.show()
    hidden = _page(ws, ("division",))
    qtbot.addWidget(hidden)
    hidden.show()
    hidden.hide()  # read once, then put away
    assert (divisions.reads, notices.reads, hidden.reads) == (1, 1, 1)

    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
    done: list[object] = []
    ws.write(
        lambda s: div.add_division(s, admin, name="新建村", parent_id=town.id),
        on_success=done.append,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    assert seen and "division" in seen[0].tables and "notice" not in seen[0].tables
    assert (divisions.reads, notices.reads) == (2, 1)  # only the page showing divisions
    assert hidden.reads == 1  # hidden: not read now …
    hidden.show()
    assert hidden.reads == 2  # … but as soon as it is shown again


def test_nothing_written_publishes_nothing(
    qtbot: QtBot, database: Database, admin: Actor, op_runner: OpRunner
) -> None:
    from ui.common.widgets import Workspace

    ws = Workspace(database, admin, op_runner)
    seen: list[Changes] = []
    ws.changes.changed.connect(seen.append)
    done: list[object] = []
    ws.write(lambda s: None, on_success=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert seen == []
