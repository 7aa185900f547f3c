"""What the assets screens start from: the towns and villages in scope, what the user may do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import EDIT
from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import can, require_role


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    town_id: int | None


@dataclass(frozen=True)
class AssetChoices:
    county_id: int | None
    county_name: str
    towns: tuple[Place, ...]
    villages: tuple[Place, ...]
    may_edit: bool
    whole_county: bool  # False: a town user (no county ledger, no reconciliation)


def asset_choices(session: Session, actor: Actor) -> AssetChoices:
    require_role(actor, "read")
    rows = session.execute(
        select(Division.id, Division.name, Division.level, Division.town_id)
        .where(Division.active.is_(True))
        .order_by(Division.sort_order, Division.id)
    ).all()
    county = next((r for r in rows if r.level == "county"), None)
    scope = actor.scope_town_id
    towns = tuple(
        Place(r.id, r.name, r.id) for r in rows if r.level == "town" and scope in (None, r.id)
    )
    villages = tuple(
        Place(r.id, r.name, r.town_id)
        for r in rows
        if r.level == "village" and scope in (None, r.town_id)
    )
    return AssetChoices(
        county.id if county else None,
        county.name if county else "",
        towns,
        villages,
        can(actor, EDIT),
        scope is None,
    )
