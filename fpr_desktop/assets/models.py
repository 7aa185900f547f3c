"""Project assets (扶贫资产): cards, handovers, history, income, distribution, upkeep, disposal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, object_session

from fpr_desktop.db.base import Base, Versioned
from fpr_desktop.db.types import Money, UTCDateTime, utcnow

CLASSES = ("经营性", "公益性", "到户类")
NATURES = ("固定资产", "生物资产", "权益性资产")
TIERS = {"county": "县", "town": "镇", "village": "村", "household": "户"}
STATUSES = ("在用", "闲置", "损毁", "已处置")


class Handover(Base):
    """A handover (移交) of a project's assets from the implementing unit to the owner."""

    __tablename__ = "asset_handover"
    label_zh = "资产移交"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), index=True)
    from_unit: Mapped[str] = mapped_column(String(100), nullable=False)
    to_unit: Mapped[str] = mapped_column(String(100), nullable=False)
    handed_on: Mapped[date] = mapped_column(Date, nullable=False)
    documents: Mapped[str] = mapped_column(Text, nullable=False, default="")
    from_signer: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    to_signer: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    witnesses: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # why the assets' values differ from the settled amount (empty: they add up)
    difference_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    @property
    def audit_division_id(self) -> int | None:
        return self.division_id


class Asset(Versioned, Base):
    """An asset card (资产卡片); never deleted — disposal is a status with a record."""

    __tablename__ = "asset"
    label_zh = "扶贫资产"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    asset_class: Mapped[str] = mapped_column(String(10), nullable=False)
    nature: Mapped[str] = mapped_column(String(10), nullable=False)
    sub_type: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    quantity: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    unit: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    # location
    town_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    group_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    # source
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), index=True)
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("asset_handover.id"), index=True)
    built_year: Mapped[int | None] = mapped_column(Integer)
    original_value: Mapped[Decimal] = mapped_column(Money, nullable=False)
    # owner (确权): tier + division (the village for a household) + the owner's name
    owner_tier: Mapped[str | None] = mapped_column(String(10))
    owner_division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    # the owner's town, kept so that a town ledger is one indexed comparison (None: county)
    owner_town_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    owner_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    registered_on: Mapped[date | None] = mapped_column(Date)
    sanzi_entry_on: Mapped[date | None] = mapped_column(Date)  # 三资平台录入
    sanzi_entry_no: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # operating assets
    operator: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    contract_terms: Mapped[str] = mapped_column(Text, nullable=False, default="")
    risk_controls: Mapped[str] = mapped_column(Text, nullable=False, default="")
    beneficiaries: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="在用")
    remarks: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        # ledgers: keyset order (id) under the tier's filter, covering class/nature/value totals
        Index("ix_asset_owner_town_id_id", "owner_town_id", "id"),
        Index("ix_asset_owner_division_id_id", "owner_division_id", "id"),
        # the reconciliation's one GROUP BY reads only this index
        Index(
            "ix_asset_reconcile",
            "owner_tier",
            "owner_town_id",
            "owner_division_id",
            "town_id",
            "village_id",
            "status",
            "original_value",
        ),
        # the county ledger's totals by class and nature
        Index("ix_asset_class_nature", "asset_class", "nature", "status", "original_value"),
    )

    @property
    def audit_division_id(self) -> int | None:
        return self.village_id or self.town_id


class _AssetChild:
    """Rows that belong to one asset; audited under the asset's village (or town)."""

    if TYPE_CHECKING:
        asset_id: int

    @property
    def audit_division_id(self) -> int | None:
        session = object_session(self)
        asset = session.get(Asset, self.asset_id) if session is not None else None
        return (asset.village_id or asset.town_id) if asset is not None else None


class AssetFunding(_AssetChild, Base):
    """The asset's value split by fund source (中央衔接资金 …)."""

    __tablename__ = "asset_funding"
    label_zh = "资产资金来源"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)


