"""What a user may do with one asset card, and why not — decided before any button is pressed.

Each action of the card (edit, status change, transfer, disposal, 三资 entry, income, upkeep)
gets an `Allowed`: the screen enables the button or disables it with the reason as its tooltip.
The services refuse the same cases on their own; this only tells the user beforehand.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import EDIT, AssetCard
from fpr_desktop.base.context import Actor
from fpr_desktop.base.permissions import can, in_scope

NO_PERMISSION = "当前用户没有“维护扶贫资产”的权限。"
DISPOSED = "该资产已处置，不能再修改（处置记录和变动历史仍可查看）。"


@dataclass(frozen=True)
class Allowed:
    ok: bool
    reason: str = ""  # why not (empty when allowed)


YES = Allowed(True)


@dataclass(frozen=True)
class CardActions:
    edit: Allowed
    status: Allowed
    transfer: Allowed
    dispose: Allowed
    sanzi: Allowed
    income: Allowed
    upkeep: Allowed


def card_actions(session: Session, actor: Actor, card: AssetCard) -> CardActions:
    """The actions of `card` for `actor`, each allowed or refused with its reason."""
    base = YES
    if not can(actor, EDIT):
        base = Allowed(False, NO_PERMISSION)
    elif not in_scope(session, actor, card.village_id or card.town_id):
        base = Allowed(False, f"该资产不在{actor.scope_name or '您'}的管辖范围内，只能查看。")
    elif card.status == "已处置":
        base = Allowed(False, DISPOSED)
    sanzi = base
    if base.ok and card.owner_tier != "village":
        sanzi = Allowed(False, "只有确权到村（村集体所有）的资产纳入“三资”平台管理。")
    income = base
    if base.ok and card.asset_class != "经营性":
        income = Allowed(False, "只有经营性资产登记经营主体收益和收益分配。")
    upkeep = base
    if base.ok and card.asset_class != "公益性":
        upkeep = Allowed(False, "管护主体和巡查记录针对公益性资产。")
    transfer = base
    if base.ok and card.owner_tier is None:
        transfer = Allowed(False, "该资产尚未确权，请先办理资产移交确权。")
    return CardActions(base, base, transfer, base, sanzi, income, upkeep)
