"""Exchange kind `assets`: a town's existing asset ledger (资产台账) imported into the cards.

Rows are matched by 资产编号; a row without one is a new asset (warned, since importing the
file again would register it twice). An update changes only the card's descriptions: a
different value or owner must go through the card's own steps (transfer, disposal), so the
import refuses it. Undoing an import removes the cards it created (nothing else may have
happened to them), the one case where an asset row is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import CardEdit, Owner, check_owner_in_location, resolve_owner
from fpr_desktop.assets.cards import update_card as update_card_service
from fpr_desktop.assets.ledger_spec import SPEC
from fpr_desktop.assets.ledgers import LedgerScope, LedgerSource
from fpr_desktop.assets.models import TIERS, Asset, AssetEvent, AssetFunding
from fpr_desktop.assets.report import export_rows as ledger_rows
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import require
from fpr_desktop.exchange import KindSpec
from fpr_desktop.submissions.kinds import (
    Action,
    ApplyState,
    ExchangeKind,
    PlanContext,
    RowPlan,
    TownRef,
    register,
)

TIER_CODES = {label: code for code, label in TIERS.items()}


@dataclass(frozen=True)
class AssetRow:
    """One imported ledger row, resolved."""

    code: str
    card: CardEdit
    town_id: int
    village_id: int | None
    group_name: str
    year: int | None
    value: Decimal
    owner: Owner
    registered_on: date | None
    status: str


def _card(v: dict[str, Any]) -> CardEdit:
    return CardEdit(
        name=v["name"],
        asset_class=v["asset_class"],
        nature=v["nature"],
        sub_type=v.get("sub_type") or "",
        quantity=v.get("quantity") or "",
        unit=v.get("unit") or "",
        group_name=v.get("group_name") or "",
        remarks=v.get("remarks") or "",
    )


@register
class AssetsKind(ExchangeKind):
    name = "assets"
    title = "扶贫资产台账"
    permission = "assets.edit"
    model = Asset
    number_key = "seq"

    def spec(self, session: Session) -> KindSpec:
        return SPEC

    def notes(self) -> list[str]:
        return [
            "按资产编号对应库中资产；未填资产编号的行作为新资产登记。",
            "权属层级填“县、镇、村、户”；确权到户时“所有者”填户主姓名，资产须填写所在村。",
            "库中已有的资产只更新名称、类别等描述；原值、权属的变化请在资产卡片中办理。",
        ]

    # --- import ------------------------------------------------------------------------------
    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        session, result = ctx.session, ctx.result
        county = session.scalar(select(Division.id).where(Division.level == "county"))
        rows: dict[int, AssetRow] = {}
        for vr in result.rows:
            v = vr.values
            town, village = v["town"], v.get("village")
            tier = TIER_CODES[v["owner_tier"]]
            owner_div = {"county": county, "town": town.id}.get(tier, village.id if village else 0)
            owner = Owner(tier, int(owner_div or 0), v.get("owner_name") or "")
            try:
                _, owner_town = resolve_owner(session, owner)
                check_owner_in_location(owner, town.id, village.id if village else None, owner_town)
            except ValidationError as exc:
                result.add_problem(
                    vr.row, "owner_tier", str(exc).rstrip("。"), "与所在地一致的权属"
                )
                continue
            rows[vr.row] = AssetRow(
                (v.get("code") or "").strip(),
                _card(v),
                int(town.id),
                int(village.id) if village else None,
                v.get("group_name") or "",
                v.get("year"),
                v["original_value"],
                owner,
                v.get("registered_on"),
                v.get("status") or "在用",
            )
        codes = [r.code for r in rows.values() if r.code]
        stored = {
            a.code: a
            for start in range(0, len(codes), 900)
            for a in session.scalars(
                select(Asset).where(Asset.code.in_(codes[start : start + 900]))
            )
        }
        plans: list[RowPlan] = []
        seen: set[str] = set()
        for row, r in rows.items():
            if r.code and r.code in seen:
                result.add_problem(
                    row, "code", f"资产编号“{r.code}”在本表中重复", "每项资产一个编号"
                )
                continue
            seen.add(r.code)
            a = stored.get(r.code) if r.code else None
            if a is None:
                if not r.code:
                    result.add_problem(
                        row, "code", "未填资产编号，将作为新资产登记", "资产编号", warning=True
                    )
                plans.append(RowPlan(row, "create", r, r.town_id))
                continue
            if a.original_value != r.value or (a.owner_tier, a.owner_division_id) != (
                r.owner.tier,
                r.owner.division_id,
            ):
                result.add_problem(
                    row,
                    "original_value",
                    "原值或权属与库中资产不一致",
                    "与库中一致（原值、权属的变化请在资产卡片中办理）",
                )
                continue
            same = all(getattr(a, k) == val for k, val in asdict(r.card).items())
            action: Action = "unchanged" if same else "update"
            plans.append(RowPlan(row, action, r, r.town_id, a.id, a.version))
        return plans

    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int:
        r: AssetRow = plan.payload
        require(session, actor, self.permission, r.village_id or r.town_id)
        division_id, owner_town = resolve_owner(session, r.owner)
        a = Asset(
            code=r.code or _next_code(session, r.town_id),
            town_id=r.town_id,
            village_id=r.village_id,
            built_year=r.year,
            original_value=r.value,
            owner_tier=r.owner.tier,
            owner_division_id=division_id,
            owner_town_id=owner_town,
            owner_name=r.owner.name.strip() if r.owner.tier == "household" else "",
            registered_on=r.registered_on,
            status=r.status,
            **asdict(r.card),
        )
        session.add(a)
        session.flush()
        session.add(
            AssetEvent(
                asset_id=a.id,
                kind="登记",
                happened_on=r.registered_on or date.today(),
                to_value="导入镇级资产台账",
                note=f"导入批次 {state.batch}",
                username=actor.display_name or actor.username,
            )
        )
        return a.id

    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None:
        assert plan.existing_id is not None and plan.existing_version is not None
        update_card_service(
            session, actor, plan.existing_id, plan.existing_version, plan.payload.card
        )

    # --- undo --------------------------------------------------------------------------------
    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]:
        a = session.get(Asset, row_id)
        assert a is not None
        return {k: getattr(a, k) for k in CardEdit.__dataclass_fields__}

    def restore(self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]) -> None:
        a = session.get(Asset, row_id)
        assert a is not None
        update_card_service(session, actor, row_id, a.version, CardEdit(**data))

    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None:
        for start in range(0, len(ids), 900):
            block = list(ids[start : start + 900])
            events = session.scalar(
                select(func.count())
                .select_from(AssetEvent)
                .where(AssetEvent.asset_id.in_(block), AssetEvent.kind != "登记")
            )
            if events:
                raise ValidationError("无法撤销：导入的资产此后已办理变更或处置，不能删除。")
            for model in (AssetEvent, AssetFunding):
                for row in session.scalars(select(model).where(model.asset_id.in_(block))):
                    session.delete(row)
            for a in session.scalars(select(Asset).where(Asset.id.in_(block))):
                session.delete(a)
        session.flush()

    # --- export ------------------------------------------------------------------------------
    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]:
        scope = LedgerScope("town", town.id) if town is not None else LedgerScope("county")
        return ledger_rows(session, LedgerSource(session, actor, scope))


def _next_code(session: Session, town_id: int) -> str:
    """ZC + town id + a running number: unique however many imports follow."""
    last = session.scalar(select(func.max(Asset.id))) or 0
    return f"ZC{town_id:03d}-{last + 1:07d}"
