"""The 驻村干部 tab: 干部名册, 重点帮扶村, 考勤汇总 and 考核 as sub-tabs (each loads when shown)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.cadres.assessment_page import AssessmentPage
from ui.cadres.attendance_page import AttendancePage
from ui.cadres.roster_page import RosterPage
from ui.cadres.villages_page import KeyVillagesPage
from ui.common.widgets import Workspace


class CadresTab(QTabWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.villages_page = KeyVillagesPage(ws, self)
        self.roster_page = RosterPage(ws, self)
        self.attendance_page = AttendancePage(ws, self)
        self.assessment_page = AssessmentPage(ws, self)
        self.addTab(self.villages_page, "重点帮扶村")
        self.addTab(self.roster_page, "干部名册")
        self.addTab(self.attendance_page, "考勤汇总")
        self.addTab(self.assessment_page, "考核")
        self.setCurrentWidget(self.roster_page)
