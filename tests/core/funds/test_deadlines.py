"""Budget execution within 15 working days of issue (task 39) and idle money, in working days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from funds_support import add_document

from fpr_desktop.base.calendar import set_override
from fpr_desktop.funds import ledger, rules


def test_fifteen_working_days_cross_national_day_and_a_make_up_saturday(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        deadline = rules.execution_deadline(s, date(2021, 9, 28))
    # 9/29, 9/30, 10/9 (调休 Saturday), 10/8, 10/11–15, 10/18–22, 10/25
    assert deadline.day == date(2021, 10, 25) and deadline.note == ""


def test_document_not_executed_in_time_is_listed_with_working_days_late(database, admin) -> None:  # type: ignore[no-untyped-def]
    add_document(database, admin, issued_on=date(2021, 9, 28))
    with database.read() as s:
        on_time = rules.late_executions(s, admin, date(2021, 10, 25))
        late = rules.late_executions(s, admin, date(2021, 10, 27))
    assert on_time == []
    assert [(a.label, a.due, a.days_overdue) for a in late] == [
        ("下达后未开展预算执行", date(2021, 10, 25), 2)
    ]


def test_late_start_counts_until_the_first_assignment(database, admin, project) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, admin, issued_on=date(2021, 9, 28))
    with database.transaction(admin.audit()) as s:
        ledger.assign(s, admin, doc, project, Decimal(1000), date(2021, 11, 1))
    with database.read() as s:
        late = rules.late_executions(s, admin, date(2021, 12, 31))
    assert [(a.label, a.days_overdue) for a in late] == [("预算执行启动超时", 5)]


def test_calendar_override_moves_the_deadline(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        set_override(s, admin, date(2021, 10, 25), False, "假设的临时假日")
    with database.read() as s:
        assert rules.execution_deadline(s, date(2021, 9, 28)).day == date(2021, 10, 26)


def test_idle_money_after_n_days(database, admin, project) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, admin, issued_on=date(2021, 3, 1))  # 100万
    with database.transaction(admin.audit()) as s:
        aid = ledger.assign(s, admin, doc, project, Decimal(300000), date(2021, 3, 10))
        ledger.record_entry(
            s, admin, ledger.EntryInput(aid, "pay", date(2021, 4, 1), Decimal(100000))
        )
    with database.read() as s:
        before = rules.idle_money(s, admin, date(2021, 5, 30))  # 90 days after 3/1 is 5/30
        after = rules.idle_money(s, admin, date(2021, 6, 30))
    assert before == []
    assert [(a.kind, a.amount, a.days_overdue) for a in after] == [
        ("idle_document", Decimal("700000.00"), 31),
        ("idle_assignment", Decimal("200000.00"), 22),
    ]
