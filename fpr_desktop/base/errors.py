"""Errors a user can cause and must be told about in Chinese (never shown as a traceback)."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; `str(exc)` is the Chinese message shown as is."""


class PermissionDenied(UserError):
    """The acting user's role or division scope does not allow the action."""


class ConflictError(UserError):
    """Someone else saved the same record first (stale version)."""

    def __init__(self, message: str = "该记录已被他人修改，已重新加载最新内容，请核对后重新保存。"):
        super().__init__(message)


class ValidationError(UserError):
    """Input that breaks a rule (a field, a limit, a workflow step)."""


class NotFound(UserError):
    """The record asked for does not exist (or is not visible to the user)."""


class DatabaseBusy(UserError):
    """Another PC or program held the SQLite write lock longer than the busy timeout."""

    def __init__(self, seconds: int = 10) -> None:
        super().__init__(
            f"数据库正忙：其他电脑或程序正在写入，已等待 {seconds} 秒仍未完成。"
            "请稍后重试；如果一直如此，请确认没有正在进行的大批量导入或备份。"
        )
