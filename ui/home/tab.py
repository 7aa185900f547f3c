"""The 首页 tab: 待我办理, who is logged in, which database, and the deadlines in force."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop import APP_TITLE
from fpr_desktop.app.bootstrap import is_demo
from fpr_desktop.base import calendar as calendar_service
from fpr_desktop.base.permissions import role_label
from fpr_desktop.base.settings import SettingRow, list_settings
from ui.common.widgets import LazyPage, Workspace
from ui.home.todo import TodoList
from ui.notices.lists import ending_this_week_list, open_objections_list

#: Parameter groups summarised on 首页 (names of units and display options are left out).
DEADLINE_GROUPS = ("公告公示", "资金台账", "项目库", "扶贫资产", "驻村干部")


@dataclass(frozen=True)
class HomeData:
    settings: list[SettingRow]
    calendar_text: str
    demo: bool


def _value_text(row: SettingRow, value: object) -> str:
    if row.choices:
        return dict(row.choices).get(str(value), str(value))
    return f"{value} {row.unit}" if row.unit else str(value)


class HomeTab(LazyPage):
    """Shown first after login; everything on it is read in the background."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.watch("setting", "calendar_day", "app_meta")
        actor = ws.actor
        title = QLabel(f"欢迎使用{APP_TITLE}", self)
        title.setObjectName("titleLabel")
        self.demo_banner = QLabel(
            "当前打开的是演示数据库：账号、项目数据和备注为“虚构村名”的村均为虚构，仅供熟悉操作。",
            self,
        )
        self.demo_banner.setObjectName("bannerLabel")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.hide()

        who = QGroupBox("当前登录", self)
        who_form = QFormLayout(who)
        who_form.addRow("用户：", QLabel(f"{actor.display_name}（{actor.username}）"))
        who_form.addRow("角色：", QLabel(role_label(actor.role)))
        who_form.addRow("数据范围：", QLabel(actor.scope_name or "全县"))
        db_label = QLabel(ws.db.describe())
        db_label.setWordWrap(True)
        db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        who_form.addRow("数据库：", db_label)

        self.deadlines = QGroupBox("时限与频次要求（系统管理 → 参数设置 中可修改）", self)
        self.deadline_grid = QGridLayout(self.deadlines)
        self.deadline_grid.addWidget(QLabel("正在读取…"), 0, 0)
        self.calendar_label = QLabel("", self)
        self.calendar_label.setWordWrap(True)
        cal_box = QGroupBox("工作日历", self)
        QVBoxLayout(cal_box).addWidget(self.calendar_label)

        todo_box = QGroupBox("待我办理", self)
        self.todo = TodoList(ws, todo_box)
        QVBoxLayout(todo_box).addWidget(self.todo)
        todo_box.setMinimumHeight(self.fontMetrics().height() * 16)

        reminders = QGroupBox("公告公示提醒（回车或双击打开）", self)
        reminder_row = QHBoxLayout(reminders)
        self.ending_this_week = ending_this_week_list(ws, reminders)
        self.open_objections = open_objections_list(ws, reminders)
        reminder_row.addWidget(self.ending_this_week)
        reminder_row.addWidget(self.open_objections)
        reminders.setMinimumHeight(220)

        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.addWidget(title)
        inner.addWidget(self.demo_banner)
        inner.addWidget(todo_box)
        inner.addWidget(who)
        inner.addWidget(reminders)
        inner.addWidget(self.deadlines)
        inner.addWidget(cal_box)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def reload(self) -> None:
        actor = self.ws.actor
        db = self.ws.db

        def load(session: Session) -> HomeData:
            return HomeData(
                list_settings(session, actor),
                calendar_service.known_years_text(session),
                is_demo(db),
            )

        self.ws.read(load, on_success=self._show, parent=self)
        self.todo.reload()
        self.ending_this_week.reload()
        self.open_objections.reload()

    def _show(self, data: HomeData) -> None:
        self.demo_banner.setVisible(data.demo)
        self.calendar_label.setText(
            f"{data.calendar_text}。未录入节假日安排的年份按周一至周五计算工作日，"
            "相关时限会注明“按周一至周五推算”。"
        )
        while self.deadline_grid.count():
            item = self.deadline_grid.takeAt(0)
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        row = 0
        for group in DEADLINE_GROUPS:
            rows = [s for s in data.settings if s.group == group and s.type in ("int", "choice")]
            if not rows:
                continue
            heading = QLabel(group)
            heading.setObjectName("sectionLabel")
            self.deadline_grid.addWidget(heading, row, 0, 1, 3)
            row += 1
            for s in rows:
                self.deadline_grid.addWidget(QLabel(f"　{s.label}"), row, 0)
                value = QLabel(_value_text(s, s.value))
                value.setObjectName("valueLabel")
                self.deadline_grid.addWidget(value, row, 1)
                changed = "" if s.is_default else f"（已修改，默认 {_value_text(s, s.default)}）"
                self.deadline_grid.addWidget(QLabel(f"{s.origin}{changed}"), row, 2)
                row += 1
        self.deadline_grid.setColumnStretch(2, 1)
        self.finish_loading()
