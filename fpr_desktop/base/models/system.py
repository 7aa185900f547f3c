"""System tables: settings, audit log, working-day calendar overrides, database metadata."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fpr_desktop.base.models.columns import UTCDateTime, utcnow
from fpr_desktop.base.models.orm import Base, Versioned


class Setting(Versioned, Base):
    """An administrator's value for a declared parameter (defaults live in the registry)."""

    __tablename__ = "setting"
    label_zh = "参数设置"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)  # JSON

    @property
    def audit_division_id(self) -> int | None:
        return None


class AuditLog(Base):
    """Append-only record of every write (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    label_zh = "审计日志"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    source: Mapped[str] = mapped_column(String(10), nullable=False)  # ui/import/cli/system
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    row_id: Mapped[str] = mapped_column(String(80), nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)  # insert/update/delete
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    division_id: Mapped[int | None] = mapped_column(Integer)
    batch: Mapped[str | None] = mapped_column(String(40))  # groups rows of one import/undo

    __table_args__ = (
        Index("ix_audit_log_at_id", "at", "id"),
        Index("ix_audit_log_table_name_id", "table_name", "id"),
        Index("ix_audit_log_user_id_id", "user_id", "id"),
        Index("ix_audit_log_division_id_id", "division_id", "id"),
    )


class CalendarDay(Base):
    """An administrator's override of the working-day calendar for one date."""

    __tablename__ = "calendar_day"
    label_zh = "工作日历"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(nullable=False)
    note: Mapped[str] = mapped_column(String(60), nullable=False, default="")

    @property
    def audit_division_id(self) -> int | None:
        return None


class AppMeta(Base):
    """Facts about the database itself (that it is an FPR database, that it holds demo data)."""

    __tablename__ = "app_meta"
    label_zh = "数据库信息"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
