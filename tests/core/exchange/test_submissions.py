"""The submission register: 已报送/逾期/未报送 per town, versions, the kept file, and undo."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import import_support as sup
from sqlalchemy import func, select

from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.projects import proposals as project_service
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions import register as reg
from fpr_desktop.submissions.importer import ImportOptions, run_import
from fpr_desktop.submissions.models import Submission


@pytest.fixture
def tpl(database, admin, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return sup.template(database, admin, "projects", tmp_path / "模板.xlsx")


def _import(db, actor, tpl: Path, path: Path, rows, **kw):  # type: ignore[no-untyped-def]
    out = run_import(
        db, actor, sup.fill(db, "projects", tpl, path, rows), "projects", ImportOptions(**kw)
    )
    assert out.ok, out.lines()
    return out


def _status(db, actor, year: int, today: date | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return {
            t.town_name: t.status_label
            for t in reg.town_status(s, actor, "projects", year, today=today)
        }


def test_register_shows_submitted_late_and_missing_towns(
    database, admin, tpl, tmp_path: Path
) -> None:
    # proposals for 2030 are due at the end of October 2029: submitting now is on time
    _import(database, admin, tpl, tmp_path / "固关.xlsx", [sup.project_row(1, year=2030)])
    status = _status(database, admin, 2030)
    assert status["固关镇"] == "已报送" and status["河北镇"] == "未报送"
    assert _status(database, admin, 2030, today=date(2029, 11, 1))["河北镇"] == "逾期未报"
    # proposals for 2025 were due at the end of October 2024: now they are late
    _import(database, admin, tpl, tmp_path / "河北.xlsx",
            [sup.project_row(1, town="河北镇", village="东坡村")])  # fmt: skip
    status = _status(database, admin, 2025)
    assert status["河北镇"] == "逾期报送" and status["固关镇"] == "逾期未报"
    with database.read() as s:
        due = reg.town_status(s, admin, "projects", 2025)[0].due
    assert due == date(2024, 10, 31)


def test_resubmissions_are_versions_and_the_file_is_kept(
    database, admin, tpl, tmp_path: Path
) -> None:
    first = _import(database, admin, tpl, tmp_path / "a.xlsx", [sup.project_row(1)])
    second = _import(database, admin, tpl, tmp_path / "b.xlsx", [sup.project_row(1, content="改")])
    run_import(database, admin, tmp_path / "b.xlsx", "projects", ImportOptions(dry_run=True))
    with database.read() as s:
        rows = reg.list_submissions(s, admin, kind="projects", year=2025)
        name, data = reg.submission_file(s, admin, first.submission_id)
        statuses = reg.town_status(s, admin, "projects", 2025)
    assert [r.version_label for r in rows] == ["第 2 版", "第 1 版"]  # dry runs are not kept
    assert [r.id for r in rows] == [second.submission_id, first.submission_id]
    assert name == "a.xlsx" and data == (tmp_path / "a.xlsx").read_bytes()
    assert rows[1].sha256 == hashlib.sha256(data).hexdigest()
    guguan = next(t for t in statuses if t.town_name == "固关镇")
    assert (
        guguan.versions == 2
        and guguan.latest is not None
        and guguan.latest.id == second.submission_id
    )


def test_undo_restores_updated_rows_and_removes_created_ones(
    database, admin, tpl, tmp_path: Path
) -> None:
    _import(database, admin, tpl, tmp_path / "a.xlsx", [sup.project_row(1)])
    second = _import(
        database, admin, tpl, tmp_path / "b.xlsx",
        [sup.project_row(1, content="改为500亩", total_investment=50), sup.project_row(2)],
    )  # fmt: skip
    assert (second.created, second.updated) == (1, 1)
    with database.transaction(admin.audit()) as s:
        row = reg.undo_submission(s, admin, second.submission_id)
    assert row.status_label == "已撤销" and row.undone_by == "admin"
    with database.read() as s:
        projects = list(s.scalars(select(Project)))
        events = s.scalars(select(AuditLog).where(AuditLog.action == "undo")).all()
    assert len(projects) == 1
    assert projects[0].content == "新建核桃示范园 101 亩"
    assert projects[0].total_investment == Decimal("300000.00")
    assert len(events) == 1 and "b.xlsx" in (events[0].new_value or "")
    with (
        pytest.raises(ValidationError, match="已于此前撤销"),
        database.transaction(admin.audit()) as s,
    ):
        reg.undo_submission(s, admin, second.submission_id)
    # an undone file is no longer “already imported”
    again = run_import(database, admin, tmp_path / "b.xlsx", "projects")
    assert again.duplicate_of is None and again.created == 1


def test_undo_refuses_when_rows_changed_since(database, admin, tpl, tmp_path: Path) -> None:
    out = _import(
        database, admin, tpl, tmp_path / "a.xlsx", [sup.project_row(1), sup.project_row(2)]
    )
    with database.transaction(admin.audit()) as s:
        p = s.scalars(select(Project).order_by(Project.id)).first()
        detail = project_service.get_project(s, admin, p.id)
        values = detail.values
        values.content = "后来在界面中改过"
        project_service.update_project(s, admin, p.id, detail.version, values)
    with database.read() as s:
        before = s.scalar(select(func.count(Project.id)))
    with (
        pytest.raises(ValidationError, match="此后已被修改") as err,
        database.transaction(admin.audit()) as s,
    ):
        reg.undo_submission(s, admin, out.submission_id)
    assert "上岔村核桃提质增效项目1" in str(err.value)
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == before
        assert s.scalars(select(Submission)).one().status == "imported"


def test_undo_names_the_later_version_that_changed_the_rows(
    database, admin, tpl, tmp_path: Path
) -> None:
    first = _import(database, admin, tpl, tmp_path / "a.xlsx", [sup.project_row(1)])
    _import(database, admin, tpl, tmp_path / "b.xlsx", [sup.project_row(1, content="改")])
    with pytest.raises(ValidationError, match="第 2 版"), database.transaction(admin.audit()) as s:
        reg.undo_submission(s, admin, first.submission_id)


def test_town_users_see_and_undo_only_their_town(
    database, admin, user_factory, tpl, tmp_path: Path
) -> None:
    hebei = _import(
        database,
        admin,
        tpl,
        tmp_path / "h.xlsx",
        [sup.project_row(1, town="河北镇", village="东坡村")],
    )
    clerk = user_factory("gg", "town", "固关镇")
    with database.read() as s:
        assert reg.list_submissions(s, clerk) == []
        assert [t.town_name for t in reg.town_status(s, clerk, "projects", 2025)] == ["固关镇"]
    with pytest.raises((NotFound, PermissionDenied)), database.transaction(clerk.audit()) as s:
        reg.undo_submission(s, clerk, hebei.submission_id)


def test_undo_of_a_bulk_import_removes_every_row(database, admin, tpl, tmp_path: Path) -> None:
    villages = ["上岔村", "水滩村", "殿咀村"]
    rows = [sup.project_row(n, village=villages[n % 3]) for n in range(1, 231)]
    out = _import(database, admin, tpl, tmp_path / "大批量.xlsx", rows)
    assert out.created == 230
    with database.transaction(admin.audit()) as s:
        reg.undo_submission(s, admin, out.submission_id)
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 0
        deleted = s.scalar(
            select(func.count(AuditLog.id)).where(
                AuditLog.action == "delete", AuditLog.table_name == "project"
            )
        )
    assert deleted == 230
