"""All models, imported here so that Base.metadata knows every table."""

from fpr_desktop.models.divisions import Division
from fpr_desktop.models.exchange import ColumnMapping, Submission, SubmissionItem
from fpr_desktop.models.notices import Notice, NoticeAttachment, NoticeItem, Objection
from fpr_desktop.models.projects import (
    Acceptance,
    AnnualPlan,
    PlanItem,
    Project,
    ProjectCategory,
    ProjectFunding,
    ProjectStep,
    ProjectTarget,
    SupervisionSignoff,
    VillageMeeting,
)
from fpr_desktop.models.system import AppMeta, AuditLog, CalendarDay, Setting
from fpr_desktop.models.users import User

__all__ = [
    "Acceptance",
    "AnnualPlan",
    "AppMeta",
    "AuditLog",
    "CalendarDay",
    "ColumnMapping",
    "Division",
    "Notice",
    "NoticeAttachment",
    "NoticeItem",
    "Objection",
    "PlanItem",
    "Project",
    "ProjectCategory",
    "ProjectFunding",
    "ProjectStep",
    "ProjectTarget",
    "Setting",
    "Submission",
    "SubmissionItem",
    "SupervisionSignoff",
    "User",
    "VillageMeeting",
]
