"""Accounts: first administrator, login, and user management by administrators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.base.audit import record_event
from fpr_desktop.base.columns import utcnow
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.models import Division, User
from fpr_desktop.base.permissions import ROLES, require, role_label
from fpr_desktop.base.versioning import check_version

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    scope_town_id: int | None
    scope_name: str
    active: bool
    last_login_at: datetime | None
    version: int


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 位。")


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 40 or any(c.isspace() for c in name):
        raise ValidationError("用户名不能为空、不能含空格，且不超过 40 个字符。")
    return name


def _scope(session: Session, role: str, scope_town_id: int | None) -> tuple[int | None, str]:
    if role not in ROLES:
        raise ValidationError(f"未知角色“{role}”，可选：{'、'.join(ROLES)}。")
    if not ROLES[role].needs_scope:
        return None, ""
    if scope_town_id is None:
        raise ValidationError(f"{role_label(role)}必须指定所属镇。")
    town = session.get(Division, scope_town_id)
    if town is None or town.level != "town":
        raise ValidationError("所属镇不存在。")
    return town.id, town.name


def _row(session: Session, user: User) -> UserRow:
    scope_name = ""
    if user.scope_division_id is not None:
        scope_name = (
            session.scalar(select(Division.name).where(Division.id == user.scope_division_id)) or ""
        )
    return UserRow(
        user.id,
        user.username,
        user.display_name,
        user.role,
        role_label(user.role),
        user.scope_division_id,
        scope_name,
        user.active,
        user.last_login_at,
        user.version,
    )


def actor_for(session: Session, user: User, source: str) -> Actor:
    row = _row(session, user)
    return Actor(
        user.id,
        user.username,
        user.display_name or user.username,
        user.role,
        row.scope_town_id,
        row.scope_name,
        source,
    )


def create_first_admin(
    session: Session, username: str, password: str, display_name: str = ""
) -> UserRow:
    """The very first account; refused once any user exists."""
    if has_users(session):
        raise PermissionDenied("系统中已有用户，只有管理员可以添加新用户。")
    _check_password(password)
    user = User(
        username=_check_username(username),
        display_name=display_name.strip() or "系统管理员",
        password_hash=_hasher.hash(password),
        role="admin",
    )
    session.add(user)
    session.flush()
    return _row(session, user)


def authenticate(session: Session, username: str, password: str, source: str = "ui") -> Actor:
    """Check a password; returns the Actor, or refuses without saying which half was wrong."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    wrong = PermissionDenied("用户名或密码错误。")
    if user is None:
        raise wrong
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise wrong from None
    if not user.active:
        raise PermissionDenied("该用户已停用，请联系系统管理员。")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    session.flush()
    logged_in = actor_for(session, user, source)
    record_event(session, logged_in, table_name="app_user", row_id=str(user.id), action="login")
    return logged_in


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    require(session, actor, "users.manage")
    return [_row(session, u) for u in session.scalars(select(User).order_by(User.id))]


def add_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    password: str,
    role: str,
    scope_town_id: int | None = None,
    display_name: str = "",
) -> UserRow:
    require(session, actor, "users.manage")
    name = _check_username(username)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError(f"用户名“{name}”已存在。")
    _check_password(password)
    scope_id, _ = _scope(session, role, scope_town_id)
    user = User(
        username=name,
        display_name=display_name.strip() or name,
        password_hash=_hasher.hash(password),
        role=role,
        scope_division_id=scope_id,
    )
    session.add(user)
    session.flush()
    return _row(session, user)


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    expected_version: int,
    *,
    display_name: str | None = None,
    role: str | None = None,
    scope_town_id: int | None = None,
    active: bool | None = None,
) -> UserRow:
    require(session, actor, "users.manage")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("用户不存在。")
    check_version(user, expected_version)
    if display_name is not None:
        user.display_name = display_name.strip() or user.username
    if role is not None:
        user.scope_division_id, _ = _scope(session, role, scope_town_id)
        user.role = role
    if active is not None:
        if not active and user.id == actor.user_id:
            raise ValidationError("不能停用当前登录的用户。")
        user.active = active
    if user.role != "admin" or not user.active:
        _keep_one_admin(session, user)
    session.flush()
    return _row(session, user)


def _keep_one_admin(session: Session, changed: User) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != changed.id)
    )
    if not others:
        raise ValidationError("至少要保留一个启用的系统管理员。")


def set_password(
    session: Session, actor: Actor, user_id: int, new_password: str, old_password: str = ""
) -> None:
    """An administrator resets anyone's password; a user changes their own with the old one."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("用户不存在。")
    if user.id == actor.user_id and old_password:
        try:
            _hasher.verify(user.password_hash, old_password)
        except (VerificationError, InvalidHashError):
            raise PermissionDenied("原密码不正确。") from None
    else:
        require(session, actor, "users.manage")
    _check_password(new_password)
    user.password_hash = _hasher.hash(new_password)
    session.flush()
    record_event(session, actor, table_name="app_user", row_id=str(user.id), action="password")
