"""The project library (项目库): proposals, life cycle, targets, funds, meetings, acceptance."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, object_session

from fpr_desktop.base.models.columns import Money, UTCDateTime, utcnow
from fpr_desktop.base.models.orm import Base, Versioned


class ProjectCategory(Versioned, Base):
    """The editable category tree (产业发展 › 种植 …)."""

    __tablename__ = "project_category"
    label_zh = "项目类别"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("project_category.id"))
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    @property
    def audit_division_id(self) -> int | None:
        return None


class Project(Versioned, Base):
    __tablename__ = "project"
    label_zh = "项目"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    # None: an imported draft whose list gave no category (待完善, required before submitting)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("project_category.id"))
    construction_type: Mapped[str] = mapped_column(String(10), nullable=False)
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    group_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    content: Mapped[str] = mapped_column(Text, nullable=False)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    responsible_unit: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    responsible_person: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    implementing_unit: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    total_investment: Mapped[Decimal] = mapped_column(Money, nullable=False)
    fiscal_funds: Mapped[Decimal] = mapped_column(Money, nullable=False)
    households: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    people: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    poverty_households: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    poverty_people: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    monitored_households: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    monitored_people: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    benefit_mechanism: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    implementation_mode: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    completed_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    settled_on: Mapped[date | None] = mapped_column(Date)
    settled_amount: Mapped[Decimal | None] = mapped_column(Money)
    # Implementation details by mode (公开招标/政府采购; 以工代赈)
    tender_date: Mapped[date | None] = mapped_column(Date)
    contractor: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    contract_amount: Mapped[Decimal | None] = mapped_column(Money)
    labour_wages: Mapped[Decimal | None] = mapped_column(Money)
    local_workers: Mapped[int | None] = mapped_column(Integer)
    poverty_workers: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        # covering the list's usual filters with the keyset order (year desc, id desc)
        Index("ix_project_town_id_year_id", "town_id", "year", "id"),
        Index("ix_project_year_id", "year", "id"),
        Index("ix_project_status_id", "status", "id"),
        Index("ix_project_village_id_year", "village_id", "year"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id or self.town_id


class _ProjectChild:
    """Rows that belong to one project; audited under the project's village (or town)."""

    if TYPE_CHECKING:
        project_id: int  # each child maps its own foreign key column

    @property
    def audit_division_id(self) -> int | None:
        session = object_session(self)
        project = session.get(Project, self.project_id) if session is not None else None
        return (project.village_id or project.town_id) if project is not None else None


class ProjectTarget(_ProjectChild, Base):
    """A performance target (绩效目标): indicator, unit, target value."""

    __tablename__ = "project_target"
    label_zh = "绩效目标"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # 产出/效益/满意度
    indicator: Mapped[str] = mapped_column(String(100), nullable=False)
    unit: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    target_value: Mapped[str] = mapped_column(String(60), nullable=False)


class ProjectFunding(_ProjectChild, Base):
    """Fiscal funds requested, by source (中央衔接资金, 苏陕协作资金 …)."""

    __tablename__ = "project_funding"
    label_zh = "项目资金来源"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)

    __table_args__ = (UniqueConstraint("project_id", "source"),)


class ProjectVillage(_ProjectChild, Base):
    """A further village a project covers (the first one is `Project.village_id`)."""

    __tablename__ = "project_village"
    label_zh = "项目覆盖村"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)

    __table_args__ = (UniqueConstraint("project_id", "village_id"),)


class ProjectStep(_ProjectChild, Base):
    """One step of the life cycle: who, when, from → to, and their opinion (the approval sheet)."""

    __tablename__ = "project_step"
    label_zh = "项目审批记录"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    from_status: Mapped[str] = mapped_column(String(30), nullable=False)
    to_status: Mapped[str] = mapped_column(String(30), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    opinion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # who decided (review and approval steps): 决策机构, 会议或文件文号, 决策日期
    decided_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    doc_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)


class VillageMeeting(_ProjectChild, Base):
    """A meeting of the 四议两公开 procedure for a village self-built project."""

    __tablename__ = "village_meeting"
    label_zh = "四议两公开会议"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    meeting_type: Mapped[str] = mapped_column(String(20), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    eligible: Mapped[int] = mapped_column(Integer, nullable=False)
    present: Mapped[int] = mapped_column(Integer, nullable=False)
    votes_for: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    abstentions: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    resolution: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_on: Mapped[date | None] = mapped_column(Date)  # 决议公开
    result_published_on: Mapped[date | None] = mapped_column(Date)  # 实施结果公开


class SupervisionSignoff(_ProjectChild, Base):
    """村监委会 sign-off on progress, quality or a payment."""

    __tablename__ = "supervision_signoff"
    label_zh = "村监委会签字"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    subject: Mapped[str] = mapped_column(String(10), nullable=False)  # 进度/质量/付款
    signed_on: Mapped[date] = mapped_column(Date, nullable=False)
    signer: Mapped[str] = mapped_column(String(40), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Acceptance(_ProjectChild, Base):
    """An acceptance inspection (自检 / 初验 / 终验) and its result."""

    __tablename__ = "acceptance"
    label_zh = "竣工验收"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    stage: Mapped[str] = mapped_column(String(10), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    team: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    passed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    report: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # why the inspection came later than the acceptance deadline (任务清单第39条)
    late_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ProjectAdjustment(Versioned, _ProjectChild, Base):
    """项目调整: a change of an in-library project's content, amount or place, with its values
    before and after (JSON), who asked, and the county decision that approved it."""

    __tablename__ = "project_adjustment"
    label_zh = "项目调整"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    before: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {field: value}
    after: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {field: value}
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")
    decided_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    doc_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AnnualPlan(Versioned, Base):
    __tablename__ = "annual_plan"
    label_zh = "年度计划"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)

    @property
    def audit_division_id(self) -> int | None:
        return None


class PlanItem(_ProjectChild, Base):
    """A library project in a year's plan, with the funds attached to it by source."""

    __tablename__ = "plan_item"
    label_zh = "年度计划项目"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("annual_plan.id"), nullable=False, index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), nullable=False, index=True)
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    carried_from: Mapped[int | None] = mapped_column(Integer)  # year carried over from

    __table_args__ = (UniqueConstraint("plan_id", "project_id", "source"),)
