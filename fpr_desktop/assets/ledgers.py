"""The three-tier ledgers (县、镇、村三级台账): views of the same asset records, with totals.

The county master ledger holds every asset on the books; a town ledger the assets owned by the
town, its villages and their households; a village ledger those owned by the village and its
households. Assets disposed of leave the books (they stay in the database with their history).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from fpr_desktop.assets.cards import owner_label
from fpr_desktop.assets.models import CLASSES, NATURES, Asset, Handover
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.paging import Column, IdPage, Totals
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.db.types import Money
from fpr_desktop.projects.models import Project

VALUE_INDEX = 9  # position of original_value in a row
TIER_LABELS = {"county": "县级", "town": "镇级", "village": "村级"}
LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("code", "资产编号", width=130),
    Column("name", "资产名称", width=220),
    Column("asset_class", "类别", width=60),
    Column("nature", "性质", width=80),
    Column("sub_type", "类型", width=80),
    Column("quantity", "数量", width=70),
    Column("location", "坐落", width=140),
    Column("project", "来源项目", width=180),
    Column("year", "年度", "int", 50),
    Column("original_value", "原值", "money", 110),  # the screen adds its unit (万元)
    Column("owner", "所有者", width=150),
    Column("registered_on", "确权日期", "date", 95),
    Column("status", "状态", width=60),
)


@dataclass(frozen=True)
class LedgerScope:
    """Which ledger: the county master ledger, one town's or one village's."""

    tier: str  # county / town / village
    division_id: int | None = None  # the town or village (None for the county)

    def where(self) -> ColumnElement[bool]:
        on_books = Asset.status != "已处置"
        if self.tier == "county":
            return on_books
        if self.tier == "town":
            return and_(on_books, Asset.owner_town_id == self.division_id)
        return and_(on_books, Asset.owner_division_id == self.division_id)


def check_scope(session: Session, actor: Actor, scope: LedgerScope) -> str:
    """Refuse a ledger outside the actor's scope; returns the ledger's owner name."""
    require_role(actor, "read")
    if scope.tier not in TIER_LABELS:
        raise ValidationError("台账层级应为 county（县）、town（镇）或 village（村）。")
    if scope.tier == "county":
        require(session, actor, "read", None)
        return ""
    d = session.get(Division, scope.division_id) if scope.division_id else None
    if d is None or d.level != scope.tier:
        raise NotFound(f"请选择要查看台账的{'镇' if scope.tier == 'town' else '村'}。")
    require(session, actor, "read", d.id)
    return d.name


WAN = Decimal(10000)


class LedgerSource:
    """A ledger's rows, oldest asset first (keyset on id), with totals in SQL.

    wan: the value column in 万元 (lists on screen); exports and totals stay in exact 元.
    """

    columns: Sequence[Column] = LEDGER_COLUMNS

    def __init__(
        self,
        session: Session,
        actor: Actor,
        scope: LedgerScope,
        text: str = "",
    ) -> None:
        self.owner_name = check_scope(session, actor, scope)
        self.scope = scope
        self.text = text.strip()

    def apply[S: Select[*tuple[Any, ...]]](self, stmt: S) -> S:
        stmt = stmt.where(self.scope.where())
        if self.text:
            stmt = stmt.where(Asset.name.contains(self.text, autoescape=True))
        return stmt

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        stmt = self.apply(select(Asset.id))
        if after is not None:
            stmt = stmt.where(Asset.id > after[0])
        ids = list(session.scalars(stmt.order_by(Asset.id).limit(limit)))
        return IdPage(ids, (ids[-1],) if len(ids) == limit else None)

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        stmt = row_select().where(Asset.id.in_(list(ids)))
        return {r[0]: _row_values(r) for r in session.execute(stmt)}

    def totals(self, session: Session) -> Totals:
        stmt = self.apply(
            select(
                func.count(Asset.id),
                type_coerce(func.coalesce(func.sum(Asset.original_value), 0), Money),
            )
        )
        count, total = session.execute(stmt).one()
        return Totals(int(count), {"original_value": total})

    def breakdown(self, session: Session) -> dict[tuple[str, str], tuple[int, Decimal]]:
        """(class, nature) → (count, value), in SQL."""
        stmt = self.apply(
            select(
                Asset.asset_class,
                Asset.nature,
                func.count(Asset.id),
                type_coerce(func.sum(Asset.original_value), Money),
            )
        ).group_by(Asset.asset_class, Asset.nature)
        return {(c, n): (int(k), v) for c, n, k, v in session.execute(stmt)}


def breakdown_lines(
    data: dict[tuple[str, str], tuple[int, Decimal]],
) -> list[tuple[str, int, Decimal]]:
    """Rows “经营性 / 固定资产”, … then subtotals by class and by nature, in a fixed order."""
    out = []
    for c in CLASSES:
        for n in NATURES:
            if (c, n) in data:
                out.append((f"{c}·{n}", *data[(c, n)]))
    for c in CLASSES:
        items = [v for (cc, _), v in data.items() if cc == c]
        out.append(
            (f"{c}资产小计", sum(i[0] for i in items), sum((i[1] for i in items), Decimal(0)))
        )
    for n in NATURES:
        items = [v for (_, nn), v in data.items() if nn == n]
        out.append((f"{n}小计", sum(i[0] for i in items), sum((i[1] for i in items), Decimal(0))))
    return out


def row_select() -> Select[*tuple[Any, ...]]:
    """A ledger row: the asset id, then its columns (names of places, owner and project)."""
    town, village, owner = aliased(Division), aliased(Division), aliased(Division)
    return (
        select(
            Asset.id,
            Asset.code,
            Asset.name,
            Asset.asset_class,
            Asset.nature,
            Asset.sub_type,
            Asset.quantity,
            Asset.unit,
            town.name,
            village.name,
            Asset.group_name,
            Project.name,
            func.coalesce(Project.year, Asset.built_year),
            Asset.original_value,
            Asset.owner_tier,
            owner.name,
            Asset.owner_name,
            Asset.registered_on,
            Asset.status,
            Asset.remarks,
        )
        .join(town, town.id == Asset.town_id)
        .outerjoin(village, village.id == Asset.village_id)
        .outerjoin(owner, owner.id == Asset.owner_division_id)
        .outerjoin(Project, Project.id == Asset.project_id)
    )


def _row_values(r: Any) -> tuple[Any, ...]:
    (_, code, name, cls, nature, sub, qty, unit, town, village, group, project, year, value,
     tier, owner_div, owner_name, registered, status, _remarks) = r  # fmt: skip
    return (
        code,
        name,
        cls,
        nature,
        sub,
        f"{qty}{unit}",
        f"{town}{village or ''}{group}",
        project or "",
        year,
        value,
        owner_label(tier, owner_div or "", owner_name),
        registered,
        status,
    )


# --- reconciliation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """An asset that breaks the three-tier roll-up, and why."""

    asset_id: int
    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class Reconciliation:
    """county = Σ towns + county-owned; each town = Σ its villages + town-owned."""

    county: Decimal
    county_owned: Decimal
    towns: dict[int, Decimal]  # town ledger totals (by the stored owner town)
    villages_by_town: dict[int, Decimal]  # Σ village ledgers under each town (by division)
    town_owned: dict[int, Decimal]
    breaks: list[Break]

    @property
    def sum_towns(self) -> Decimal:
        return sum(self.towns.values(), Decimal(0))

    @property
    def balanced(self) -> bool:
        if self.county != self.sum_towns + self.county_owned:
            return False
        return (
            all(
                total
                == self.villages_by_town.get(t, Decimal(0)) + self.town_owned.get(t, Decimal(0))
                for t, total in self.towns.items()
            )
            and not self.breaks
        )


EXPECTED_LEVEL = {"county": "county", "town": "town", "village": "village", "household": "village"}


def _group_problem(
    tier: str | None,
    stored_town: int | None,
    owner_div: int | None,
    town: int,
    village: int | None,
    divisions: dict[int, tuple[str, int | None]],
) -> str:
    """Why assets with these owner and location columns break the roll-up ('' if they don't)."""
    level, real_town = divisions.get(owner_div or 0, (None, None))
    if tier is None or owner_div is None or level is None:
        return "没有所有者（未确权）"
    if level != EXPECTED_LEVEL.get(tier):
        return "所有者层级与所有者不符"
    if tier == "county":
        return "县级资产记录了所属镇" if stored_town is not None else ""
    if real_town != stored_town:
        return "所有者所属镇记录有误，镇级台账与村级台账对不上"
    if stored_town != town or (tier == "town" and owner_div != town):
        return "所有者不在资产所在地"
    if tier in ("village", "household") and owner_div != village:
        return "所有者不在资产所在地"
    return ""


def reconcile(session: Session, actor: Actor, limit: int = 1000) -> Reconciliation:
    """Prove the ledgers add up across tiers, and list every asset that breaks them.

    One GROUP BY over the owner and location columns (a covering index) gives every total;
    only the groups that break a rule are read asset by asset.
    """
    require(session, actor, "read", None)
    divisions = {
        r.id: (r.level, r.town_id)
        for r in session.execute(select(Division.id, Division.level, Division.town_id))
    }
    cols = (Asset.owner_tier, Asset.owner_town_id, Asset.owner_division_id, Asset.town_id,
            Asset.village_id)  # fmt: skip
    value = type_coerce(func.coalesce(func.sum(Asset.original_value), 0), Money)
    rows = session.execute(
        select(*cols, value).where(Asset.status != "已处置").group_by(*cols)
    ).all()
    county = county_owned = Decimal(0)
    towns: dict[int, Decimal] = {}
    villages: dict[int, Decimal] = {}
    town_owned: dict[int, Decimal] = {}
    bad: list[tuple[tuple[Any, ...], str]] = []
    for tier, stored_town, owner_div, town, village, total in rows:
        county += total
        level, real_town = divisions.get(owner_div or 0, (None, None))
        if tier == "county" and level == "county":
            county_owned += total
        if stored_town is not None:
            towns[stored_town] = towns.get(stored_town, Decimal(0)) + total
        if tier in ("village", "household") and level == "village" and real_town is not None:
            villages[real_town] = villages.get(real_town, Decimal(0)) + total
        if tier == "town" and level == "town" and real_town is not None:
            town_owned[real_town] = town_owned.get(real_town, Decimal(0)) + total
        reason = _group_problem(tier, stored_town, owner_div, town, village, divisions)
        if reason:
            bad.append(((tier, stored_town, owner_div, town, village), reason))
    breaks: list[Break] = []
    for key, reason in bad:
        match = [c.is_(None) if v is None else c == v for c, v in zip(cols, key, strict=True)]
        found = session.execute(
            select(Asset.id, Asset.code, Asset.name)
            .where(Asset.status != "已处置", *match)
            .order_by(Asset.id)
            .limit(limit)
        )
        breaks += [Break(r.id, r.code, r.name, reason) for r in found]
    breaks.sort(key=lambda b: b.asset_id)
    return Reconciliation(
        county, county_owned, towns, villages, town_owned, breaks[:limit] + _value_breaks(session)
    )


def _value_breaks(session: Session) -> list[Break]:
    """Assets whose project's assets do not add up to its settled amount, unexplained."""
    bad = (
        select(Asset.project_id)
        .join(Project, Project.id == Asset.project_id)
        .join(Handover, Handover.id == Asset.handover_id)
        .where(Project.settled_amount.is_not(None), Handover.difference_note == "")
        .group_by(Asset.project_id, Project.settled_amount)
        .having(func.sum(Asset.original_value) != Project.settled_amount)
    )
    rows = session.execute(
        select(Asset.id, Asset.code, Asset.name)
        .where(Asset.project_id.in_(bad.scalar_subquery()))
        .order_by(Asset.id)
    )
    return [Break(r.id, r.code, r.name, "资产价值合计与来源项目的结算金额不一致") for r in rows]
