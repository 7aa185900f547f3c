"""Submitting the monthly report locks the month; corrections go to an open month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from funds_support import add_document
from sqlalchemy import select

from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.funds import ledger, months
from fpr_desktop.funds.models import FundEntry, FundMonth

SEP = 202109


@pytest.fixture
def paid(database, admin, finance, project) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    doc = add_document(database, finance)
    with database.transaction(finance.audit()) as s:
        aid = ledger.assign(s, finance, doc, project, Decimal(200000), date(2021, 9, 1))
        eid = ledger.record_entry(
            s, finance, ledger.EntryInput(aid, "pay", date(2021, 9, 20), Decimal(100000))
        )
    return aid, eid


def lock(database, actor, period=SEP):  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s:
        return months.lock_month(s, actor, period, filled_by="张会计", reviewed_by="李科长")


def test_locked_month_refuses_new_entries_edits_and_deletions(database, finance, paid) -> None:  # type: ignore[no-untyped-def]
    aid, eid = paid
    state = lock(database, finance)
    assert state.locked and state.filled_by == "张会计"
    with (
        pytest.raises(ValidationError, match="2021年9月的月报已报送，该月已锁定"),
        database.transaction(finance.audit()) as s,
    ):
        ledger.record_entry(
            s, finance, ledger.EntryInput(aid, "pay", date(2021, 9, 30), Decimal(1))
        )
    with database.read() as s:
        version = s.get(FundEntry, eid).version
    with (
        pytest.raises(ValidationError, match="该月已锁定"),
        database.transaction(finance.audit()) as s,
    ):
        ledger.delete_entry(s, finance, eid, version)
    with (
        pytest.raises(ValidationError, match="该月已锁定"),
        database.transaction(finance.audit()) as s,
    ):
        ledger.change_assignment(s, finance, aid, 1, Decimal(300000))
    with database.read() as s:
        assert [e.amount for e in s.scalars(select(FundEntry))] == [Decimal("100000.00")]


def test_correction_is_an_adjustment_in_an_open_month(database, finance, paid) -> None:  # type: ignore[no-untyped-def]
    aid, eid = paid
    lock(database, finance)
    with database.transaction(finance.audit()) as s:
        ledger.record_entry(
            s,
            finance,
            ledger.EntryInput(
                aid, "pay", date(2021, 10, 8), Decimal(-5000), adjusts_id=eid, note="9月多录"
            ),
        )
        assert ledger.kind_totals(s, aid)["pay"] == Decimal("95000.00")


def test_locking_twice_is_refused(database, finance, paid) -> None:  # type: ignore[no-untyped-def]
    lock(database, finance)
    with pytest.raises(ValidationError, match="已经锁定"):
        lock(database, finance)


def test_reopening_needs_the_role_and_a_reason_and_is_audited(
    database, admin, finance, paid
) -> None:  # type: ignore[no-untyped-def]
    aid, _ = paid
    lock(database, finance)
    with (
        pytest.raises(PermissionDenied, match="重新打开已锁定月份"),
        database.transaction(finance.audit()) as s,
    ):
        months.unlock_month(s, finance, SEP, "补录")
    with (
        pytest.raises(ValidationError, match="必须填写理由"),
        database.transaction(admin.audit()) as s,
    ):
        months.unlock_month(s, admin, SEP, "  ")
    with database.transaction(admin.audit()) as s:
        months.unlock_month(s, admin, SEP, "财政局通知补录9月支出凭证")
    with database.transaction(finance.audit()) as s:
        ledger.record_entry(
            s, finance, ledger.EntryInput(aid, "pay", date(2021, 9, 30), Decimal(1))
        )
    with database.read() as s:
        month_id = s.scalar(select(FundMonth.id).where(FundMonth.period == SEP))
        changes = {
            (a.field, a.new_value, a.username)
            for a in s.scalars(
                select(AuditLog).where(
                    AuditLog.table_name == "fund_month", AuditLog.row_id == str(month_id)
                )
            )
        }
    assert ("locked", "否", "admin") in changes
    assert ("reopen_reason", "财政局通知补录9月支出凭证", "admin") in changes


def test_other_months_stay_open(database, finance, paid) -> None:  # type: ignore[no-untyped-def]
    aid, _ = paid
    lock(database, finance)
    with database.transaction(finance.audit()) as s:
        ledger.record_entry(
            s, finance, ledger.EntryInput(aid, "pay", date(2021, 10, 9), Decimal(1))
        )
        assert months.is_locked(s, SEP) and not months.is_locked(s, 202110)
