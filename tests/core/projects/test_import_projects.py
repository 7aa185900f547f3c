"""Importing town proposal workbooks into the project library: counts, re-imports, refusals,
the error workbook, town scope, the bulk path and cancelling. Files are built by the tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import import_support as sup
from openpyxl import load_workbook
from sqlalchemy import func, select

from fpr_desktop.base.errors import PermissionDenied
from fpr_desktop.base.models import AuditLog
from fpr_desktop.divisions.services import town_by_name
from fpr_desktop.exchange import SpreadsheetError, write_error_workbook
from fpr_desktop.exchange.error_workbook import ERROR_FILL
from fpr_desktop.projects.models import Project, ProjectFunding
from fpr_desktop.submissions.importer import ImportOptions, run_import
from fpr_desktop.submissions.models import Submission


def counts(db) -> tuple[int, int, int, int]:
    """(projects, fundings, audit rows, submissions): what a refused import must leave alone."""
    with db.read() as s:
        return (
            s.scalar(select(func.count(Project.id))),
            s.scalar(select(func.count(ProjectFunding.id))),
            s.scalar(select(func.count(AuditLog.id))),
            s.scalar(select(func.count(Submission.id))),
        )


@pytest.fixture
def tpl(database, admin, tmp_path: Path) -> Path:
    return sup.template(database, admin, "projects", tmp_path / "模板.xlsx")


def filled(database, tpl: Path, tmp_path: Path, rows, name: str = "固关镇申报.xlsx") -> Path:
    return sup.fill(database, "projects", tpl, tmp_path / name, rows)


def test_template_filled_and_imported_becomes_draft_projects(
    database, admin, tpl, tmp_path
) -> None:
    path = filled(database, tpl, tmp_path, [sup.project_row(n) for n in range(1, 4)])
    out = run_import(database, admin, path, "projects")
    assert out.ok and (out.created, out.updated, out.unchanged, out.rejected) == (3, 0, 0, 0)
    assert "新增 3 行" in out.lines()[0]
    with database.read() as s:
        projects = list(s.scalars(select(Project).order_by(Project.id)))
        logs = list(s.scalars(select(AuditLog).where(AuditLog.table_name == "project")))
        sub = s.scalars(select(Submission)).one()
    assert [p.status for p in projects] == ["draft"] * 3
    p = projects[0]
    assert p.total_investment == 300000 and p.fiscal_funds == 200000  # 30 / 20 万元
    assert {log.source for log in logs} == {"import"} and {log.batch for log in logs} == {sub.batch}
    assert (sub.created, sub.year, sub.kind) == (3, 2025, "projects")


def test_same_file_twice_is_recognised(database, admin, tpl, tmp_path) -> None:
    path = filled(database, tpl, tmp_path, [sup.project_row(n) for n in range(1, 4)])
    run_import(database, admin, path, "projects")
    before = counts(database)
    again = run_import(database, admin, path, "projects")
    assert again.ok and again.duplicate_of is not None
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert "已导入过" in again.lines()[-1]
    assert counts(database) == before


def test_corrected_file_updates_instead_of_duplicating(database, admin, tpl, tmp_path) -> None:
    rows = [sup.project_row(n) for n in range(1, 4)]
    run_import(database, admin, filled(database, tpl, tmp_path, rows), "projects")
    rows[1] = sup.project_row(2, content="改为新建核桃示范园 300 亩", total_investment=35)
    out = run_import(
        database, admin, filled(database, tpl, tmp_path, rows, "更正.xlsx"), "projects"
    )
    assert (out.created, out.updated, out.unchanged) == (0, 1, 2)
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 3
        changed = s.scalars(select(Project).where(Project.content.like("改为%"))).one()
        assert changed.total_investment == 350000
        subs = s.scalars(select(Submission).order_by(Submission.id)).all()
    assert [x.sequence for x in subs] == [1, 2]


def test_rejected_file_writes_nothing_and_report_marks_the_cells(
    database, admin, tpl, tmp_path
) -> None:
    rows = [
        sup.project_row(1),
        sup.project_row(2, planned_start="明年开春"),  # no date
        sup.project_row(3, name=None),  # required
        sup.project_row(4, village="东坡村"),  # a village of 河北镇
        sup.project_row(5, fiscal_funds=40),  # more than the total? no: sources 15 + 5 ≠ 40
        sup.project_row(6, **{"target:产出指标": "新建核桃园"}),  # no target value
    ]
    path = filled(database, tpl, tmp_path, rows)
    before = counts(database)
    out = run_import(database, admin, path, "projects")
    assert not out.ok and out.exit_code == 1
    assert out.rejected == 5 and out.created == 0
    assert "没有写入任何数据" in "\n".join(out.lines())
    assert counts(database) == before
    report = write_error_workbook(out.result, target=tmp_path / "错误.xlsx")
    ws = load_workbook(report)["项目库申报表"]
    data0 = _first_data_row(path)
    expected = {
        sup.cell_of(database, "projects", "planned_start", data0 + 1),
        sup.cell_of(database, "projects", "name", data0 + 2),
        sup.cell_of(database, "projects", "village", data0 + 3),
        sup.cell_of(database, "projects", "fiscal_funds", data0 + 4),
        sup.cell_of(database, "projects", "target:产出指标", data0 + 5),
    }
    for coord in expected:
        assert ws[coord].fill.fgColor.rgb == ERROR_FILL, coord
        assert ws[coord].comment is not None and "应为" in ws[coord].comment.text, coord
    good = sup.cell_of(database, "projects", "name", data0)
    assert ws[good].comment is None


def _first_data_row(path: Path) -> int:
    ws = load_workbook(path).worksheets[0]
    for row in ws.iter_rows(min_col=2, max_col=2):
        if row[0].value == 2025:
            return row[0].row
    raise AssertionError("no data row")


def test_town_user_imports_only_their_town(database, admin, user_factory, tpl, tmp_path) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    rows = [sup.project_row(1), sup.project_row(2, town="河北镇", village="东坡村")]
    path = filled(database, tpl, tmp_path, rows)
    before = counts(database)
    out = run_import(database, clerk, path, "projects")
    assert not out.ok and out.rejected == 1
    assert "只能导入固关镇的数据" in out.result.problems[0].message
    assert counts(database) == before
    with database.read() as s:
        hebei = town_by_name(s, "河北镇").id
    with pytest.raises(PermissionDenied):
        run_import(database, clerk, path, "projects", ImportOptions(town_id=hebei))


def test_county_user_importing_for_one_town_gets_other_towns_rows_refused(
    database, admin, tpl, tmp_path
) -> None:
    with database.read() as s:
        guguan = town_by_name(s, "固关镇").id
    rows = [sup.project_row(1), sup.project_row(2, town="河北镇", village="东坡村")]
    out = run_import(
        database,
        admin,
        filled(database, tpl, tmp_path, rows),
        "projects",
        ImportOptions(town_id=guguan),
    )
    assert out.rejected == 1 and "本次按“固关镇”导入" in out.result.problems[0].message


def test_large_file_goes_through_the_bulk_path_with_audit_rows(
    database, admin, tpl, tmp_path
) -> None:
    villages = ["上岔村", "水滩村", "殿咀村", "北大山村"]
    rows = [sup.project_row(n, village=villages[n % 4]) for n in range(1, 251)]
    out = run_import(database, admin, filled(database, tpl, tmp_path, rows), "projects")
    assert out.created == 250
    with database.read() as s:
        sub = s.scalars(select(Submission)).one()
        audited = s.scalar(
            select(func.count(AuditLog.id)).where(
                AuditLog.table_name == "project", AuditLog.batch == sub.batch,
                AuditLog.action == "insert", AuditLog.source == "import",
            )
        )  # fmt: skip
        assert s.scalar(select(func.count(ProjectFunding.id))) == 500
        amounts = set(s.scalars(select(ProjectFunding.amount)))
        assert amounts == {Decimal("150000.00"), Decimal("50000.00")}  # 15 and 5 万元, exact
        assert {p.version for p in s.scalars(select(Project))} == {1}
    assert audited == 250


def test_project_past_the_draft_stage_is_not_changed_by_import(
    database, admin, tpl, tmp_path
) -> None:
    rows = [sup.project_row(1)]
    run_import(database, admin, filled(database, tpl, tmp_path, rows), "projects")
    with database.transaction(admin.audit()) as s:
        s.scalars(select(Project)).one().status = "town_review"
    same = run_import(database, admin, filled(database, tpl, tmp_path, rows, "b.xlsx"), "projects")
    assert same.ok and same.unchanged == 1
    rows = [sup.project_row(1, content="改了")]
    out = run_import(database, admin, filled(database, tpl, tmp_path, rows, "c.xlsx"), "projects")
    assert not out.ok and "乡镇审核" in out.result.problems[0].message


def test_a_divisions_file_is_not_imported_as_projects(database, admin, tmp_path) -> None:
    path = sup.template(database, admin, "divisions", tmp_path / "区划.xlsx")
    with pytest.raises(SpreadsheetError, match="不能作为“项目库”导入"):
        run_import(database, admin, path, "projects")


def test_cancel_while_writing_leaves_nothing(database, admin, tpl, tmp_path) -> None:
    path = filled(database, tpl, tmp_path, [sup.project_row(n) for n in range(1, 80)])
    before = counts(database)
    calls = {"n": 0}

    class Stop(Exception):
        pass

    def check() -> None:
        calls["n"] += 1
        if calls["n"] >= 3:  # 1: validated, 2: planned, 3: fifty rows written
            raise Stop

    with pytest.raises(Stop):
        run_import(database, admin, path, "projects", check=check)
    assert counts(database) == before


def test_dry_run_plans_but_writes_nothing(database, admin, tpl, tmp_path) -> None:
    path = filled(database, tpl, tmp_path, [sup.project_row(1)])
    before = counts(database)
    out = run_import(database, admin, path, "projects", ImportOptions(dry_run=True))
    assert out.ok and out.created == 1 and not out.committed
    assert counts(database) == before
