"""The notice register: every publicity notice issued, what it covers, and objections to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fpr_desktop.base.models.columns import UTCDateTime, utcnow
from fpr_desktop.base.models.orm import Base, Versioned

NOTICE_LEVELS = {"county": "县级", "town": "镇级", "village": "村级", "site": "项目现场"}


class Notice(Versioned, Base):
    __tablename__ = "notice"
    label_zh = "公告公示"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    town_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    window_start: Mapped[date] = mapped_column(Date, nullable=False)
    window_end: Mapped[date] = mapped_column(Date, nullable=False)
    window_kind: Mapped[str] = mapped_column(String(10), nullable=False)  # natural / working
    posted_at: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    issuer: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    withdrawn: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # why the window starts well before the day it was registered (paper posted first)
    backdate_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # 文号 printed under the title (陇乡振发〔2026〕12号); '' when the notice has none
    doc_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")

    __table_args__ = (
        Index("ix_notice_window_end_id", "window_end", "id"),
        Index("ix_notice_town_id_id", "town_id", "id"),
        Index("ix_notice_issuer_doc_number", "issuer", "doc_number"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.division_id


class NoticeItem(Base):
    """One record a notice covers (a project, an allocation, an asset, an assessment …)."""

    __tablename__ = "notice_item"
    label_zh = "公示对象"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), nullable=False)
    record_type: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (
        UniqueConstraint("notice_id", "record_type", "record_id"),
        Index("ix_notice_item_record", "record_type", "record_id"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return None


class Objection(Versioned, Base):
    __tablename__ = "objection"
    label_zh = "公示异议"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), nullable=False, index=True)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    contact: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    handler: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    result: Mapped[str] = mapped_column(Text, nullable=False, default="")
    replied_on: Mapped[date | None] = mapped_column(Date)
    resolved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @property
    def audit_division_id(self) -> int | None:
        return None


class NoticeAttachment(Base):
    """A photo or scan of the posted notice (kept in the database so it travels with it)."""

    __tablename__ = "notice_attachment"
    label_zh = "公示照片"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)

    audit_exclude = ("content",)

    @property
    def audit_division_id(self) -> int | None:
        return None
