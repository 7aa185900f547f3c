"""The 驻村干部 tab: 重点帮扶村, 干部名册, 请销假, 考勤汇总, 走访与培训, 关爱与督查 and 考核 as
sub-tabs (each loads when shown)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.cadres.assessment_page import AssessmentPage
from ui.cadres.attendance_page import AttendancePage
from ui.cadres.care_page import CarePage
from ui.cadres.leave_page import LeavePage
from ui.cadres.roster_page import RosterPage
from ui.cadres.villages_page import KeyVillagesPage
from ui.cadres.work_page import WorkPage
from ui.common.widgets import Workspace


class CadresTab(QTabWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.villages_page = KeyVillagesPage(ws, self)
        self.roster_page = RosterPage(ws, self)
        self.leave_page = LeavePage(ws, self)
        self.attendance_page = AttendancePage(ws, self)
        self.work_page = WorkPage(ws, self)
        self.care_page = CarePage(ws, self)
        self.assessment_page = AssessmentPage(ws, self)
        self.addTab(self.villages_page, "重点帮扶村")
        self.addTab(self.roster_page, "干部名册")
        self.addTab(self.leave_page, "请销假")
        self.addTab(self.attendance_page, "考勤汇总")
        self.addTab(self.work_page, "走访与培训")
        self.addTab(self.care_page, "关爱与督查")
        self.addTab(self.assessment_page, "考核")
        self.setCurrentWidget(self.roster_page)
