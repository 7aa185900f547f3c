"""重点帮扶村: the key assistance villages of a year with reason, households and team size."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.cadres.posting import posting_context
from fpr_desktop.cadres.roster import KeyVillageRow, list_key_villages, set_key_village
from ui.cadres.cells import fill_table
from ui.cadres.people_forms import KeyVillageDialog
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget

COLUMNS = ["镇", "村", "认定原因", "户数", "驻村人数"]


class KeyVillagesPage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("key_village", "cadre_assignment")
        self.dialog: KeyVillageDialog | None = None
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.reload)
        self.reload_button = QPushButton("刷新", self)
        self.reload_button.clicked.connect(self.reload)
        self.add_button = QPushButton("认定…", self)
        may = can(ws.actor, "cadres.edit")
        self.add_button.setEnabled(may)
        self.add_button.setToolTip(
            "认定（或重新说明）本年度的重点帮扶村" if may else "当前用户没有“维护驻村干部”的权限。"
        )
        self.add_button.clicked.connect(lambda: self.open_village())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.reload_button)
        self.table = table_widget(self, COLUMNS)
        self.table.itemActivated.connect(lambda _i: self.open_village(self.current()))
        self.rows: list[KeyVillageRow] = []
        self.hint = hint_label(self)
        self.notice = ""  # what the last step did, kept over the reload it causes
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.value()
        self.ws.read(
            lambda s: list_key_villages(s, actor, year), on_success=self._show, parent=self
        )

    def _show(self, rows: list[KeyVillageRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [(r.town, r.village, r.reason, r.households, r.team_size) for r in rows],
            warn=[r.team_size == 0 for r in rows],
        )
        for i in range(len(rows)):  # each row keeps its village when the headers sort it
            item = self.table.item(i, 0)
            if item is not None:
                item.setData(Qt.ItemDataRole.UserRole, i)
        unstaffed = sum(r.team_size == 0 for r in rows)
        notice, self.notice = self.notice, ""
        self.hint.setText(
            (notice + " " if notice else "")
            + f"{self.year.value()}年共认定重点帮扶村{len(rows)}个"
            + (f"，其中{unstaffed}个尚未派驻工作队（红色）。" if unstaffed else "。")
            + "先定村、再定人：认定后在“干部名册”选派第一书记和工作队。"
            + "选中一行按 Enter 或双击修改认定原因和户数。"
        )
        self.finish_loading()

    def current(self) -> KeyVillageRow | None:
        picked = self.table.selectionModel().selectedRows()
        item = self.table.item(picked[0].row(), 0) if picked else None
        return self.rows[int(item.data(Qt.ItemDataRole.UserRole))] if item is not None else None

    def open_village(self, current: KeyVillageRow | None = None) -> None:
        if not self.add_button.isEnabled():
            return
        actor, year = self.ws.actor, self.year.value()

        def load(s: Session) -> list[tuple[int, str]]:
            return posting_context(s, actor, date.today()).villages

        def show(villages: list[tuple[int, str]]) -> None:
            dialog = KeyVillageDialog(villages, year, current, self)

            def values() -> tuple[int, int, str, int, str]:
                return (
                    dialog.year.value(),
                    int(dialog.village.currentData()),
                    dialog.reason.currentText(),
                    dialog.households.value(),
                    dialog.note.toPlainText(),
                )

            self.open_form(
                dialog,
                values,
                lambda s, v: set_key_village(
                    s, actor, year=v[0], village_id=v[1], reason=v[2], households=v[3], note=v[4]
                ),
                on_saved=lambda _i: self._tell(
                    f"已认定{dialog.village.currentText()}为{dialog.year.value()}年重点帮扶村。"
                    "下一步：在“干部名册”选派第一书记和工作队。"
                ),
            )

        self.ws.read(load, on_success=show, parent=self)

    def _tell(self, text: str) -> None:
        self.notice = text
        self.hint.setText(text)
