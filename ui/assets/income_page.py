"""扶贫资产 → 收益分配: yearly plans of the villages, their review, agreement, publicity, payouts.

Plans are recorded after the village decided them (四议两公开 / 三重一大); then the town reviews,
the county agrees and the plan is publicised; only then are payouts recorded. The next step is
always the one button offered, disabled with the reason when the user may not take it. Its
公示 step registers the 收益分配公示 in the notice register (the notice compose dialog, with the
plan's village and year as its subject); payouts wait until that window has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from fpr_desktop.assets import income
from fpr_desktop.assets.actions import NO_PERMISSION
from fpr_desktop.assets.income import STAGES, USES
from fpr_desktop.assets.records import PlanContext, PlanRow, plan_context, plans
from fpr_desktop.assets.views import AssetChoices, asset_choices
from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.notices.contacts import complaint_for, missing_text
from fpr_desktop.notices.register import NoticeRow, notice_number
from fpr_desktop.projects.notices.build import build_notices, render
from fpr_desktop.projects.notices.select import NoticeRequest
from ui.assets.plan_dialogs import PayoutDialog, PlanDialog, StageDialog
from ui.assets.short_tables import fill, row_id, short_table
from ui.common.money import MoneyFormat
from ui.common.ops import OpContext
from ui.common.pdf_preview import show_pdf_preview
from ui.common.widgets import LazyPage, Workspace, hint_label
from ui.notices.compose import NoticeComposeDialog


@dataclass(frozen=True)
class Found:
    choices: AssetChoices
    plans: list[PlanRow]
    one_off_pct: int
    #: village id → why its notice cannot be registered yet (complaint channels missing)
    channels: dict[int, str]


def _channel_gaps(s: Session, rows: list[PlanRow]) -> dict[int, str]:
    """The complaint channels' gaps of the villages whose plans wait for their 公示."""
    out: dict[int, str] = {}
    for p in rows:
        if p.county_agreed_on is not None and p.published_on is None:
            d = s.get(Division, p.division_id)
            if d is not None and p.division_id not in out:
                out[p.division_id] = missing_text(s, complaint_for(s, d), d)
    return out


