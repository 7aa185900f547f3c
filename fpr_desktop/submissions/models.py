"""The submission register (报送登记): imported workbooks, their outcome and undo journal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from fpr_desktop.base.models.columns import UTCDateTime, utcnow
from fpr_desktop.base.models.orm import Base, Versioned

SUBMISSION_STATES = {"imported": "已导入", "undone": "已撤销"}


class Submission(Versioned, Base):
    """One imported file: original bytes + SHA-256, who, when, for which town and period, counts."""

    __tablename__ = "submission"
    label_zh = "报送登记"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    town_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)  # 第 N 版 (kind/town/period)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    sheet: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    # deferred: lists of submissions never drag the files along
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    warnings: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    batch: Mapped[str] = mapped_column(String(40), nullable=False)  # audit_log.batch of the rows
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="imported")
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")

    audit_exclude = ("content",)

    __table_args__ = (
        Index("ix_submission_kind_year_month_town_id", "kind", "year", "month", "town_id"),
        # one live import per file and kind, whatever races (undone ones may be imported again)
        Index(
            "uq_submission_kind_sha256_imported",
            "kind",
            "sha256",
            unique=True,
            sqlite_where=text("status = 'imported'"),
            postgresql_where=text("status = 'imported'"),
        ),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.town_id


class SubmissionItem(Base):
    """One row a submission created or changed, with what it was before (the undo journal).

    Written with Core inserts next to the audited rows themselves; `version_after` lets undo
    refuse when someone changed the row since.
    """

    __tablename__ = "submission_item"
    label_zh = "报送明细"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id"), nullable=False, index=True
    )
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    row_id: Mapped[int] = mapped_column(Integer, nullable=False)
    # a run of ids row_id…last_row_id created together (bulk imports), all with version_after
    last_row_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10), nullable=False)  # insert / update
    before: Mapped[str | None] = mapped_column(Text)  # JSON snapshot of an updated row
    version_after: Mapped[int | None] = mapped_column(Integer)

    @property
    def audit_division_id(self) -> int | None:
        return None


class SubmissionTown(Base):
    """A town a county-wide file holds rows of: the file counts as that town's submission."""

    __tablename__ = "submission_town"
    label_zh = "报送涉及乡镇"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id"), nullable=False, index=True
    )
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    @property
    def audit_division_id(self) -> int | None:
        return self.town_id


class ColumnMapping(Base):
    """A town's remembered manual column mapping for one kind ({column key: header text})."""

    __tablename__ = "column_mapping"
    label_zh = "导入列对应"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    town_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    mapping: Mapped[str] = mapped_column(Text, nullable=False)  # JSON
    username: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_column_mapping_kind_town_id", "kind", "town_id"),)

    @property
    def audit_division_id(self) -> int | None:
        return self.town_id
