"""系统管理 → 行政区划 → 本县设置…: change the county's code and unit names, or — while the
database has no projects — switch to another county (its divisions then come from an import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from fpr_desktop.divisions.county import CountyState, county_state, set_up_county
from ui.common.widgets import FormDialog, Workspace, submit_dialog
from ui.county_box import CountyBox


class CountyDialog(FormDialog):
    """本县设置: the first-start fields, filled from the database."""

    def __init__(self, state: CountyState, parent: QWidget | None = None) -> None:
        super().__init__("本县设置", parent)
        self.box = CountyBox(state.setup.name, self, keep=True)
        self.box.code.setText(state.setup.code)
        for key, edit in self.box.units.items():
            edit.setText(getattr(state.setup, key))
        self.box.keep_unit_names()  # stored names are the user's: never re-derived
        counts = (
            f"现有乡镇 {state.towns} 个、村（社区） {state.villages} 个、项目 {state.projects} 个。"
        )
        if not state.can_switch:
            reason = "数据库中已有项目，不能更换县或重建区划（可修改区划代码和单位名称）。"
            for widget in (self.box.name, self.box.bundled, self.box.later):
                widget.setEnabled(False)
                widget.setToolTip(reason)
            counts += reason
        note = QLabel(counts, self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.box)

    def check(self) -> str:
        return self.box.check()


def open_county_dialog(
    ws: Workspace, parent: QWidget, on_saved: Callable[[CountyState, bool], Any]
) -> None:
    """Read the county off the GUI thread, then show the dialog; `on_saved(state, import)`."""

    def show(state: CountyState) -> None:
        dialog = CountyDialog(state, parent)

        def save() -> None:
            setup, divisions = dialog.box.values()
            submit_dialog(
                ws,
                dialog,
                lambda s: set_up_county(s, ws.actor, setup, divisions),
                on_saved=lambda new: on_saved(new, divisions == "import"),
                on_conflict=lambda: None,
            )

        dialog.save_requested.connect(save)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    ws.read(county_state, on_success=show, parent=parent)