class AssetEvent(_AssetChild, Base):
    """The asset's history: registration, status changes, ownership transfers, disposal."""

    __tablename__ = "asset_event"
    label_zh = "资产变动记录"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # 登记/状态/权属/处置
    happened_on: Mapped[date] = mapped_column(Date, nullable=False)
    from_value: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    to_value: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    username: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class IncomeRecord(_AssetChild, Base):
    """Income an operating asset brought in (租金, 分红, 发电收益 …)."""

    __tablename__ = "asset_income"
    label_zh = "资产收益"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    source: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class DistributionPlan(Versioned, Base):
    """A yearly income distribution plan (收益分配方案) for one owner village (or town)."""

    __tablename__ = "distribution_plan"
    label_zh = "收益分配方案"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    received: Mapped[Decimal] = mapped_column(Money, nullable=False)  # income to distribute
    collective: Mapped[Decimal] = mapped_column(Money, nullable=False)  # 村集体经济
    households: Mapped[Decimal] = mapped_column(Money, nullable=False)  # 受益农户
    household_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    welfare_wages: Mapped[Decimal] = mapped_column(Money, nullable=False)  # 公益岗位工资
    upkeep: Mapped[Decimal] = mapped_column(Money, nullable=False)  # 管护
    development: Mapped[Decimal] = mapped_column(Money, nullable=False)  # 发展
    retained: Mapped[Decimal] = mapped_column(Money, nullable=False)  # 结余留存
    one_off_cash: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    procedure: Mapped[str] = mapped_column(String(20), nullable=False)  # 四议两公开/三重一大
    decided_on: Mapped[date | None] = mapped_column(Date)
    town_reviewed_on: Mapped[date | None] = mapped_column(Date)
    county_agreed_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    @property
    def audit_division_id(self) -> int | None:
        return self.division_id


class Payout(Base):
    """Money actually paid under a plan, by use."""

    __tablename__ = "distribution_payout"
    label_zh = "收益兑付"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("distribution_plan.id"), nullable=False, index=True
    )
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    use: Mapped[str] = mapped_column(String(20), nullable=False)
    payee: Mapped[str] = mapped_column(String(100), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))

    @property
    def audit_division_id(self) -> int | None:
        return self.division_id


class Upkeep(Versioned, _AssetChild, Base):
    """Who maintains a public asset (管护): body, person or post, agreement, funding."""

    __tablename__ = "asset_upkeep"
    label_zh = "资产管护"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, unique=True)
    body: Mapped[str] = mapped_column(String(100), nullable=False)
    person: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    post: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # 公益岗位
    phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    agreement: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    agreement_on: Mapped[date | None] = mapped_column(Date)
    funding: Mapped[Decimal] = mapped_column(Money, nullable=False)  # per year
    funding_source: Mapped[str] = mapped_column(String(60), nullable=False, default="")


class Inspection(_AssetChild, Base):
    """One entry of the upkeep inspection log (巡查)."""

    __tablename__ = "asset_inspection"
    label_zh = "管护巡查"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    inspected_on: Mapped[date] = mapped_column(Date, nullable=False)
    inspector: Mapped[str] = mapped_column(String(40), nullable=False)
    condition: Mapped[str] = mapped_column(String(10), nullable=False)  # 良好/一般/较差/损坏
    repair_needed: Mapped[str] = mapped_column(Text, nullable=False, default="")
    repaired_on: Mapped[date | None] = mapped_column(Date)
    repair_note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Disposal(_AssetChild, Base):
    """A disposal (处置): cause, decision procedure, approval, proceeds and where they went."""

    __tablename__ = "asset_disposal"
    label_zh = "资产处置"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, unique=True)
    cause: Mapped[str] = mapped_column(String(20), nullable=False)
    procedure: Mapped[str] = mapped_column(String(20), nullable=False)
    approval: Mapped[str] = mapped_column(String(100), nullable=False)
    approved_on: Mapped[date] = mapped_column(Date, nullable=False)
    disposed_on: Mapped[date] = mapped_column(Date, nullable=False)
    proceeds: Mapped[Decimal] = mapped_column(Money, nullable=False)
    proceeds_to: Mapped[str] = mapped_column(String(60), nullable=False, default="")
