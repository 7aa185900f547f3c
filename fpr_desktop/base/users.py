"""Accounts: first administrator, login, and user management by administrators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor, AuditContext, after_session
from fpr_desktop.base.errors import DatabaseBusy, NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.events import record_event
from fpr_desktop.base.models import Division, User
from fpr_desktop.base.models.columns import utcnow
from fpr_desktop.base.permissions import ROLES, require, role_label
from fpr_desktop.base.settings import get_value
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


def _users_table() -> Table:
    """The app_user table for plain UPDATEs (no ORM version check, no audit of login columns)."""
    return cast(Table, User.__table__)


@cache
def _decoy_hash() -> str:
    """A hash to verify against when the user does not exist, so both answers take as long."""
    return _hasher.hash("decoy-password-for-timing")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _failed(user_id: int | None, name: str, source: str, note: str) -> Callable[[Session], None]:
    """The record of a failed login, written after the refused login is rolled back."""

    def write(session: Session) -> None:
        said = note
        if user_id is not None:
            users = _users_table()
            session.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(failed_logins=users.c.failed_logins + 1)
            )
            failures = int(
                session.scalar(select(users.c.failed_logins).where(users.c.id == user_id)) or 0
            )
            if failures >= int(get_value(session, "login.max_failures")):
                minutes = int(get_value(session, "login.lockout_minutes"))
                session.execute(
                    update(users)
                    .where(users.c.id == user_id)
                    .values(locked_until=utcnow() + timedelta(minutes=minutes))
                )
                said = f"{note}；连续 {failures} 次，锁定 {minutes} 分钟"
        who = Actor(None, name[:60], name[:60], "", None, "", source)
        record_event(
            session,
            who,
            table_name="app_user",
            row_id=str(user_id) if user_id is not None else "",
            action="login_fail",
            note=said,
        )

    return write


def authenticate(session: Session, username: str, password: str, source: str = "ui") -> Actor:
    """Check a password and record the login in `session`; refuses without saying which half
    was wrong. `login(db, …)` is the same without holding a write lock while hashing."""
    user_id = check_password(session, username, password, source)
    return record_login(session, user_id, password, source)


def login(db: Any, username: str, password: str, source: str = "ui") -> Actor:
    """The password is checked in a read session (no write lock during the slow hash); only
    the last-login columns and the audit row are written, in a short transaction.

    `db` is the opened `fpr_desktop.db.engine.Database` (not imported: the database layer
    stands on this one)."""
    with db.read() as session:
        user_id = check_password(session, username, password, source)
        actor = actor_for(session, session.get_one(User, user_id), source)
    try:
        with db.transaction(AuditContext(None, "", source)) as session:
            return record_login(session, user_id, password, source)
    except DatabaseBusy:
        # the password was right: a busy database must not stop a read; the login is
        # recorded by the next write (or when the program closes the database)
        db.defer(lambda later: _record_login_later(later, user_id, password, source))
        return actor


def _record_login_later(session: Session, user_id: int, password: str, source: str) -> None:
    record_login(session, user_id, password, source)


def check_password(session: Session, username: str, password: str, source: str) -> int:
    """The user's id if the password is right; otherwise PermissionDenied (audited).

    An unknown name costs the same hash check as a known one; failures are audited and, after
    `login.max_failures` in a row, lock the account for `login.lockout_minutes`.
    """
    name = username.strip()[:60]
    user = session.scalar(select(User).where(User.username == name))
    wrong = PermissionDenied("用户名或密码错误。")
    if user is None:
        _verify(_decoy_hash(), password)
        after_session(session, _failed(None, name, source, "用户不存在"))
        raise wrong
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        _verify(_decoy_hash(), password)
        after_session(session, _failed(None, name, source, "账户锁定期间尝试登录"))
        left = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise PermissionDenied(
            f"该用户连续输错密码次数过多，已被锁定，请 {left} 分钟后再试，或请管理员解锁。"
        )
    if not _verify(user.password_hash, password):
        after_session(session, _failed(user.id, name, source, "密码错误"))
        raise wrong
    if not user.active:
        after_session(session, _failed(None, name, source, "已停用的用户"))
        raise PermissionDenied("该用户已停用，请联系系统管理员。")
    return user.id


def record_login(session: Session, user_id: int, password: str, source: str) -> Actor:
    """Last login and the audit row, written with a plain UPDATE (no version bump), so logins
    of one user from several PCs at once never conflict."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise PermissionDenied("该用户已停用，请联系系统管理员。")
    values: dict[str, object] = {
        "last_login_at": utcnow(),
        "failed_logins": 0,
        "locked_until": None,
    }
    if _hasher.check_needs_rehash(user.password_hash):
        values["password_hash"] = _hasher.hash(password)
    users = _users_table()
    session.execute(update(users).where(users.c.id == user.id).values(**values))
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
    user.failed_logins, user.locked_until = 0, None  # a reset also lifts a lock-out
    session.flush()
    record_event(session, actor, table_name="app_user", row_id=str(user.id), action="password")
