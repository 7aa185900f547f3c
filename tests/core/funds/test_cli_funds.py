"""`fpr report monthly|annual`, `fpr lock`, `fpr unlock` on the database under test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from funds_support import sample_ledger
from openpyxl import load_workbook
from pypdf import PdfReader

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.cli.main import main
from fpr_desktop.funds import ledger, months
from fpr_desktop.funds.models import FundAssignment

ADMIN_PASSWORD = "admin-pass-1"  # the `admin` fixture's password (tests/conftest.py)


@pytest.fixture
def fpr(database, admin, monkeypatch):  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    monkeypatch.setenv("FPR_PASSWORD", ADMIN_PASSWORD)
    url = database.url.render_as_string(hide_password=False)
    return lambda *argv: main(["--db", url, "--user", "admin", *argv])


def test_monthly_report_in_both_formats(fpr, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert fpr("report", "monthly", "--month", "2021-09", str(tmp_path / "m.xlsx")) == 0
    assert "2021年9月衔接资金使用情况月报，未报送" in capsys.readouterr().out
    rows = list(load_workbook(tmp_path / "m.xlsx")["按资金来源"].iter_rows(values_only=True))
    assert ["合计", 170, 90, 57, 42, 2, 15, "24.71", 2, 2] in [
        [c for c in r if c is not None] for r in rows
    ]
    assert fpr("report", "monthly", "--month", "2021-09", str(tmp_path / "m.pdf")) == 0
    assert "月报" in PdfReader(tmp_path / "m.pdf").pages[0].extract_text()


def test_annual_ledger(fpr, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert fpr("report", "annual", "--year", "2021", str(tmp_path / "a.xlsx")) == 0
    assert "5 条项目资金" in capsys.readouterr().out
    rows = [
        [c for c in r if c is not None]
        for r in load_workbook(tmp_path / "a.xlsx").worksheets[0].iter_rows(values_only=True)
    ]
    assert ["合计", 105, 60, 42, 2, 15, 45] in rows  # assigned, paid, spent, retained, settled
    assert fpr("report", "annual", "--year", "2021", str(tmp_path / "a.pdf")) == 0


def test_lock_then_unlock_with_a_reason(fpr, database, admin, capsys) -> None:  # type: ignore[no-untyped-def]
    assert fpr("lock", "--month", "2021-09", "--reviewed-by", "李科长") == 0
    assert "2021年9月月报已报送，该月已锁定" in capsys.readouterr().out
    with database.read() as s:
        aid = s.query(FundAssignment.id).order_by(FundAssignment.id).first()[0]
    with (
        pytest.raises(ValidationError, match="该月已锁定"),
        database.transaction(admin.audit()) as s,
    ):
        ledger.record_entry(s, admin, ledger.EntryInput(aid, "pay", date(2021, 9, 1), Decimal(1)))
    assert fpr("lock", "--month", "2021-09") == 1
    assert "已经锁定" in capsys.readouterr().err
    assert fpr("unlock", "--month", "2021-09", "--reason", "补录凭证") == 0
    with database.read() as s:
        assert not months.is_locked(s, 202109)


def test_bad_month_and_suffix_are_refused(fpr, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert fpr("lock", "--month", "2021-13") == 1
    assert "应写作 2021-09" in capsys.readouterr().err
    assert fpr("report", "monthly", "--month", "2021-09", str(tmp_path / "m.csv")) == 2
