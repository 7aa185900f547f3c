"""Templates and official-layout exports of a registered kind (one session, files out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fpr_desktop import APP_TITLE, __version__
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import PermissionDenied
from fpr_desktop.base.permissions import require_role
from fpr_desktop.exchange.layout import SheetLayout
from fpr_desktop.exchange.official import write_official
from fpr_desktop.exchange.template import write_template
from fpr_desktop.submissions.kinds import ExchangeKind, TownRef, get_kind, town_ref


def _scoped_town(session: Session, actor: Actor, town_id: int | None) -> TownRef | None:
    """The town asked for; a town user gets their own town and nothing else."""
    require_role(actor, "read")
    if actor.scope_town_id is not None:
        if town_id is not None and town_id != actor.scope_town_id:
            raise PermissionDenied(f"当前用户只能处理{actor.scope_name}的数据。")
        town_id = actor.scope_town_id
    return town_ref(session, town_id)


def _meta(kind: ExchangeKind, purpose: str, town: TownRef | None, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind.name,
        "kind_title": kind.title,
        "purpose": purpose,
        "template_version": kind.template_version,
        "town": town.name if town else "",
        "town_id": town.id if town else "",
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "program": f"{APP_TITLE} {__version__}",
        **extra,
    }


def write_kind_template(
    session: Session,
    actor: Actor,
    kind_name: str,
    path: str | Path,
    *,
    town_id: int | None = None,
    year: int | None = None,
) -> Path:
    """An empty import template with dropdowns for the town (or the whole county)."""
    kind = get_kind(kind_name)
    town = _scoped_town(session, actor, town_id)
    spec = kind.spec(session)
    layout = SheetLayout(
        spec,
        kind.table_title(session, town, year),
        kind.unit,
        unit_name=_unit_name(town),
        columns=tuple(c for c in spec.columns if c.key not in kind.template_skip),
    )
    return write_template(
        path,
        layout,
        meta=_meta(kind, "template", town),
        dropdowns=kind.dropdowns(session, town),
        notes=kind.notes(),
    )


def export_kind(
    session: Session,
    actor: Actor,
    kind_name: str,
    path: str | Path,
    *,
    year: int | None = None,
    town_id: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the kind's records in the official layout; returns how many rows.

    The rows stream from the kind's paged queries straight into the file (never one list)."""
    kind, layout, town = export_layout(session, actor, kind_name, year=year, town_id=town_id)
    return write_official(
        path,
        layout,
        kind.export_rows(session, actor, year, town),
        meta=_meta(kind, "export", town, year=year or ""),
        number_key=kind.number_key,
        on_row=progress,
    )


def export_layout(
    session: Session,
    actor: Actor,
    kind_name: str,
    *,
    year: int | None = None,
    town_id: int | None = None,
) -> tuple[ExchangeKind, SheetLayout, TownRef | None]:
    """The kind, the export's layout (droppable columns nobody uses left out) and the town."""
    kind = get_kind(kind_name)
    town = _scoped_town(session, actor, town_id)
    spec = kind.spec(session)
    columns = spec.columns
    if kind.droppable:
        used = kind.used_columns(session, actor, year, town)
        columns = tuple(c for c in columns if c.key not in kind.droppable or c.key in used)
    layout = SheetLayout(
        spec,
        kind.table_title(session, town, year),
        kind.unit,
        unit_name=_unit_name(town) or _county_unit(session),
        columns=columns,
    )
    return kind, layout, town


def _unit_name(town: TownRef | None) -> str:
    return f"{town.name}人民政府" if town else ""


def _county_unit(session: Session) -> str:
    from fpr_desktop.base.settings import get_value

    return str(get_value(session, "org.rural_unit"))
