"""People who use the program: role, division scope and password hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fpr_desktop.base.models.columns import UTCDateTime, utcnow
from fpr_desktop.base.models.orm import Base, Versioned


class User(Versioned, Base):
    __tablename__ = "app_user"
    label_zh = "用户"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    # None: the whole county; otherwise a town (the user sees it and its villages).
    scope_division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # wrong passwords in a row and the lock-out they earned; written with plain UPDATEs outside
    # the version check, so logins from several PCs at once never conflict
    failed_logins: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Fields never copied into the audit log.
    audit_exclude = ("password_hash", "last_login_at", "failed_logins", "locked_until")

    @property
    def audit_division_id(self) -> int | None:
        return self.scope_division_id
