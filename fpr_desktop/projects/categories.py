"""The project category tree (项目类别), in one place: listed, parsed, seeded and maintained.

Two levels only: 大类 (top level) and 小类 (under a 大类). Lists show a path as 产业发展 › 种植;
people write it as 产业发展/种植, 产业发展-种植, 产业发展：种植 (`PATH_SEPARATORS`), or by a unique
小类 name alone — `category_by_path` and the workbook aliases read all of them. A category is never
deleted — a 停用 one stays on the projects that use it but is no longer offered for new ones
(`list_categories` returns active categories only). Every change is audited by the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.permissions import require
from fpr_desktop.base.versioning import check_version
from fpr_desktop.projects.models import Project, ProjectCategory

PERMISSION = "settings.edit"
NAME_MAX = 60
FORBIDDEN = ("›",)  # the path separator shown in lists (产业发展 › 种植)


@dataclass(frozen=True)
class CategoryItem:
    """One category as the admin page shows it."""

    id: int
    parent_id: int | None
    name: str
    sort_order: int
    active: bool
    version: int

    @property
    def level_label(self) -> str:
        return "大类" if self.parent_id is None else "小类"


def _item(c: ProjectCategory) -> CategoryItem:
    return CategoryItem(c.id, c.parent_id, c.name, c.sort_order, c.active, c.version)


def _order(stmt):  # type: ignore[no-untyped-def]
    return stmt.order_by(ProjectCategory.sort_order, ProjectCategory.id)


#: how people separate 大类 and 小类 when they type a path (first match wins; "-" last because
#: it also occurs inside names)
PATH_SEPARATORS = ("/", "›", "－", "—", "：", ":", "-")
SHOWN_SEPARATOR = " › "


@dataclass(frozen=True)
class CategoryRow:
    """An active category as forms, filters and workbooks offer it."""

    id: int
    parent_id: int | None
    name: str
    path: str  # 产业发展 › 种植


def list_categories(session: Session) -> list[CategoryRow]:
    """Active categories: each 大类 followed by its 小类, in display order."""
    stmt = select(ProjectCategory).where(ProjectCategory.active.is_(True))
    rows = list(session.scalars(_order(stmt)))
    out: list[CategoryRow] = []
    for top in (c for c in rows if c.parent_id is None):
        out.append(CategoryRow(top.id, None, top.name, top.name))
        for child in (c for c in rows if c.parent_id == top.id):
            path = f"{top.name}{SHOWN_SEPARATOR}{child.name}"
            out.append(CategoryRow(child.id, top.id, child.name, path))
    return out


def split_path(text: str) -> tuple[str, str]:
    """'产业发展/种植' → ('产业发展', '种植'); a name without separator → (name, '')."""
    text = text.strip()
    for sep in PATH_SEPARATORS:
        top, found, name = text.partition(sep)
        if found and top.strip() and name.strip():
            return top.strip(), name.strip()
    return text, ""


def path_aliases(top: str, name: str) -> list[str]:
    """Every way of writing the 小类 `name` under `top` that `category_by_path` reads."""
    return [f"{top}{sep}{name}" for sep in PATH_SEPARATORS]


def category_by_path(session: Session, text: str) -> int | None:
    """Find an active category by '产业发展/种植', '产业发展 › 种植' or a unique name '种植'."""
    text = text.strip()
    if not text:
        return None
    rows = list_categories(session)
    named = [r for r in rows if r.name == text]
    if len(named) == 1:
        return named[0].id
    top, name = split_path(text)
    if not name:
        return None
    hits = [r for r in rows if r.path == f"{top}{SHOWN_SEPARATOR}{name}"]
    return hits[0].id if hits else None


def category_ids_under(session: Session, category_id: int) -> list[int]:
    """The category and its 小类 (a 大类 filter shows the projects of all its 小类)."""
    children = session.scalars(
        select(ProjectCategory.id).where(ProjectCategory.parent_id == category_id)
    ).all()
    return [category_id, *children]


def category_paths(session: Session, projects: Sequence[Project]) -> dict[int, str]:
    """Category id → 产业发展/种植 as printed on notices (a 大类 alone for a top-level one)."""
    cats = {c.id: c for c in session.scalars(select(ProjectCategory))}
    out = {}
    for cid in {p.category_id for p in projects if p.category_id is not None}:
        c = cats.get(cid)
        if c is None:
            continue
        parent = cats.get(c.parent_id) if c.parent_id else None
        out[cid] = f"{parent.name}/{c.name}" if parent else c.name
    return out


def seed_categories(session: Session) -> int:
    """Copy the default category tree into an empty table; returns rows added."""
    if session.scalar(select(ProjectCategory.id).limit(1)) is not None:
        return 0
    from fpr_desktop.base.reference import reference

    added = 0
    for order, (top, children) in enumerate(reference("projects")["categories"].items(), 1):
        parent = ProjectCategory(name=top, sort_order=order, active=True)
        session.add(parent)
        session.flush()
        added += 1
        for sub_order, child in enumerate(children, 1):
            session.add(
                ProjectCategory(parent_id=parent.id, name=child, sort_order=sub_order, active=True)
            )
            added += 1
    session.flush()
    return added


# --- maintenance (系统管理 → 项目类别) ------------------------------------------------------


def list_category_tree(
    session: Session, actor: Actor, *, include_inactive: bool = False
) -> list[CategoryItem]:
    """Each 大类 followed by its 小类, in display order."""
    require(session, actor, PERMISSION)
    stmt = select(ProjectCategory)
    if not include_inactive:
        stmt = stmt.where(ProjectCategory.active.is_(True))
    rows = list(session.scalars(_order(stmt)))
    out: list[CategoryItem] = []
    for top in (c for c in rows if c.parent_id is None):
        out.append(_item(top))
        out.extend(_item(c) for c in rows if c.parent_id == top.id)
    return out


def _get(session: Session, category_id: int) -> ProjectCategory:
    c = session.get(ProjectCategory, category_id)
    if c is None:
        raise NotFound("该项目类别不存在。")
    return c


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("请填写类别名称。")
    if len(name) > NAME_MAX:
        raise ValidationError(f"类别名称不能超过 {NAME_MAX} 个字。")
    if any(ch in name for ch in FORBIDDEN):
        raise ValidationError("类别名称不能包含“›”。")
    return name


def _siblings(session: Session, parent_id: int | None) -> list[ProjectCategory]:
    where = (
        ProjectCategory.parent_id.is_(None)
        if parent_id is None
        else ProjectCategory.parent_id == parent_id
    )
    return list(session.scalars(_order(select(ProjectCategory).where(where))))


def _check_unique(
    session: Session, parent_id: int | None, name: str, exclude_id: int | None = None
) -> None:
    for c in _siblings(session, parent_id):
        if c.active and c.name == name and c.id != exclude_id:
            level = "大类" if parent_id is None else "小类"
            raise ValidationError(f"同一上级下已有名为“{name}”的{level}。")


def add_category(
    session: Session, actor: Actor, *, name: str, parent_id: int | None = None
) -> CategoryItem:
    """A new 大类 (parent_id None) or a 小类 under an active 大类, placed last."""
    require(session, actor, PERMISSION)
    name = _clean_name(name)
    if parent_id is not None:
        parent = _get(session, parent_id)
        if parent.parent_id is not None:
            raise ValidationError("项目类别只有大类和小类两级，不能在小类下再添加类别。")
        if not parent.active:
            raise ValidationError(f"大类“{parent.name}”已停用，请先启用后再添加小类。")
    _check_unique(session, parent_id, name)
    last = max((c.sort_order for c in _siblings(session, parent_id)), default=0)
    c = ProjectCategory(parent_id=parent_id, name=name, sort_order=last + 1, active=True)
    session.add(c)
    session.flush()
    return _item(c)


def rename_category(
    session: Session, actor: Actor, category_id: int, expected_version: int, name: str
) -> CategoryItem:
    """Rename; projects keep their category (they refer to it by id)."""
    require(session, actor, PERMISSION)
    c = _get(session, category_id)
    check_version(c, expected_version)
    name = _clean_name(name)
    if c.active:
        _check_unique(session, c.parent_id, name, exclude_id=c.id)
    c.name = name
    session.flush()
    return _item(c)


def move_category(
    session: Session, actor: Actor, category_id: int, expected_version: int, step: int
) -> CategoryItem:
    """Move one place up (step -1) or down (+1) among its siblings (stopped ones included)."""
    require(session, actor, PERMISSION)
    if step not in (-1, 1):
        raise ValidationError("只能上移或下移一位。")
    c = _get(session, category_id)
    check_version(c, expected_version)
    siblings = _siblings(session, c.parent_id)
    at = next(i for i, s in enumerate(siblings) if s.id == c.id)
    other = at + step
    if not 0 <= other < len(siblings):
        raise ValidationError(f"“{c.name}”已经在最{'前' if step < 0 else '后'}面。")
    siblings[at], siblings[other] = siblings[other], siblings[at]
    # renumber 1..n so that equal sort_order values (old data) cannot make the swap a no-op
    for order, s in enumerate(siblings, 1):
        if s.sort_order != order:
            s.sort_order = order
    session.flush()
    return _item(c)


def set_category_active(
    session: Session, actor: Actor, category_id: int, expected_version: int, active: bool
) -> CategoryItem:
    """停用/启用. A stopped category stays on existing projects, but new ones cannot choose it."""
    require(session, actor, PERMISSION)
    c = _get(session, category_id)
    check_version(c, expected_version)
    if c.active == active:
        return _item(c)
    if not active:
        children = (
            [s.name for s in _siblings(session, c.id) if s.active] if c.parent_id is None else []
        )
        if children:
            raise ValidationError(
                f"大类“{c.name}”下还有启用的小类（{'、'.join(children)}），请先停用这些小类。"
            )
    else:
        if c.parent_id is not None:
            parent = _get(session, c.parent_id)
            if not parent.active:
                raise ValidationError(f"上级大类“{parent.name}”已停用，请先启用大类。")
        _check_unique(session, c.parent_id, c.name, exclude_id=c.id)
    c.active = active
    session.flush()
    return _item(c)
