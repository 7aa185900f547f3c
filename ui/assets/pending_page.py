"""扶贫资产 → 待移交项目: accepted projects whose assets are not registered, overdue ones in red."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.assets.handover import PendingProject, pending_projects
from fpr_desktop.assets.views import AssetChoices, asset_choices
from ui.assets.handover_wizard import HandoverWizard
from ui.assets.ledger_page import wan
from ui.common.files import ask_save_path
from ui.common.ops import OpContext
from ui.common.widgets import LazyPage, Workspace, hint_label, table_widget, text_width

OVERDUE_RED = QColor("#b00020")
COLUMNS = ["项目名称", "年度", "镇", "验收日期", "登记期限", "结算金额（万元）", "提示"]


class PendingPage(LazyPage):
    """The list the registration deadline (task 42) is watched from; 资产移交 starts the wizard."""

    #: Assets of a project were registered (project id).
    handed_over = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.choices: AssetChoices | None = None
        self.projects: list[PendingProject] = []
        self.wizard: HandoverWizard | None = None
        self.table = table_widget(self, COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c, sample in ((3, "2022-12-01"), (4, "2022-12-01"), (5, "99,999.99")):
            self.table.setColumnWidth(c, text_width(self.table, sample) + 24)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _i: self.start_handover())
        self.handover_button = QPushButton("资产移交…", self)
        self.handover_button.clicked.connect(self.start_handover)
        self.certificate_button = QPushButton("打印移交确认书…", self)
        self.certificate_button.setToolTip("办理资产移交后，生成该项目的资产移交确认书（PDF）")
        self.certificate_button.setEnabled(False)
        self.certificate_button.clicked.connect(self._ask_certificate)
        self.notice_button = QPushButton("生成资产确权移交公示…", self)
        self.notice_button.setEnabled(False)
        self.notice_button.setToolTip("办理资产移交后，为该项目的资产生成公示并登记")
        self.notice_button.clicked.connect(self.open_notice)
        self.last_project: int | None = None
        self.reload_button = QPushButton("刷新", self)
        self.reload_button.clicked.connect(self.reload)
        self.hint = hint_label(self)
        self.message = QLabel("", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.handover_button)
        buttons.addWidget(self.certificate_button)
        buttons.addWidget(self.notice_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        self._update_buttons()

    def reload(self) -> None:
        actor = self.ws.actor

        def read(s: Session) -> tuple[AssetChoices, list[PendingProject]]:
            return asset_choices(s, actor), pending_projects(s, actor)

        self.ws.read(read, on_success=self._show, parent=self)

    def _show(self, found: tuple[AssetChoices, list[PendingProject]]) -> None:
        self.choices, self.projects = found
        towns = {t.id: t.name for t in self.choices.towns}
        self.table.setRowCount(len(self.projects))
        for r, p in enumerate(self.projects):
            settled = wan(p.settled_amount) if p.settled_amount is not None else "未结算"
            values = [p.name, str(p.year), towns.get(p.town_id, ""), str(p.accepted_on),
                      str(p.deadline), settled, "登记逾期" if p.overdue else ""]  # fmt: skip
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c in (1, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if p.overdue and c == 6:
                    item.setForeground(OVERDUE_RED)
                self.table.setItem(r, c, item)
        overdue = sum(p.overdue for p in self.projects)
        self.hint.setText(
            f"共 {len(self.projects)} 个已验收项目待办理资产移交，其中 {overdue} 个已超过登记期限"
            "（验收后三个月，可在参数设置中修改）。"
        )
        self._update_buttons()
        self.finish_loading()

    def current(self) -> PendingProject | None:
        r = self.table.currentRow()
        return (
            self.projects[r] if 0 <= r < len(self.projects) and self.table.selectedItems() else None
        )

    def _update_buttons(self) -> None:
        p = self.current()
        may = self.choices is not None and self.choices.may_edit
        self.handover_button.setEnabled(p is not None and may and p.settled_amount is not None)
        if self.choices is not None and not may:
            self.handover_button.setToolTip("当前用户没有“维护扶贫资产”的权限。")
        elif p is not None and p.settled_amount is None:
            self.handover_button.setToolTip("项目尚未报账结算，没有审计结算金额，暂不能移交。")
        else:
            self.handover_button.setToolTip("按审计结算金额把项目拆分为资产，办理移交和确权登记")

    def start_handover(self) -> HandoverWizard | None:
        p = self.current()
        if p is None or self.choices is None or not self.handover_button.isEnabled():
            return None
        town = next((t.name for t in self.choices.towns if t.id == p.town_id), "")
        wizard = HandoverWizard(self.ws, p, self.choices, town, self)
        wizard.handed_over.connect(self._done)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _done(self, project_id: int) -> None:
        self.last_project = project_id
        self.certificate_button.setEnabled(True)
        self.notice_button.setEnabled(True)
        self.message.setText(
            "资产已登记。下一步：打印移交确认书、生成资产确权移交公示，并在项目库中办理“资产移交”。"
        )
        self.handed_over.emit(project_id)
        self.reload()

    def open_notice(self) -> QWidget | None:
        """The notice compose dialog (preview, window, register) for the last handover."""
        from ui.notices.actions import open_notice_for_projects

        if self.last_project is None:
            return None
        return open_notice_for_projects(self.ws, self, "asset_handover", [self.last_project])

    def _ask_certificate(self) -> None:
        if self.last_project is None:
            return
        path = ask_save_path(self, "保存资产移交确认书", "资产移交确认书.pdf")
        if path is not None:
            self.write_certificate(path)

    def write_certificate(self, path: Path) -> None:
        """The handover certificate of the last handover, written in the background."""
        from fpr_desktop.assets.notices import handover_certificate
        from fpr_desktop.documents import build_pdf
        from fpr_desktop.projects.notices.build import fonts_from_settings

        db, actor, pid = self.ws.db, self.ws.actor, self.last_project
        assert pid is not None

        def job(_ctx: OpContext) -> int:
            with db.read() as s:
                return build_pdf(
                    handover_certificate(s, actor, pid), path, fonts=fonts_from_settings(s)
                )

        self.ws.run(
            job,
            on_success=lambda pages: self.message.setText(f"已生成 {path}（{pages} 页）"),
            parent=self,
            progress_label="正在生成资产移交确认书…",
        )
