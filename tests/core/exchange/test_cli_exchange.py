"""`fpr template|import|export`: counts printed, exit codes 0/1/2, nothing written on refusal,
the --report workbook, town users held to their town."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import import_support as sup
from openpyxl import load_workbook
from sqlalchemy import func, select

from fpr_desktop.base.models import AuditLog
from fpr_desktop.cli.main import main
from fpr_desktop.db.engine import Database
from fpr_desktop.exchange.error_workbook import ERROR_FILL, SUMMARY_SHEET
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.models import Submission

PASSWORD = "admin-pass-1"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run(*args) → exit code, as the administrator of a fresh SQLite database."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("FPR_PASSWORD", PASSWORD)
    assert main(["--db", url, "user", "add", "admin", "--role", "admin"]) == 0

    def run(*args: str, user: str = "admin") -> int:
        return main(["--db", url, "--user", user, *args])

    run.url = url  # type: ignore[attr-defined]
    return run


def _counts(url: str) -> tuple[int, int, int]:
    db = Database(url)
    with db.read() as s:
        out = (
            int(s.scalar(select(func.count(Project.id))) or 0),
            int(s.scalar(select(func.count(AuditLog.id)).where(AuditLog.source == "import")) or 0),
            int(s.scalar(select(func.count(Submission.id))) or 0),
        )
    db.dispose()
    return out


def _fill(url: str, tpl: Path, out: Path, rows) -> Path:  # type: ignore[no-untyped-def]
    db = Database(url)
    try:
        return sup.fill(db, "projects", tpl, out, rows)
    finally:
        db.dispose()


def test_template_import_export_and_exit_codes(cli, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tpl = tmp_path / "模板.xlsx"
    assert cli("template", "projects", str(tpl), "--town", "固关镇") == 0
    good = _fill(cli.url, tpl, tmp_path / "固关镇.xlsx", [sup.project_row(n) for n in (1, 2, 3)])
    capsys.readouterr()
    assert cli("import", "projects", str(good), "--dry-run") == 0
    assert "试运行" in capsys.readouterr().out and _counts(cli.url) == (0, 0, 0)
    assert cli("import", "projects", str(good)) == 0
    out = capsys.readouterr().out
    assert "新增 3 行，更新 0 行，跳过 0 行（与库中一致），拒绝 0 行" in out
    assert cli("import", "projects", str(good)) == 0
    assert "已导入过" in capsys.readouterr().out
    exported = tmp_path / "导出.xlsx"
    assert cli("export", "projects", str(exported), "--year", "2025", "--town", "固关") == 0
    assert "已导出 3 行" in capsys.readouterr().out
    assert cli("import", "projects", str(exported)) == 0
    assert "新增 0 行，更新 0 行，跳过 3 行" in capsys.readouterr().out


def test_rejected_rows_exit_1_write_nothing_and_report_is_marked(
    cli, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    tpl = tmp_path / "模板.xlsx"
    cli("template", "projects", str(tpl))
    rows = [sup.project_row(1), sup.project_row(2, construction_type="翻建"), sup.project_row(3)]
    bad = _fill(cli.url, tpl, tmp_path / "有错.xlsx", rows)
    before = _counts(cli.url)
    report = tmp_path / "报告" / "错误标注.xlsx"
    assert cli("import", "projects", str(bad), "--report", str(report)) == 1
    out = capsys.readouterr().out
    assert "拒绝 1 行" in out and "没有写入任何数据" in out and "翻建" in out
    assert _counts(cli.url) == before
    wb = load_workbook(report)
    assert wb.sheetnames[0] == SUMMARY_SHEET
    db = Database(cli.url)
    coord = sup.cell_of(db, "projects", "construction_type", _first_data_row(bad) + 1)
    db.dispose()
    cell = wb["项目库申报表"][coord]
    assert cell.fill.fgColor.rgb == ERROR_FILL and "翻建" in cell.comment.text


def _first_data_row(path: Path) -> int:
    ws = load_workbook(path).worksheets[0]
    return next(c.row for c in ws["B"] if c.value == 2025)


def test_usage_errors_and_unreadable_files_exit_2(cli, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", "assets", str(tmp_path / "x.xlsx")) == 2  # missing file
    not_excel = tmp_path / "假表格.xlsx"
    not_excel.write_text("序号,项目名称\n1,甲\n", encoding="utf-8")
    assert cli("import", "projects", str(not_excel)) == 2
    assert "文本文件" in capsys.readouterr().err
    assert cli("import", "nosuchkind", str(not_excel)) == 2
    assert "没有名为“nosuchkind”的数据类型" in capsys.readouterr().err
    assert cli("template", "projects", str(tmp_path / "t.xls")) == 2
    assert cli("export", "projects", str(tmp_path / "e.xlsx"), "--town", "无此镇") == 2
    with pytest.raises(SystemExit) as stop:
        main(["import"])
    assert stop.value.code == 2


def test_town_user_cannot_import_another_towns_rows(
    cli, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FPR_NEW_PASSWORD", "town-clerk-1")
    assert cli("user", "add", "gg", "--role", "town", "--scope", "固关镇") == 0
    tpl = tmp_path / "模板.xlsx"
    cli("template", "projects", str(tpl))
    rows = [sup.project_row(1, town="河北镇", village="东坡村")]
    path = _fill(cli.url, tpl, tmp_path / "河北.xlsx", rows)
    monkeypatch.setenv("FPR_PASSWORD", "town-clerk-1")
    capsys.readouterr()
    assert cli("import", "projects", str(path), user="gg") == 1
    assert "只能导入固关镇的数据" in capsys.readouterr().out
    assert cli("import", "projects", str(path), "--town", "河北镇", user="gg") == 1
    assert "只能操作固关镇" in capsys.readouterr().err
    assert _counts(cli.url)[0] == 0