class IncomePage(LazyPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("distribution_plan", "distribution_payout", "asset_income")
        self.found: Found | None = None
        self.notice_dialog: NoticeComposeDialog | None = None
        fmt = MoneyFormat.current()
        self.year = QComboBox(self)
        self.year.addItem("全部年度", None)
        this_year = date.today().year
        for y in range(this_year, 2015, -1):
            self.year.addItem(f"{y}年", y)
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        short = {"collective": "村集体", "households": "受益农户", "welfare_wages": "公益岗位",
                 "upkeep": "管护", "development": "发展"}  # fmt: skip
        columns = ["村（镇）", "年度", "可分配收益", *short.values(), "留存", "一分了之", "进度",
                   "已兑付"]  # fmt: skip
        self.table = short_table(self, columns, 10)
        self.unit = QLabel(f"金额单位：{fmt.unit.value}", self)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _i: self.next_step())
        self.new_button = QPushButton("新建分配方案…", self)
        self.new_button.clicked.connect(self.new_plan)
        self.step_button = QPushButton("下一步…", self)
        self.step_button.clicked.connect(self.next_step)
        self.payout_button = QPushButton("登记兑付…", self)
        self.payout_button.clicked.connect(self.add_payout)
        self.notice_button = QPushButton("收益分配公示…", self)
        self.notice_button.clicked.connect(self.preview_notice)
        self.footer = QLabel("正在读取…", self)
        self.footer.setObjectName("valueLabel")
        self.message = QLabel("", self)
        self.hint = hint_label(self)
        self.hint.setText(
            "流程：村级集体决策（四议两公开/三重一大）→ 乡镇审核 → 县级同意 → 公示（登记到"
            "公告公示登记簿）→ 公示期满无异议后兑付。"
            "分配合计加留存必须等于可分配收益；“一分了之”的方案县级不能同意。"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度：", self))
        bar.addWidget(self.year)
        bar.addWidget(self.new_button)
        bar.addWidget(self.step_button)
        bar.addWidget(self.payout_button)
        bar.addWidget(self.notice_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unit)
        layout.addWidget(self.footer)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self._update_buttons()

    def reload(self) -> None:
        actor, year = self.ws.actor, self.year.currentData()

        def read(s: Session) -> Found:
            rows = plans(s, actor, year)
            return Found(
                asset_choices(s, actor),
                rows,
                int(get_value(s, "assets.one_off_household_pct")),
                _channel_gaps(s, rows),
            )

        self.ws.read(read, on_success=self._show, parent=self)

    def _show(self, found: Found) -> None:
        self.found = found
        rows = [
            (p.division, p.year, p.received, *(p.parts[k] for k in USES), p.retained,
             "是" if p.one_off_cash else "", p.stage, p.paid_total)
            for p in found.plans
        ]  # fmt: skip
        fill(self.table, rows, [p.id for p in found.plans])
        fmt = MoneyFormat.current()
        received = sum((p.received for p in found.plans), start=0)
        paid = sum((p.paid_total for p in found.plans), start=0)
        self.footer.setText(
            f"共 {len(found.plans)} 个方案　可分配收益 {fmt.with_unit(received)}　"  # type: ignore[arg-type]
            f"已兑付 {fmt.with_unit(paid)}"  # type: ignore[arg-type]
        )
        self._update_buttons()
        self.finish_loading()

    def current(self) -> PlanRow | None:
        wanted = row_id(self.table)
        plans_ = self.found.plans if self.found else []
        return next((p for p in plans_ if p.id == wanted), None)

    def _update_buttons(self) -> None:
        may = self.found is not None and self.found.choices.may_edit
        self.new_button.setEnabled(may)
        self.new_button.setToolTip("" if may else NO_PERMISSION)
        p = self.current()
        step, why = self.step_of(p)
        self.step_button.setText(f"{STAGES[step]}…" if step else "下一步…")
        self.step_button.setEnabled(step is not None and not why)
        self.step_button.setToolTip(why)
        pay_why = ""
        if not may:
            pay_why = NO_PERMISSION
        elif p is None:
            pay_why = "请先选择一个分配方案"
        elif p.published_on is None:
            pay_why = "方案尚未公示，不能兑付。"
        elif p.paid_total >= p.received - p.retained:
            pay_why = "该方案已全部兑付。"
        elif p.payout_wait:
            pay_why = p.payout_wait
        self.payout_button.setEnabled(not pay_why)
        self.payout_button.setToolTip(pay_why)
        why = self.notice_refusal(p)
        self.notice_button.setEnabled(not why)
        self.notice_button.setToolTip(why or "生成该村该年度的收益分配公示（预览、打印、保存 PDF）")

    def notice_refusal(self, p: PlanRow | None) -> str:
        """Why the 收益分配公示 cannot be made for the plan ('' when it can)."""
        if p is None:
            return "请先选择一个分配方案"
        if self.found is None or not any(
            v.id == p.division_id for v in self.found.choices.villages
        ):
            return "收益分配公示按村生成；镇本级方案请按本镇规定公开。"
        if p.county_agreed_on is None:
            return "方案经县级同意后才能公示。"
        return ""

    def by_notice(self, p: PlanRow) -> bool:
        """Whether the plan's 公示 is a 收益分配公示 registered in the notice register (a
        village's plan; a town's own plan records only the day it was made public)."""
        return self.found is not None and any(
            v.id == p.division_id for v in self.found.choices.villages
        )

    def step_of(self, p: PlanRow | None) -> tuple[str | None, str]:
        """The plan's next step and why the user may not take it ('' when they may)."""
        if p is None:
            return None, "请先选择一个分配方案"
        step = p.next_stage
        if self.found is None or not self.found.choices.may_edit:
            return step, NO_PERMISSION
        if step is None:
            return (
                None,
                "方案已公示，下一步是登记兑付。" if p.published_on else "方案尚未集体决策。",
            )
        if step == "publish" and self.by_notice(p):  # registered: its channels must be known
            return step, self.found.channels.get(p.division_id, "")
        if step == "county_agree":
            if not self.found.choices.whole_county:
                return step, "县级同意须由县级用户办理。"
            if p.one_off_cash:
                return step, "该方案把收益几乎全部以现金分给农户（“一分了之”），不能同意。"
        return step, ""

    # --- actions ---------------------------------------------------------------------------

    def new_plan(self) -> PlanDialog | None:
        if self.found is None or not self.new_button.isEnabled():
            return None
        year = self.year.currentData() or date.today().year - 1
        dialog = PlanDialog(self.found.choices, year, self.found.one_off_pct, self)
        actor = self.ws.actor

        def read_context(division_id: int, y: int) -> None:
            self.ws.read(
                lambda s: plan_context(s, actor, division_id, y),
                on_success=lambda ctx: self._context(dialog, ctx),
                parent=dialog,
            )

        dialog.place_changed.connect(read_context)
        self.open_form(
            dialog,
            dialog.plan,
            lambda s, plan: income.create_plan(s, actor, plan),
            on_saved=lambda _id: self.message.setText(
                "方案已登记。下一步：报乡镇审核（选中方案后点“乡镇审核…”）。"
            ),
        )
        read_context(int(dialog.division.currentData()), dialog.year.value())
        return dialog

    @staticmethod
    def _context(dialog: PlanDialog, ctx: PlanContext) -> None:
        dialog.show_context(ctx)

    def next_step(self) -> StageDialog | NoticeComposeDialog | None:
        p = self.current()
        step, why = self.step_of(p)
        if p is None or step is None or why:
            return None
        if step == "publish" and self.by_notice(p):
            return self.publish(p)
        dialog = StageDialog(p, step, self)
        actor = self.ws.actor
        following = {"town_review": "县级同意", "county_agree": "公示", "publish": "登记兑付"}
        self.open_form(
            dialog,
            dialog.value,
            lambda s, on: income.advance_plan(s, actor, p.id, p.version, step, on),
            on_saved=lambda _r: self.message.setText(
                f"已登记{STAGES[step]}。下一步：{following[step]}。"
            ),
        )
        return dialog

    def publish(self, p: PlanRow) -> NoticeComposeDialog | None:
        """公示…: the plan's 收益分配公示 previewed and registered in the notice register (the
        register's item points at the plan, whose 公示 stage is the notice's window)."""
        if self.found is None:
            return None
        town = next(v.town_id for v in self.found.choices.villages if v.id == p.division_id)
        subject = NoticeRequest(
            "income_distribution", year=p.year, town_id=town, village_id=p.division_id
        )
        dialog = NoticeComposeDialog(self.ws, "income_distribution", (), self, subject=subject)
        dialog.posted.setText(f"{p.division}村务公开栏")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.notices_registered.connect(self._published)
        self.notice_dialog = dialog
        dialog.show()
        return dialog

    def _published(self, rows: list[NoticeRow]) -> None:
        row = rows[0]
        self.message.setText(
            f"已登记收益分配公示（{notice_number(row.year, row.id)}），公示期 "
            f"{row.window_start:%Y-%m-%d} 至 {row.window_end:%Y-%m-%d}。下一步：公示期满无异议后"
            f"（{row.window_end:%Y-%m-%d} 以后）选中方案点“登记兑付…”。"
        )
        self.reload()

    def preview_notice(self, on_shown: Callable[[QWidget], Any] | None = None) -> None:
        """The 收益分配公示 of the selected plan's village and year, in the print preview."""
        p = self.current()
        if p is None or self.notice_refusal(p) or self.found is None:
            return
        town = next(v.town_id for v in self.found.choices.villages if v.id == p.division_id)
        db, actor = self.ws.db, self.ws.actor
        request = NoticeRequest(
            "income_distribution", year=p.year, town_id=town, village_id=p.division_id
        )

        def job(_ctx: OpContext) -> tuple[str, bytes]:
            with db.read() as s:
                [built] = build_notices(s, actor, request)
            return built.title, render(built)

        def show(result: tuple[str, bytes]) -> None:
            title, data = result
            dialog = show_pdf_preview(
                data, title=title, file_name=f"{p.division}{p.year}年收益分配公示.pdf", parent=self
            )
            self.message.setText(
                "公示文本已生成：张贴后点“公示…”登记公示日期；也可在“公告公示”中登记公示期。"
            )
            if on_shown is not None:
                on_shown(dialog)

        self.ws.run(job, on_success=show, parent=self, progress_label="正在生成收益分配公示…")

    def add_payout(self) -> PayoutDialog | None:
        p = self.current()
        if p is None or not self.payout_button.isEnabled():
            return None
        dialog = PayoutDialog(p, self)
        actor = self.ws.actor
        self.open_form(
            dialog,
            dialog.values,
            lambda s, v: income.record_payout(s, actor, p.id, *v),
            on_saved=lambda _r: self.message.setText("兑付已登记。"),
        )
        return dialog
