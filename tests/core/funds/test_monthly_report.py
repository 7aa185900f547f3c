"""The monthly report against a hand-computed ledger (amounts in 万元 below)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from funds_support import sample_ledger

from fpr_desktop.funds.report import monthly_report

W = Decimal(10000)


@pytest.fixture
def report(database, admin):  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    with database.read() as s:
        return monthly_report(s, admin, 202109)


def wan(line) -> tuple:  # type: ignore[no-untyped-def]
    return tuple(
        None if v is None else v / W
        for v in (line.issued, line.assigned, line.paid, line.spent, line.retention, line.settled)
    )


def test_by_fund_source(report) -> None:  # type: ignore[no-untyped-def]
    central, provincial = report.by_source
    assert central.label == "中央衔接资金" and provincial.label == "省级衔接资金"
    assert wan(central) == (120, 70, 47, 32, 2, 15)
    assert (central.rate, central.started, central.completed) == (Decimal("26.67"), 1, 1)
    assert wan(provincial) == (50, 20, 10, 10, 0, 0)
    assert (provincial.rate, provincial.started, provincial.completed) == (Decimal("20.00"), 1, 1)
    total = report.total(report.by_source)
    assert wan(total) == (170, 90, 57, 42, 2, 15) and total.rate == Decimal("24.71")
    # the one project funded from both sources is counted once in 合计, not once per source
    assert (total.started, total.completed) == (1, 1)
    assert (report.total(report.by_town).started, report.total(report.by_town).completed) == (1, 1)


def test_by_town(report) -> None:  # type: ignore[no-untyped-def]
    assert [t.label for t in report.by_town] == ["固关镇", "河北镇"]
    guguan, hebei = report.by_town
    assert wan(guguan) == (None, 60, 38, 30, 2, 15)
    assert (guguan.rate, guguan.started, guguan.completed) == (Decimal("50.00"), 1, 1)
    assert wan(hebei) == (None, 30, 19, 12, 0, 0)
    assert (hebei.rate, hebei.started, hebei.completed) == (Decimal("40.00"), 0, 0)
    assert report.title == "2021年9月衔接资金使用情况月报" and report.as_of == date(2021, 9, 30)


def test_workbook_has_both_tables_totals_and_signatures(report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from openpyxl import load_workbook

    from fpr_desktop.funds.report_files import write_report_xlsx

    report.state = replace(report.state, filled_by="张会计", reviewed_by="李科长", problems="无")
    path = write_report_xlsx(report, tmp_path / "月报.xlsx", "陇县财政局")
    wb = load_workbook(path)
    source, town = wb["按资金来源"], wb["按乡镇"]
    rows = [[c for c in r if c is not None] for r in source.iter_rows(values_only=True)]
    assert rows[0] == ["2021年9月衔接资金使用情况月报（按资金来源）"]
    assert ["合计", 170, 90, 57, 42, 2, 15, "24.71", 2, 2] in rows
    assert any("制表人：张会计" in r for r in rows) and any("审核人：李科长" in r for r in rows)
    town_rows = [[c for c in r if c is not None] for r in town.iter_rows(values_only=True)]
    assert [1, "固关镇", 60, 38, 30, 2, 15, "50.00", 1, 1] in town_rows
    assert ["合计", 90, 57, 42, 2, 15, "46.67", 1, 1] in town_rows


def test_pdf_shows_both_tables_and_the_rates(report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import re

    from pypdf import PdfReader

    from fpr_desktop.funds.report_files import write_report_pdf

    path = write_report_pdf(report, tmp_path / "月报.pdf", "陇县财政局")
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))
    assert "2021年9月衔接资金使用情况月报" in text
    assert "中央衔接资金120.0070.0047.0032.002.0015.0026.6711" in text
    assert "合计170.0090.0057.0042.002.0015.0024.7111" in text
    assert "固关镇60.0038.0030.002.0015.0050.0011" in text
