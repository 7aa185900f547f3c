"""Login: lock-out after repeated wrong passwords (settings), failures and permission refusals
audited although the refused action is rolled back, the same answer time for unknown and known
names, and parallel logins of one user from several processes never conflict."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from fpr_desktop.base import users as user_service
from fpr_desktop.base.errors import PermissionDenied
from fpr_desktop.base.models import AuditLog, User
from fpr_desktop.base.permissions import require
from fpr_desktop.base.settings import set_value
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions.services import town_by_name

PASSWORD = "clerk-pass-1"


def _login(database: Database, name: str, password: str):  # type: ignore[no-untyped-def]
    return user_service.login(database, name, password, source="cli")


def _events(database: Database, action: str) -> list[AuditLog]:
    with database.read() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_wrong_passwords_lock_the_account_until_an_admin_resets_it(
    database: Database, admin, user_factory
) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("clerk", "finance")
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="用户名或密码错误"):
            _login(database, "clerk", "wrong-password")
    with pytest.raises(PermissionDenied, match="锁定"):
        _login(database, "clerk", PASSWORD)  # the right password no longer helps
    failed = _events(database, "login_fail")
    assert len(failed) == 6 and failed[0].username == "clerk"
    assert "锁定 15 分钟" in (failed[4].new_value or "")
    with database.transaction(admin.audit()) as s:
        user_service.set_password(s, admin, clerk.user_id, "new-pass-123")
    assert _login(database, "clerk", "new-pass-123").username == "clerk"
    with database.read() as s:
        row = s.get(User, clerk.user_id)
        assert row is not None and row.failed_logins == 0 and row.locked_until is None


def test_lockout_threshold_is_a_setting(database: Database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    user_factory("clerk", "finance")
    with database.transaction(admin.audit()) as s:
        set_value(s, admin, "login.max_failures", 3, 0)
    for _ in range(3):
        with pytest.raises(PermissionDenied):
            _login(database, "clerk", "wrong-password")
    with pytest.raises(PermissionDenied, match="锁定"):
        _login(database, "clerk", PASSWORD)


def test_a_success_resets_the_count(database: Database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    user_factory("clerk", "finance")
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            _login(database, "clerk", "wrong-password")
    _login(database, "clerk", PASSWORD)
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            _login(database, "clerk", "wrong-password")
    assert _login(database, "clerk", PASSWORD).username == "clerk"


def test_unknown_and_known_names_take_the_same_time(database: Database, admin) -> None:  # type: ignore[no-untyped-def]
    def timed(name: str) -> float:
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            with pytest.raises(PermissionDenied, match="用户名或密码错误"):
                _login(database, name, "wrong-password")
            best = min(best, time.perf_counter() - began)
        return best

    timed("nobody")  # warm the decoy hash
    unknown, known = timed("nobody"), timed("admin")
    # both verify one argon2 hash (tens of ms); before, an unknown name answered in 0.4 ms
    assert unknown > 0.3 * known and known > 0.3 * unknown
    assert len(_events(database, "login_fail")) >= 6


def test_permission_refusals_are_audited(database: Database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("clerk", "town", "固关镇")
    with database.read() as s:
        other = town_by_name(s, "河北镇").id
    with pytest.raises(PermissionDenied), database.transaction(clerk.audit()) as s:
        require(s, clerk, "divisions.edit", other)
    refused = _events(database, "refused")
    assert len(refused) == 1 and refused[0].username == "clerk"
    assert refused[0].row_id == "divisions.edit" and "无权" in (refused[0].new_value or "")


def test_one_user_logging_in_from_several_processes_never_conflicts(
    database: Database, admin
) -> None:  # type: ignore[no-untyped-def]
    url = database.url.render_as_string(hide_password=False)
    code = (
        "import sys\n"
        "from fpr_desktop.db.engine import Database\n"
        "from fpr_desktop.base.users import login\n"
        "db = Database(sys.argv[1])\n"
        "for _ in range(5):\n"
        "    login(db, 'admin', 'admin-pass-1')\n"
        "print('ok')\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for _ in range(6)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [e for _, e in results]
    assert len(_events(database, "login")) == 1 + 30
