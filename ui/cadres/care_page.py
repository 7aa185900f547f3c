"""关爱与督查: care records of the year (work funds, the unit's visits, health checks, accident
insurance, allowances) with the warnings (insurance ending within the window, missing visits or
checks, no report heard by the dispatching unit for six months), and the spot checks. Enter (or
a double-click) on a care record, a spot check or a report opens it for correction."""

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
from fpr_desktop.cadres import attendance, checks, edits, records, work
from fpr_desktop.cadres.rules import UNEXCUSED
from ui.cadres.cells import fill_table, picked_key
from ui.cadres.work_forms import CareDialog, SpotCheckDialog, UnitReportDialog
from ui.common.money import MoneyFormat
from ui.common.widgets import FormDialog, LazyPage, Workspace, hint_label, table_widget

CHECK_COLUMNS = ["日期", "姓名", "类型", "抽查单位", "结果/内容"]
NO_EDIT = "当前用户没有“维护驻村干部”的权限"
NO_DAILY = "当前用户没有“登记驻村考勤、请销假和走访”的权限"


def care_columns() -> list[str]:
    return [
        "日期",
        "姓名",
        "类型",
        "单位",
        "事由",
        MoneyFormat.current().title("金额"),
        "保险止期",
        "备注",
    ]


@dataclass(frozen=True)
class CareData:
    care: list[records.CareRow]
    checks: list[records.CheckRow]
    warnings: list[str]
    cadres: list[records.PostedCadre]


