"""Permissions: role × division scope, enforced inside services (no GUI needed)."""

import pytest
from sqlalchemy import select

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base import users as user_service
from fpr_desktop.base.audit import AuditSource
from fpr_desktop.base.errors import PermissionDenied
from fpr_desktop.base.models import Division
from fpr_desktop.divisions import services as div


@pytest.fixture
def villages(database, admin):  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        gg = div.town_by_name(s, "固关镇")
        hb = div.town_by_name(s, "河北镇")
        own = div.add_division(s, admin, parent_id=gg.id, name="本镇示例村")
        other = div.add_division(s, admin, parent_id=hb.id, name="外镇示例村")
    return own, other


def test_town_clerk_sees_only_own_town(database, admin, villages, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg_clerk", "town", "固关镇")
    with database.read() as s:
        names = {d.name for d in div.list_divisions(s, clerk)}
        with pytest.raises(Exception, match="不存在"):
            div.get_division(s, clerk, villages[1].id)
    assert "本镇示例村" in names and "固关镇" in names
    assert "外镇示例村" not in names and "河北镇" not in names


def test_town_clerk_cannot_write_other_town(database, admin, villages, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg_clerk", "town", "固关镇")
    other = villages[1]
    with (
        pytest.raises(PermissionDenied, match="只能操作固关镇"),
        database.transaction(clerk.audit()) as s,
    ):
        div.update_division(s, clerk, other.id, other.version, name="篡改")
    with database.read() as s:
        hb = div.town_by_name(s, "河北镇")
    with pytest.raises(PermissionDenied), database.transaction(clerk.audit()) as s:
        div.add_division(s, clerk, parent_id=hb.id, name="越权村")
    with database.read() as s:
        assert s.get(Division, other.id).name == "外镇示例村"
        assert s.scalar(select(Division).where(Division.name == "越权村")) is None


def test_town_clerk_can_edit_own_villages(database, admin, villages, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg_clerk", "town", "固关镇")
    own = villages[0]
    with database.transaction(clerk.audit()) as s:
        row = div.update_division(s, clerk, own.id, own.version, flags=["重点帮扶村"])
    assert row.flags == ("重点帮扶村",)


def test_town_clerk_cannot_add_towns(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg_clerk", "town", "固关镇")
    with database.read() as s:
        county = s.scalar(select(Division).where(Division.level == "county"))
    with pytest.raises(PermissionDenied, match="全县"), database.transaction(clerk.audit()) as s:
        div.add_division(s, clerk, parent_id=county.id, name="新镇")


@pytest.mark.parametrize("role", ["finance", "project", "organisation", "auditor"])
def test_non_admins_cannot_manage_users_or_settings(database, admin, role, user_factory) -> None:  # type: ignore[no-untyped-def]
    actor = user_factory(f"u_{role}", role)
    with (
        pytest.raises(PermissionDenied, match="管理用户"),
        database.transaction(actor.audit()) as s,
    ):
        user_service.add_user(s, actor, username="x1", password="12345678", role="admin")
    with (
        pytest.raises(PermissionDenied, match="参数设置"),
        database.transaction(actor.audit()) as s,
    ):
        settings_service.set_value(s, actor, "publicity.window_days", 5, 0)


def test_only_admin_and_auditor_read_the_audit_log(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    auditor = user_factory("aud", "auditor")
    finance = user_factory("fin", "finance")
    with database.read() as s:
        assert AuditSource(s, auditor).totals(s).count > 0
        with pytest.raises(PermissionDenied, match="审计日志"):
            AuditSource(s, finance)


def test_auditor_cannot_write(database, admin, villages, user_factory) -> None:  # type: ignore[no-untyped-def]
    auditor = user_factory("aud", "auditor")
    own = villages[0]
    with pytest.raises(PermissionDenied), database.transaction(auditor.audit()) as s:
        div.update_division(s, auditor, own.id, own.version, note="x")


def test_wrong_password_and_inactive_user(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    user_factory("fin", "finance")
    with (
        pytest.raises(PermissionDenied, match="用户名或密码错误"),
        database.transaction(admin.audit()) as s,
    ):
        user_service.authenticate(s, "fin", "wrong-password")
    with database.transaction(admin.audit()) as s:
        row = next(u for u in user_service.list_users(s, admin) if u.username == "fin")
        user_service.update_user(s, admin, row.id, row.version, active=False)
    with pytest.raises(PermissionDenied, match="已停用"), database.transaction(admin.audit()) as s:
        user_service.authenticate(s, "fin", "clerk-pass-1")


def test_last_admin_cannot_be_demoted(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="至少要保留一个"), database.transaction(admin.audit()) as s:
        row = next(u for u in user_service.list_users(s, admin) if u.username == "admin")
        user_service.update_user(s, admin, row.id, row.version, role="finance")
