"""Settings: declared defaults, validated changes, audited."""

import pytest
from sqlalchemy import select

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.base.settings_registry import by_key


def test_defaults_follow_the_task_list(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        get = lambda k: settings_service.get_value(s, k)  # noqa: E731
        assert get("publicity.window_days") == 10
        assert get("publicity.hotline") == "12317"
        assert get("funds.execution_start_workdays") == 15
        assert get("projects.acceptance_workdays") == 7
        assert get("assets.registration_months") == 3
        assert get("funds.prepayment_cap_percent") == 70
        assert get("cadres.min_days_in_village") == 20
        assert get("cadres.excellent_share_percent") == 15
        assert get("cadres.min_term_years") == 2


def test_change_is_validated_and_audited(database, admin) -> None:  # type: ignore[no-untyped-def]
    with (
        pytest.raises(ValidationError, match="不能大于 100"),
        database.transaction(admin.audit()) as s,
    ):
        settings_service.set_value(s, admin, "funds.prepayment_cap_percent", 120, 0)
    with pytest.raises(ValidationError, match="应为整数"), database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "publicity.window_days", "十天", 0)
    with database.transaction(admin.audit()) as s:
        row = settings_service.set_value(s, admin, "org.rural_unit", "陇县农业农村局", 0)
    assert row.value == "陇县农业农村局" and not row.is_default and row.version == 1
    with database.read() as s:
        logs = list(s.scalars(select(AuditLog).where(AuditLog.table_name == "setting")))
    assert [(r.action, r.row_id) for r in logs] == [("insert", "org.rural_unit")]


def test_every_parameter_default_is_valid() -> None:
    for param in by_key().values():
        assert settings_service.coerce(param, param.default) == param.default
