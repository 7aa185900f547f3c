"""The foundation tables every module stands on: divisions, users, settings, audit, calendar."""

from fpr_desktop.base.models.divisions import Division
from fpr_desktop.base.models.system import AppMeta, AuditLog, CalendarDay, Setting
from fpr_desktop.base.models.users import User

__all__ = ["AppMeta", "AuditLog", "CalendarDay", "Division", "Setting", "User"]
