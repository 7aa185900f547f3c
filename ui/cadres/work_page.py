"""走访与培训: household-visit coverage per key village against its household count (every
household at least once a year) with the village's visits, and the year's trainings with the
"at least one county-level training a year" check. Enter (or a double-click) on a visit or a
training opens it for correction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.base.permissions import can
from fpr_desktop.cadres import edits, records, work
from ui.cadres.cells import fill_table, picked_key
from ui.cadres.work_forms import TrainingDialog, VisitDialog
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget

COVERAGE_COLUMNS = ["村", "户数", "已走访户数", "覆盖率%", "状态"]
VISIT_COLUMNS = ["走访日期", "农户", "走访人员", "纳入监测", "核查内容", "发现问题"]
TRAINING_COLUMNS = ["姓名", "举办层级", "开始", "结束", "学时", "培训班"]
ROW_ID = Qt.ItemDataRole.UserRole
NO_DAILY = "当前用户没有“登记驻村考勤、请销假和走访”的权限"
NO_EDIT = "当前用户没有“维护驻村干部”的权限"


@dataclass(frozen=True)
class WorkData:
    coverage: list[work.CoverageRow]
    trainings: list[records.TrainingRow]
    shortfalls: list[tuple[int, str, int]]
    cadres: list[records.PostedCadre]


class WorkPage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("household_visit", "cadre_training", "key_village", "cadre_assignment")
        self.data: WorkData | None = None
        self.visit_rows: list[records.VisitRow] = []
        self.dialog: VisitDialog | TrainingDialog | None = None
        self.may_daily = can(ws.actor, "cadres.daily")
        self.may_edit = can(ws.actor, "cadres.edit")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.reload)
        self.visit_button = QPushButton("登记走访…", self)
        self.visit_button.clicked.connect(self.open_visit)
        self.training_button = QPushButton("登记培训…", self)
        self.training_button.clicked.connect(lambda: self.open_training())
        self.training_button.setEnabled(self.may_edit)
        self.training_button.setToolTip(
            "登记驻村干部参加的培训" if self.may_edit else f"{NO_EDIT}。"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.visit_button)
        bar.addWidget(self.training_button)
        self.coverage = table_widget(self, COVERAGE_COLUMNS)
        self.coverage.itemActivated.connect(lambda _i: self.open_visit())
        self.coverage.itemSelectionChanged.connect(self._village_changed)
        self.visits = table_widget(self, VISIT_COLUMNS)
        self.visits.itemActivated.connect(lambda _i: self.edit_visit())
        self.visits.setToolTip(
            "选中一条走访按 Enter 或双击修改" if self.may_daily else f"{NO_DAILY}，只能查看。"
        )
        self.trainings = table_widget(self, TRAINING_COLUMNS)
        self.trainings.itemActivated.connect(lambda _i: self.edit_training())
        self.trainings.setToolTip(
            "选中一条培训按 Enter 或双击修改" if self.may_edit else f"{NO_EDIT}，只能查看。"
        )
        self.training_hint = hint_label(self)
        self.training_hint.setObjectName("warningLabel")
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.coverage)
        top.addWidget(self.visits)
        top.setSizes([400, 700])
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("培训", self))
        lower_layout.addWidget(self.training_hint)
        lower_layout.addWidget(self.trainings, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(lower)
        self.hint = hint_label(self)
        self.notice = ""  # what the last step did, kept over the reload it causes
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(QLabel("入户走访覆盖（重点帮扶村）", self))
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)
        self._update_buttons()

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.value()

        def load(s: Session) -> WorkData:
            return WorkData(
                work.visit_coverage(s, actor, year),
                records.list_trainings(s, actor, year),
                work.training_shortfalls(s, actor, year),
                records.posted_cadres(s, actor),
            )

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: WorkData) -> None:
        keep = self.current_village()
        self.data = data
        fill_table(
            self.coverage,
            [
                (c.village, c.households, c.visited, c.percent, "未全覆盖" if c.short else "已覆盖")
                for c in data.coverage
            ],
            warn=[c.short for c in data.coverage],
        )
        for i, c in enumerate(data.coverage):
            item = self.coverage.item(i, 0)
            if item is not None:
                item.setData(ROW_ID, c.village_id)
            if keep is not None and c.village_id == keep[0]:
                self.coverage.selectRow(i)
        fill_table(
            self.trainings,
            [
                (t.name, t.level, str(t.start_date), str(t.end_date), t.hours, t.course)
                for t in data.trainings
            ],
            keys=range(len(data.trainings)),
        )
        short = data.shortfalls
        self.training_hint.setText(
            f"{self.year.value()}年尚未参加县级以上培训：{'、'.join(n for _i, n, _c in short)}。"
            if short
            else f"{self.year.value()}年在岗干部均已参加县级以上培训。"
        )
        short_villages = sum(c.short for c in data.coverage)
        notice, self.notice = self.notice, ""
        self.hint.setText(
            (notice + " " if notice else "")
            + (
                f"重点帮扶村{len(data.coverage)}个，其中{short_villages}个尚未全部走访（红色）。"
                "选中一个村按 Enter 或双击登记走访；选中一条走访或培训按 Enter 修改。"
                if data.coverage
                else "本年度还没有认定重点帮扶村，先在“重点帮扶村”认定。"
            )
        )
        self._village_changed()
        self.finish_loading()

    def current_village(self) -> tuple[int, str] | None:
        picked = self.coverage.selectionModel().selectedRows()
        if not picked:
            return None
        item = self.coverage.item(picked[0].row(), 0)
        return (int(item.data(ROW_ID)), item.text()) if item is not None else None

    def _village_changed(self) -> None:
        self._update_buttons()
        village = self.current_village()
        if village is None:
            self._show_visits([])
            return
        actor, year = self.ws.actor, self.year.value()
        self.ws.read(
            lambda s: records.list_visits(s, actor, village[0], year),
            on_success=self._show_visits,
            parent=self,
        )

    def _show_visits(self, rows: list[records.VisitRow]) -> None:
        self.visit_rows = rows
        fill_table(
            self.visits,
            [
                (
                    str(v.visited_on),
                    v.household,
                    v.visitors,
                    "是" if v.referred else "",
                    v.items,
                    v.problems,
                )
                for v in rows
            ],
            warn=[v.referred for v in rows],
            keys=range(len(rows)),
        )

    def _update_buttons(self) -> None:
        picked = self.current_village() is not None
        self.visit_button.setEnabled(self.may_daily and picked)
        self.visit_button.setToolTip(
            "当前用户没有“登记驻村考勤、请销假和走访”的权限。"
            if not self.may_daily
            else "登记选中村的一次入户走访"
            if picked
            else "请先在左侧选中一个村。"
        )

    def open_visit(self) -> None:
        village = self.current_village()
        if village is None or not self.visit_button.isEnabled() or self.data is None:
            return
        team = "、".join(
            c.label.split()[-1] for c in self.data.cadres if c.village_id == village[0]
        )
        actor = self.ws.actor
        dialog = VisitDialog(village[0], village[1], team, self)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: work.record_visit(s, actor, v),
            on_saved=lambda _i: self._tell(
                f"已登记{village[1]}{dialog.household.text().strip()}户的走访。"
            ),
        )

    def open_training(self, cadre_id: int | None = None) -> None:
        if self.data is None or not self.training_button.isEnabled():
            return
        actor = self.ws.actor
        dialog = TrainingDialog(self.data.cadres, cadre_id, self)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: work.record_training(s, actor, **v),  # type: ignore[arg-type]
            on_saved=lambda _i: self._tell(f"已登记培训“{dialog.course.text().strip()}”。"),
        )

    def _tell(self, text: str) -> None:
        self.notice = text
        self.hint.setText(text)

    def _tell_changed(self, what: str, changed: list[str]) -> None:
        """After a correction: what changed (kept over the reload it causes), or nothing did."""
        if changed:
            self._tell(f"已修改{what}：{'、'.join(changed)}。")
        else:
            self.hint.setText(f"{what}没有改动。")

    def edit_visit(self) -> None:
        """Enter on a visit: its form, filled, saving the correction (or why it cannot)."""
        village, key = self.current_village(), picked_key(self.visits)
        if village is None or key is None or self.data is None:
            return
        if not self.may_daily:
            self.hint.setText(f"{NO_DAILY}，走访记录只能查看，不能修改。")
            return
        row = self.visit_rows[key]
        actor = self.ws.actor
        dialog = VisitDialog(village[0], village[1], row.visitors, self)
        dialog.fill(row)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: edits.update_visit(s, actor, row.id, row.stamp, v),
            on_saved=lambda changed: self._tell_changed(
                f"{village[1]}{dialog.household.text().strip()}户的走访", changed
            ),
        )

    def edit_training(self) -> None:
        key = picked_key(self.trainings)
        if key is None or self.data is None:
            return
        if not self.may_edit:
            self.hint.setText(f"{NO_EDIT}，培训记录只能查看，不能修改。")
            return
        row = self.data.trainings[key]
        actor = self.ws.actor
        dialog = TrainingDialog(self.data.cadres, row.cadre_id, self)
        dialog.fill(row)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: edits.update_training(s, actor, row.id, row.stamp, **v),  # type: ignore[arg-type]
            on_saved=lambda changed: self._tell_changed(
                f"{dialog.cadre.currentText().split()[-1]}的培训“{dialog.course.text().strip()}”",
                changed,
            ),
        )