class CarePage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("cadre_care", "cadre_spot_check", "cadre_work_record", "cadre_assignment")
        self.data: CareData | None = None
        self.dialog: FormDialog | None = None
        may_edit, may_daily = can(ws.actor, "cadres.edit"), can(ws.actor, "cadres.daily")
        self.may_edit, self.may_daily = may_edit, may_daily
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.reload)
        self.care_button = QPushButton("关爱登记…", self)
        self.care_button.clicked.connect(lambda: self.open_care())
        self.check_button = QPushButton("抽查登记…", self)
        self.check_button.clicked.connect(lambda: self.open_check())
        self.report_button = QPushButton("听取汇报…", self)
        self.report_button.clicked.connect(lambda: self.open_report())
        for button, may, what in (
            (self.care_button, may_edit, "维护驻村干部"),
            (self.check_button, may_daily, "登记驻村考勤、请销假和走访"),
            (self.report_button, may_daily, "登记驻村考勤、请销假和走访"),
        ):
            button.setEnabled(may)
            if not may:
                button.setToolTip(f"当前用户没有“{what}”的权限。")
        self.report_button.setToolTip(
            self.report_button.toolTip() or "派出单位每半年听取一次驻村工作汇报"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        bar.addWidget(self.year)
        bar.addStretch(1)
        for b in (self.care_button, self.check_button, self.report_button):
            bar.addWidget(b)
        self.warnings = hint_label(self)
        self.warnings.setObjectName("warningLabel")
        self.care = table_widget(self, care_columns())
        self.care.itemActivated.connect(lambda _i: self.edit_care())
        self.care.setToolTip(
            "选中一条关爱记录按 Enter 或双击修改" if may_edit else f"{NO_EDIT}，只能查看。"
        )
        self.checks = table_widget(self, CHECK_COLUMNS)
        self.checks.itemActivated.connect(lambda _i: self.edit_check())
        self.checks.setToolTip(
            "选中一条抽查或汇报按 Enter 或双击修改" if may_daily else f"{NO_DAILY}，只能查看。"
        )
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.care)
        split.addWidget(self.checks)
        self.hint = hint_label(self)
        self.notice = ""  # what the last step did, kept over the reload it causes
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.warnings)
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.value()
        today = date.today()

        def load(s: Session) -> CareData:
            warnings = work.insurance_warnings(s, actor, today)
            warnings += checks.care_shortfalls(s, actor, year)
            warnings += checks.unit_report_gaps(s, actor, today)
            return CareData(
                records.list_care(s, actor, year),
                records.list_checks_and_reports(s, actor, year),
                warnings,
                records.posted_cadres(s, actor),
            )

        self.ws.read(load, on_success=self._show, parent=self)

    def _show(self, data: CareData) -> None:
        self.data = data
        fmt = MoneyFormat.current()
        fill_table(
            self.care,
            [
                (
                    str(c.occurred_on),
                    c.name,
                    c.kind,
                    c.provider,
                    c.occasion if c.kind == "走访慰问" else "",
                    fmt.text(c.amount) if c.amount is not None else "",
                    str(c.valid_to or ""),
                    c.note,
                )
                for c in data.care
            ],
            right=(5,),
            keys=range(len(data.care)),
        )
        fill_table(
            self.checks,
            [(str(r.on), r.name, r.kind, r.by, r.result) for r in data.checks],
            warn=[r.result == UNEXCUSED for r in data.checks],
            keys=range(len(data.checks)),
        )
        w = data.warnings
        self.warnings.setText(
            f"提醒 {len(w)} 条："
            + "；".join(x.rstrip("。") for x in w[:5])
            + ("……" if len(w) > 5 else "")
            if w
            else "没有需要提醒的事项。"
        )
        self.warnings.setToolTip("\n".join(w))
        notice, self.notice = self.notice, ""
        self.hint.setText(
            (notice + " " if notice else "")
            + f"{self.year.value()}年关爱记录 {len(data.care)} 条，"
            f"抽查与汇报 {len(data.checks)} 条。选中一条按 Enter 修改。"
            "保险到期前30天提醒（天数可在设置中调整）。"
        )
        self.finish_loading()

    def _open(self, dialog: FormDialog, work_fn, done: str) -> None:  # type: ignore[no-untyped-def]
        self.open_form(
            dialog,
            dialog.value,  # type: ignore[attr-defined]
            work_fn,
            on_saved=lambda _i: self._tell(done),
        )

    def open_care(self, cadre_id: int | None = None) -> None:
        if self.data is None or not self.care_button.isEnabled():
            return
        actor = self.ws.actor
        dialog = CareDialog(self.data.cadres, cadre_id, self)
        self._open(dialog, lambda s, v: work.record_care(s, actor, v), "已登记关爱记录。")

    def open_check(self, cadre_id: int | None = None) -> None:
        if self.data is None or not self.check_button.isEnabled():
            return
        actor = self.ws.actor
        dialog = SpotCheckDialog(self.data.cadres, cadre_id, self)

        def save(s: Session, v: dict[str, object]) -> int:
            cid = int(v.pop("cadre_id"))  # type: ignore[call-overload]
            return attendance.record_spot_check(s, actor, cid, **v)  # type: ignore[arg-type]

        self._open(dialog, save, "已登记抽查结果。")

    def open_report(self, cadre_id: int | None = None) -> None:
        if self.data is None or not self.report_button.isEnabled():
            return
        actor = self.ws.actor
        dialog = UnitReportDialog(self.data.cadres, cadre_id, self)
        self._open(
            dialog,
            lambda s, v: work.record_work(s, actor, v[0], "派出单位听取汇报", v[1], v[2]),
            "已登记派出单位听取汇报。",
        )

    def edit_care(self) -> None:
        """Enter on a care record: its form, filled, saving the correction (or why it cannot)."""
        key = picked_key(self.care)
        if key is None or self.data is None:
            return
        if not self.may_edit:
            self.hint.setText(f"{NO_EDIT}，关爱记录只能查看，不能修改。")
            return
        row, actor = self.data.care[key], self.ws.actor
        dialog = CareDialog(self.data.cadres, row.cadre_id, self)
        dialog.fill(row)
        self.open_form(
            dialog,
            dialog.value,
            lambda s, v: edits.update_care(s, actor, row.id, row.stamp, v),
            on_saved=lambda changed: self._tell_changed(
                f"{_who(dialog)}的{dialog.kind.currentText()}记录", changed
            ),
        )

    def edit_check(self) -> None:
        """Enter on a spot check or a report heard by the unit (or another work record)."""
        key = picked_key(self.checks)
        if key is None or self.data is None:
            return
        if not self.may_daily:
            self.hint.setText(f"{NO_DAILY}，抽查与汇报只能查看，不能修改。")
            return
        row, actor = self.data.checks[key], self.ws.actor
        if row.is_spot_check:
            check = SpotCheckDialog(self.data.cadres, row.cadre_id, self)
            check.fill(row)

            def save_check(s: Session, v: dict[str, object]) -> list[str]:
                return edits.update_spot_check(s, actor, row.id, row.stamp, **v)  # type: ignore[arg-type]

            self.open_form(
                check,
                check.value,
                save_check,
                on_saved=lambda changed: self._tell_changed(f"{_who(check)}的抽查记录", changed),
            )
            return
        report = UnitReportDialog(self.data.cadres, row.cadre_id, self)
        report.fill(row)
        self.open_form(
            report,
            report.value,
            lambda s, v: edits.update_work(s, actor, row.id, row.stamp, v[0], v[1], v[2]),
            on_saved=lambda changed: self._tell_changed(f"{_who(report)}的{row.kind}", changed),
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


def _who(dialog: CareDialog | SpotCheckDialog | UnitReportDialog) -> str:
    """The cadre a form is about, by name (its choice reads 上岔村 第一书记 王建国)."""
    return dialog.cadre.currentText().split()[-1]
