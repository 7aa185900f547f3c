"""Fund ledger tables: allocation documents, assignments to projects, ledger entries, months.

The chain 下达 → 分配 → 拨付 → 支出 → 报账 (+ 质保金) is kept stage by stage: documents hold
what was issued, assignments what each project got from a document, and entries every movement
after that (kind pay / spend / retain / settle). Entries copy the fund source and the project's town
so that the monthly report is a GROUP BY over one covering index, never a join over a million
rows. A month row records the monthly report and whether that month is locked.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

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
from sqlalchemy.orm import Mapped, deferred, mapped_column

from fpr_desktop.db.base import Base, Versioned
from fpr_desktop.db.types import Money, UTCDateTime, utcnow

ENTRY_KINDS = {"pay": "拨付", "spend": "支出", "retain": "质保金", "settle": "报账"}
FINDING_STATES = {"open": "未整改", "doing": "整改中", "done": "已整改"}


class FundDocument(Versioned, Base):
    """An allocation document (资金下达文件): what was issued to the county, by whom, how much."""

    __tablename__ = "fund_document"
    label_zh = "资金下达文件"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)  # normalised
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    year: Mapped[int] = mapped_column(Integer, nullable=False)  # the budget year
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    issuer: Mapped[str] = mapped_column(String(100), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)  # 中央/省级/市级/县级
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    subtask: Mapped[str] = mapped_column(String(40), nullable=False)
    budget_subject: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    in_advance: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (Index("ix_fund_document_year_issued_on", "year", "issued_on"),)

    @property
    def audit_division_id(self) -> int | None:
        return None


class FundAssignment(Versioned, Base):
    """Money of one document assigned to one project of that year's annual plan (分配)."""

    __tablename__ = "fund_assignment"
    label_zh = "资金分配"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("fund_document.id"), nullable=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    assigned_on: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    # copies for the report (the document's source and the project's town never change here)
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))

    __table_args__ = (
        UniqueConstraint("document_id", "project_id"),
        Index("ix_fund_assignment_assigned_on_source_town_id", "assigned_on", "source", "town_id"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id or self.town_id


class FundEntry(Versioned, Base):
    """One movement on an assignment: 拨付, 支出, 质保金 or 报账; an adjustment corrects another."""

    __tablename__ = "fund_entry"
    label_zh = "资金台账记录"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("fund_assignment.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # pay/spend/retain/settle
    entry_date: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)  # < 0 only in adjustments
    payee: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    voucher_no: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    use_category: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    flag: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # 负面清单 …
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    override_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    adjusts_id: Mapped[int | None] = mapped_column(ForeignKey("fund_entry.id"))
    # copies for the covering report indexes
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False)
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        # the monthly report: one GROUP BY source, town, kind over a date range, index only
        Index(
            "ix_fund_entry_source_town_id_kind_entry_date_amount",
            "source",
            "town_id",
            "kind",
            "entry_date",
            "amount",
        ),
        Index("ix_fund_entry_assignment_id_kind", "assignment_id", "kind"),
        Index("ix_fund_entry_project_id_kind", "project_id", "kind"),
        Index("ix_fund_entry_entry_date_id", "entry_date", "id"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id or self.town_id


class FundMonth(Versioned, Base):
    """A month of the ledger: its submitted monthly report and whether it is locked (月报锁定)."""

    __tablename__ = "fund_month"
    label_zh = "资金月报"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)  # 202109
    locked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="")
    filled_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    reviewed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    reopen_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    @property
    def audit_division_id(self) -> int | None:
        return None


class FundInspection(Versioned, Base):
    """A county inspection of the funds (督查检查, task 41: at least one a quarter)."""

    __tablename__ = "fund_inspection"
    label_zh = "督查检查"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    quarter: Mapped[int] = mapped_column(Integer, nullable=False)  # 1–4
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    planned_on: Mapped[date] = mapped_column(Date, nullable=False)
    done_on: Mapped[date | None] = mapped_column(Date)  # None: planned, not carried out yet
    inspectors: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    scope: Mapped[str] = mapped_column(Text, nullable=False, default="")  # towns, projects
    items: Mapped[str] = mapped_column(Text, nullable=False)  # 检查事项, one a line
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (Index("ix_fund_inspection_year_quarter", "year", "quarter"),)

    @property
    def audit_division_id(self) -> int | None:
        return None


class FundFinding(Versioned, Base):
    """A problem an inspection found, its rectification deadline and state (整改)."""

    __tablename__ = "fund_finding"
    label_zh = "督查发现问题"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("fund_inspection.id"), nullable=False, index=True
    )
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    description: Mapped[str] = mapped_column(Text, nullable=False)
    rectify_by: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    rectified_on: Mapped[date | None] = mapped_column(Date)
    rectification: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (Index("ix_fund_finding_status_rectify_by", "status", "rectify_by"),)

    @property
    def audit_division_id(self) -> int | None:
        return self.town_id


class FundEvidence(Versioned, Base):
    """A file proving a rectification (整改佐证材料): kept whole in the database."""

    __tablename__ = "fund_evidence"
    label_zh = "整改佐证材料"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("fund_finding.id"), nullable=False, index=True
    )
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")

    audit_exclude = ("content",)  # the file's bytes; its name and size are audited

    @property
    def audit_division_id(self) -> int | None:
        return None


class FundPerformance(Versioned, Base):
    """Performance monitoring of one target of a project (绩效监控与自评, task 40).

    Keyed by the target's words (kind, indicator), not its row: the library replaces a project's
    targets when the project is edited, the monitoring values stay.
    """

    __tablename__ = "fund_performance"
    label_zh = "绩效监控"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    indicator: Mapped[str] = mapped_column(String(100), nullable=False)
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    mid_value: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    mid_on: Mapped[date | None] = mapped_column(Date)
    final_value: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    evaluation: Mapped[str] = mapped_column(String(10), nullable=False, default="")  # 优良中差
    evaluation_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    evaluated_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("project_id", "year", "kind", "indicator"),
        Index("ix_fund_performance_year", "year"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.town_id
