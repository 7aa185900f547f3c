"""The chart figures against the hand-computed sample ledger (see funds_support.sample_ledger)."""

from __future__ import annotations

from datetime import date

from funds_support import sample_ledger

from fpr_desktop.funds.oversight.charts import expected_rate, spending_charts


def test_spending_rate_by_month_town_and_source(database, admin) -> None:  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    with database.read() as s:
        charts = spending_charts(s, admin, 2021, today=date(2022, 3, 1))
    assert charts.through == 12
    rates = {b.month: b.rate for b in charts.months}
    # issued: 20万 in advance (January), 100万 March, 50万 April, 30万 October
    # spent: 20万 May, 10万 June, 12万 August
    assert (rates[1], rates[4], rates[5], rates[6], rates[8], rates[10], rates[12]) == (
        0.0,
        0.0,
        11.76,
        17.65,
        24.71,
        21.0,
        21.0,
    )
    assert charts.expected[2] == expected_rate(3) == 25.0 and charts.expected[-1] == 100.0
    assert [(b.label, b.rate, b.town_id is not None) for b in charts.towns] == [
        ("固关镇", 50.0, True),
        ("河北镇", 26.67, True),
    ]
    assert [(b.label, b.rate, b.source) for b in charts.sources] == [
        ("中央衔接资金", 21.33, "中央衔接资金"),
        ("省级衔接资金", 20.0, "省级衔接资金"),
    ]
    assert (
        charts.towns[0].tip("分配") == "固关镇：支出率 50.00%\n已支出 30.00 万元 / 分配 60.00 万元"
    )


def test_the_current_year_stops_at_the_last_finished_month(database, admin) -> None:  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    with database.read() as s:
        charts = spending_charts(s, admin, 2021, today=date(2021, 9, 15))
    assert charts.through == 8 and len(charts.months) == 8 and len(charts.expected) == 8
    assert charts.months[-1].rate == 24.71
