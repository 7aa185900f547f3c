"""The division tree (county → towns → villages): list, add, edit, deactivate, default county."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base import paths
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.models.divisions import LEVEL_LABELS, VILLAGE_FLAGS
from fpr_desktop.base.permissions import in_scope, require, require_role
from fpr_desktop.base.versioning import check_version

CHILD_LEVEL = {"county": "town", "town": "village"}


@dataclass(frozen=True)
class DivisionRow:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    town_id: int | None
    flags: tuple[str, ...]
    note: str
    active: bool
    version: int

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def _row(d: Division) -> DivisionRow:
    return DivisionRow(
        d.id,
        d.code or "",
        d.name,
        d.level,
        d.parent_id,
        d.town_id,
        tuple(d.flag_list()),
        d.note,
        d.active,
        d.version,
    )


def _get(session: Session, division_id: int) -> Division:
    d = session.get(Division, division_id)
    if d is None:
        raise NotFound("该行政区划不存在。")
    return d


def _flags_text(flags: Iterable[str]) -> str:
    wanted = {f.strip() for f in flags if f.strip()}
    unknown = wanted - set(VILLAGE_FLAGS)
    if unknown:
        raise ValidationError(
            f"未知的村标识“{'、'.join(sorted(unknown))}”，可选：{'、'.join(VILLAGE_FLAGS)}。"
        )
    return ";".join(f for f in VILLAGE_FLAGS if f in wanted)


def _clean_name(name: str, level: str) -> str:
    cleaned = "".join(name.split())
    if not cleaned:
        raise ValidationError(f"{LEVEL_LABELS[level]}名称不能为空。")
    if len(cleaned) > 60:
        raise ValidationError("名称不能超过 60 个字符。")
    return cleaned


def _check_unique(session: Session, parent_id: int | None, name: str, own_id: int | None) -> None:
    stmt = select(Division.id).where(
        Division.parent_id == parent_id, Division.name == name, Division.active.is_(True)
    )
    if own_id is not None:
        stmt = stmt.where(Division.id != own_id)
    if session.scalar(stmt) is not None:
        raise ValidationError(f"同一上级下已有名为“{name}”的区划。")


def list_divisions(
    session: Session, actor: Actor, *, include_inactive: bool = False
) -> list[DivisionRow]:
    """The tree in display order (county, then towns, each followed by its villages)."""
    require_role(actor, "read")
    stmt = select(Division)
    if not include_inactive:
        stmt = stmt.where(Division.active.is_(True))
    if actor.scope_town_id is not None:
        stmt = stmt.where((Division.town_id == actor.scope_town_id) | (Division.level == "county"))
    rows = list(session.scalars(stmt.order_by(Division.sort_order, Division.id)))
    by_parent: dict[int | None, list[Division]] = {}
    for d in rows:
        by_parent.setdefault(d.parent_id, []).append(d)
    ordered: list[DivisionRow] = []

    def walk(parent: int | None) -> None:
        for d in by_parent.get(parent, []):
            ordered.append(_row(d))
            walk(d.id)

    walk(None)
    return ordered


def get_division(session: Session, actor: Actor, division_id: int) -> DivisionRow:
    require_role(actor, "read")
    d = _get(session, division_id)
    if d.level != "county" and not in_scope(session, actor, d.id):
        raise NotFound("该行政区划不存在。")
    return _row(d)


def add_division(
    session: Session,
    actor: Actor,
    *,
    parent_id: int,
    name: str,
    code: str = "",
    flags: Iterable[str] = (),
    note: str = "",
) -> DivisionRow:
    """Add a town under the county or a village under a town."""
    parent = _get(session, parent_id)
    if parent.level not in CHILD_LEVEL:
        raise ValidationError("村下面不能再添加区划。")
    require(session, actor, "divisions.edit", None if parent.level == "county" else parent.id)
    if not parent.active:
        raise ValidationError(f"“{parent.name}”已停用，不能在其下添加区划。")
    level = CHILD_LEVEL[parent.level]
    clean = _clean_name(name, level)
    _check_unique(session, parent.id, clean, None)
    flag_text = _flags_text(flags)
    if flag_text and level != "village":
        raise ValidationError("村标识只能用于村。")
    sort_order = (
        session.scalar(select(func.max(Division.sort_order)).where(Division.parent_id == parent.id))
        or 0
    ) + 1
    d = Division(
        name=clean,
        code=code.strip() or None,
        level=level,
        parent_id=parent.id,
        flags=flag_text,
        note=note.strip(),
        sort_order=sort_order,
        active=True,
        town_id=parent.id if level == "village" else None,
    )
    session.add(d)
    session.flush()
    if level == "town":
        d.town_id = d.id
        session.flush()
    return _row(d)


def update_division(
    session: Session,
    actor: Actor,
    division_id: int,
    expected_version: int,
    *,
    name: str | None = None,
    code: str | None = None,
    flags: Iterable[str] | None = None,
    note: str | None = None,
) -> DivisionRow:
    d = _get(session, division_id)
    require(session, actor, "divisions.edit", None if d.level == "county" else d.id)
    check_version(d, expected_version)
    if name is not None:
        clean = _clean_name(name, d.level)
        _check_unique(session, d.parent_id, clean, d.id)
        d.name = clean
    if code is not None:
        d.code = code.strip() or None
    if flags is not None:
        text = _flags_text(flags)
        if text and d.level != "village":
            raise ValidationError("村标识只能用于村。")
        d.flags = text
    if note is not None:
        d.note = note.strip()
    session.flush()
    return _row(d)


def set_active(
    session: Session, actor: Actor, division_id: int, expected_version: int, active: bool
) -> DivisionRow:
    """Deactivate (停用) or reactivate; rows are never deleted, history keeps pointing at them."""
    d = _get(session, division_id)
    if d.level == "county":
        raise ValidationError("县级区划不能停用。")
    require(session, actor, "divisions.edit", d.id)
    check_version(d, expected_version)
    if not active:
        children = session.scalar(
            select(func.count())
            .select_from(Division)
            .where(Division.parent_id == d.id, Division.active.is_(True))
        )
        if children:
            raise ValidationError(f"“{d.name}”下还有 {children} 个启用的村，请先停用这些村。")
    else:
        parent = _get(session, d.parent_id) if d.parent_id else None
        if parent is not None and not parent.active:
            raise ValidationError(f"上级“{parent.name}”已停用，请先启用上级。")
        _check_unique(session, d.parent_id, d.name, d.id)
    d.active = active
    session.flush()
    return _row(d)


def default_county_file() -> Path:
    return paths.resources_dir() / "divisions" / "longxian_divisions.csv"


def seed_default_county(session: Session, file: Path | None = None) -> int:
    """Load the default county (陇县) into an empty division table; returns rows added."""
    if session.scalar(select(func.count()).select_from(Division)):
        return 0
    with (file or default_county_file()).open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    by_name: dict[str, Division] = {}
    for order, rec in enumerate(records, start=1):
        level = rec["level"].strip()
        parent = by_name.get(rec["parent"].strip()) if rec["parent"].strip() else None
        if level != "county" and parent is None:
            raise ValidationError(f"区划文件中“{rec['name']}”的上级“{rec['parent']}”不存在。")
        d = Division(
            name=rec["name"].strip(),
            code=rec["code"].strip() or None,
            level=level,
            parent_id=parent.id if parent else None,
            flags=_flags_text(rec["flags"].split(";")) if rec.get("flags") else "",
            note=(rec.get("note") or "").strip(),
            sort_order=order,
            active=True,
        )
        session.add(d)
        session.flush()
        if level == "town":
            d.town_id = d.id
        elif level == "village" and parent is not None:
            d.town_id = parent.id
        if level != "village":
            by_name[d.name] = d
    session.flush()
    return len(records)


def town_by_name(session: Session, name: str, *, tolerant: bool = False) -> DivisionRow:
    """The active town called `name` — the one town look-up (services, commands, imports).

    Strict (default): the registered name exactly (“固关镇”), for names taken from the database.
    `tolerant=True`: also a name as a person types it — “固关”, “陇县固关镇”, stray spaces — read
    by the rules the spreadsheet import applies to every town cell
    (`exchange.divisions.DivisionDirectory`), so every `fpr` command accepts what `fpr import` does.
    """
    d = session.scalar(
        select(Division).where(
            Division.level == "town", Division.name == name.strip(), Division.active.is_(True)
        )
    )
    if d is None and tolerant:
        d = _forgiving(session, lambda directory: directory.resolve_town(name))
    if d is None:
        towns = session.scalars(select(Division.name).where(Division.level == "town")).all()
        raise NotFound(f"没有名为“{name}”的镇。现有：{'、'.join(towns)}。")
    return _row(d)


def village_by_name(
    session: Session, name: str, *, town_id: int | None = None, tolerant: bool = False
) -> DivisionRow:
    """The active village called `name` (within `town_id` if given); strict or tolerant as above.

    Tolerant also reads “上岔”, “固关镇上岔村”. A name several towns share needs the town.
    """
    stmt = select(Division).where(
        Division.level == "village", Division.name == name.strip(), Division.active.is_(True)
    )
    if town_id is not None:
        stmt = stmt.where(Division.parent_id == town_id)
    found = list(session.scalars(stmt).all())
    if len(found) > 1:
        raise ValidationError(f"有 {len(found)} 个名为“{name}”的村，请同时指定镇。")
    if not found and tolerant:
        from fpr_desktop.exchange.divisions import DivisionMatch

        town = session.get(Division, town_id) if town_id is not None else None
        row_town = DivisionMatch(town.id, town.name) if town is not None else None
        hit = _forgiving(session, lambda directory: directory.resolve_village(name, row_town))
        found = [hit] if hit is not None else []
    if not found:
        raise NotFound(f"没有名为“{name}”的村" + ("（在所选镇内）。" if town_id else "。"))
    return _row(found[0])


def _forgiving(session: Session, resolve: Callable[[Any], Any]) -> Division | None:
    """The division the import's forgiving rules find (None when they find none)."""
    from fpr_desktop.exchange import NormalizeError
    from fpr_desktop.submissions.kinds import division_directory

    try:
        match = resolve(division_directory(session)).value
    except NormalizeError:
        return None
    return session.get(Division, int(match.id))
