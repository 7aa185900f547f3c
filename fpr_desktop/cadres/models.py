"""Resident village cadres (驻村干部): key villages, units, cadres, postings and their records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fpr_desktop.db.base import Base, Versioned
from fpr_desktop.db.types import Money


class KeyVillage(Versioned, Base):
    """A village designated 重点帮扶村 for a year, with the reason (task 45) and its households."""

    __tablename__ = "key_village"
    label_zh = "重点帮扶村"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    village_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    reason: Mapped[str] = mapped_column(String(30), nullable=False)
    households: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (UniqueConstraint("year", "village_id"),)

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id


class DispatchUnit(Versioned, Base):
    """A dispatching unit (派出单位) and its level 中央/省/市/县/镇."""

    __tablename__ = "dispatch_unit"
    label_zh = "派出单位"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    level: Mapped[str] = mapped_column(String(4), nullable=False)

    @property
    def audit_division_id(self) -> int | None:
        return None


class Cadre(Versioned, Base):
    """A resident cadre with minimal personal data (the ID number is never shown unmasked)."""

    __tablename__ = "cadre"
    label_zh = "驻村干部"
    audit_exclude = ("id_number",)  # never written out in plain, not even in the audit log

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    gender: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    id_number: Mapped[str] = mapped_column(String(18), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("dispatch_unit.id"), nullable=False, index=True)
    post: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # 原单位职务
    party_member_since: Mapped[date | None] = mapped_column(Date)
    work_since: Mapped[date | None] = mapped_column(Date)

    @property
    def audit_division_id(self) -> int | None:
        return None


class Assignment(Versioned, Base):
    """One posting of a cadre to a village; ended by recall/replacement/term end, never deleted."""

    __tablename__ = "cadre_assignment"
    label_zh = "驻村任职"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    role: Mapped[str] = mapped_column(String(10), nullable=False)
    document_no: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    term_start: Mapped[date] = mapped_column(Date, nullable=False)
    term_end: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    end_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("cadre_assignment.id"))

    __table_args__ = (
        Index("ix_cadre_assignment_village_id_ended_on", "village_id", "ended_on"),
        Index("ix_cadre_assignment_town_id_id", "town_id", "id"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id


class AttendanceMonth(Versioned, Base):
    """A cadre's sign-in for one month as submitted (imported sheet row or clerk entry); its days
    are in `AttendanceDay`. Versioned so that an import can be undone safely."""

    __tablename__ = "cadre_attendance_month"
    label_zh = "驻村考勤月表"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    marks: Mapped[str] = mapped_column(String(31), nullable=False, default="")  # one per day

    __table_args__ = (UniqueConstraint("cadre_id", "year", "month"),)

    @property
    def audit_division_id(self) -> int | None:
        return None


class AttendanceDay(Base):
    """One day of a cadre's sign-in: half days in the village (0–2) and a mark.

    mark: P 在村, H 半天, A 缺勤 (unexcused), L 请假, D 公出. Not versioned: a day is replaced
    as a whole by a newer sheet or entry.
    """

    __tablename__ = "cadre_attendance"
    label_zh = "驻村考勤"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    halves: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    mark: Mapped[str] = mapped_column(String(1), nullable=False)

    __table_args__ = (
        UniqueConstraint("cadre_id", "day"),
        # covering the monthly summary: a day range, grouped by cadre, summing halves and marks
        Index("ix_cadre_attendance_day_cadre_id_halves_mark", "day", "cadre_id", "halves", "mark"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return None


class SpotCheck(Base):
    """An unannounced check (抽查) of whether a cadre was in the village."""

    __tablename__ = "cadre_spot_check"
    label_zh = "驻村抽查"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    checked_on: Mapped[date] = mapped_column(Date, nullable=False)
    checked_by: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    result: Mapped[str] = mapped_column(String(10), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    @property
    def audit_division_id(self) -> int | None:
        return None


class Leave(Versioned, Base):
    """A leave request (请假) with half days, its approver tier, decision and report-back (销假)."""

    __tablename__ = "cadre_leave"
    label_zh = "请销假"
    audit_exclude = ("attachment",)  # the file's bytes; its name is audited

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    leave_type: Mapped[str] = mapped_column(String(4), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    start_pm: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_am: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    halves: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    attachment_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    approver_tier: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    opinion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    reported_back_on: Mapped[date | None] = mapped_column(Date)

    @property
    def audit_division_id(self) -> int | None:
        return None


class HouseholdVisit(Base):
    """A household visit (入户走访) by the team: items checked, problems, referral to monitoring."""

    __tablename__ = "household_visit"
    label_zh = "入户走访"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    household: Mapped[str] = mapped_column(String(60), nullable=False)
    visited_on: Mapped[date] = mapped_column(Date, nullable=False)
    visitors: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    items: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="")
    referred: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (
        Index("ix_household_visit_village_id_visited_on", "village_id", "visited_on"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id


class Training(Base):
    """A training a cadre attended: course, organiser level, dates, hours."""

    __tablename__ = "cadre_training"
    label_zh = "驻村干部培训"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    course: Mapped[str] = mapped_column(String(100), nullable=False)
    organiser_level: Mapped[str] = mapped_column(String(4), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    hours: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    @property
    def audit_division_id(self) -> int | None:
        return None


class WorkRecord(Base):
    """A monthly work record, a summary, or a report heard by the dispatching unit."""

    __tablename__ = "cadre_work_record"
    label_zh = "驻村工作记录"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    recorded_on: Mapped[date] = mapped_column(Date, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")

    @property
    def audit_division_id(self) -> int | None:
        return None


class AssessmentRound(Versioned, Base):
    """An assessment round: annual (年度考核) or term-end (期满考核) for a year."""

    __tablename__ = "assessment_round"
    label_zh = "驻村考核"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(6), nullable=False)
    closed_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("year", "kind"),)

    @property
    def audit_division_id(self) -> int | None:
        return None


class Assessment(Versioned, Base):
    """One cadre's assessment in a round: the inputs, the county's grade and how it was used."""

    __tablename__ = "cadre_assessment"
    label_zh = "驻村考核结果"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_round.id"), nullable=False)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("cadre_assignment.id"), nullable=False)
    self_report: Mapped[str] = mapped_column(Text, nullable=False, default="")
    democratic_rating: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    town_opinion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    unit_opinion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    grade: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    use_of_result: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (UniqueConstraint("round_id", "cadre_id"),)

    @property
    def audit_division_id(self) -> int | None:
        return None


class CareRecord(Base):
    """Care for a cadre (task 50): visits, health checks, accident insurance, allowances, funds."""

    __tablename__ = "cadre_care"
    label_zh = "关心关爱"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(6), nullable=False)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)
    provider: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    occasion: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    amount: Mapped[Decimal | None] = mapped_column(Money)
    policy_no: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    insurer: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    @property
    def audit_division_id(self) -> int | None:
        return None
