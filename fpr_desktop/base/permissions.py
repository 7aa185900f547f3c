"""Roles × division scope, checked inside services (the GUI only hides what is refused anyway)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import PermissionDenied
from fpr_desktop.base.models import Division
from fpr_desktop.base.registry import modules


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: frozenset[str]
    needs_scope: bool = False  # a town role must name its town


#: The foundation's permissions; modules add theirs in their registration (`Module.permissions`).
BASE_PERMISSIONS = {
    "read": "查看业务数据",
    "audit.read": "查看审计日志",
    "users.manage": "管理用户",
    "settings.edit": "修改参数设置",
    "divisions.edit": "维护行政区划",
    "calendar.edit": "维护工作日历",
    "notices.edit": "登记公告公示",
    "import": "导入数据",
    "db.admin": "备份与恢复数据库",
}
#: Roles and what they may do before any module adds its grants (`Module.grants`).
BASE_ROLES = (
    Role("admin", "系统管理员", frozenset()),  # every permission, whichever module declares it
    Role("finance", "财政局（资金）", frozenset({"read", "notices.edit", "import"})),
    Role("project", "乡村振兴局（项目与资产）", frozenset({"read", "notices.edit", "import"})),
    Role("organisation", "组织部（驻村干部）", frozenset({"read", "notices.edit", "import"})),
    Role(
        "town",
        "镇级填报员",
        frozenset({"read", "divisions.edit", "notices.edit", "import"}),
        needs_scope=True,
    ),
    Role("auditor", "审计/纪检（只读）", frozenset({"read", "audit.read"})),
)


def _build() -> tuple[dict[str, str], dict[str, Role]]:
    labels = dict(BASE_PERMISSIONS)
    grants: dict[str, set[str]] = {r.code: set(r.permissions) for r in BASE_ROLES}
    for m in modules():
        labels.update(m.permissions)
        for role, perms in m.grants.items():
            grants[role].update(perms)
    grants["admin"] = set(labels)
    roles = {
        r.code: Role(r.code, r.label, frozenset(grants[r.code]), r.needs_scope) for r in BASE_ROLES
    }
    return labels, roles


PERMISSION_LABELS, ROLES = _build()


def role_label(code: str) -> str:
    return ROLES[code].label if code in ROLES else code


def can(actor: Actor, permission: str) -> bool:
    role = ROLES.get(actor.role)
    return role is not None and permission in role.permissions


def in_scope(session: Session, actor: Actor, division_id: int | None) -> bool:
    """Whether the division lies in the actor's scope (a town clerk: their town and villages)."""
    if actor.scope_town_id is None:
        return True
    if division_id is None:
        return False
    if division_id == actor.scope_town_id:
        return True
    town_id = session.scalar(select(Division.town_id).where(Division.id == division_id))
    return town_id == actor.scope_town_id


def require_role(actor: Actor, permission: str) -> None:
    """Refuse unless the actor's role has `permission` (lists then filter rows by scope)."""
    if not can(actor, permission):
        label = PERMISSION_LABELS.get(permission, permission)
        raise PermissionDenied(f"当前用户（{role_label(actor.role)}）没有“{label}”的权限。")


def require(
    session: Session, actor: Actor, permission: str, division_id: int | None = None
) -> None:
    """Refuse with a Chinese message unless the actor may do `permission` on `division_id`.

    division_id None means a county-wide action: a town-scoped user is refused.
    """
    try:
        require_role(actor, permission)
        if not in_scope(session, actor, division_id):
            where = "全县范围" if division_id is None else "该区划"
            raise PermissionDenied(
                f"当前用户只能操作{actor.scope_name or '本镇'}及其所辖村的数据，无权操作{where}。"
            )
    except PermissionDenied as exc:
        _audit_refusal(session, actor, permission, division_id, str(exc))
        raise


def _audit_refusal(
    session: Session, actor: Actor, permission: str, division_id: int | None, message: str
) -> None:
    """A refused action is audited in its own transaction (the refused one is rolled back)."""
    from fpr_desktop.base.context import after_session
    from fpr_desktop.base.events import record_event

    def write(again: Session) -> None:
        record_event(
            again,
            actor,
            table_name="permission",
            row_id=permission,
            action="refused",
            note=message[:500],
            division_id=division_id,
        )

    after_session(session, write)
