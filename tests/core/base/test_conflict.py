"""Two clerks editing one record: the second save fails cleanly, nothing is overwritten."""

import pytest
from sqlalchemy import update

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import ConflictError
from fpr_desktop.base.models import Division
from fpr_desktop.divisions import services as div


def test_second_save_of_same_division_is_refused(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
    # both clerks opened the form showing the same version
    with database.transaction(admin.audit()) as s:
        div.update_division(s, admin, town.id, town.version, note="第一位保存")
    with (
        pytest.raises(ConflictError, match="已被他人修改"),
        database.transaction(admin.audit()) as s,
    ):
        div.update_division(s, admin, town.id, town.version, note="第二位保存")
    with database.read() as s:
        assert s.get(Division, town.id).note == "第一位保存"


def test_update_racing_another_commit_is_caught_by_version_column(database, admin) -> None:  # type: ignore[no-untyped-def]
    """The version check passed, then another PC committed before our UPDATE reached the row:
    the UPDATE ... WHERE version = N matches nothing and the save is refused, not merged."""
    with database.read() as s:
        town = div.town_by_name(s, "八渡镇")
    with pytest.raises(ConflictError), database.transaction(admin.audit()) as s:
        obj = s.get(Division, town.id)
        assert obj.version == town.version
        # what another clerk's commit does to the row in between
        s.execute(
            update(Division).where(Division.id == town.id).values(version=Division.version + 1),
            execution_options={"synchronize_session": False},
        )
        obj.note = "迟到的保存"
        s.flush()
    with database.read() as s:
        assert s.get(Division, town.id).note == town.note != "迟到的保存"


def test_stale_setting_save_is_refused(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "publicity.window_days", 12, 0)
    with pytest.raises(ConflictError), database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "publicity.window_days", 15, 0)
    with database.read() as s:
        assert settings_service.get_value(s, "publicity.window_days") == 12
