"""Two clerks at once: one locks the month while the other saves into it (run on both backends).

On PostgreSQL the save waits on the month's row lock (or on the unique index when the month
row is being created by the lock), then sees the month locked and is refused; on SQLite the
save waits at BEGIN IMMEDIATE. Either way nothing of the refused save is written.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from funds_support import add_document
from sqlalchemy import func, select

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.funds import ledger, months
from fpr_desktop.funds.models import FundEntry


@pytest.mark.parametrize(
    ("period", "day"),
    [(202109, date(2021, 9, 25)), (202110, date(2021, 10, 12))],
    ids=["month-already-written", "month-not-yet-written"],
)
def test_save_during_lock_is_refused_and_leaves_nothing(  # type: ignore[no-untyped-def]
    database, admin, finance, project, period, day
) -> None:
    doc = add_document(database, finance)
    with database.transaction(finance.audit()) as s:
        aid = ledger.assign(s, finance, doc, project, Decimal(200000), date(2021, 9, 1))
        ledger.record_entry(
            s, finance, ledger.EntryInput(aid, "pay", date(2021, 9, 20), Decimal(100000))
        )
    locked_uncommitted = threading.Event()
    release = threading.Event()
    outcome: dict[str, object] = {}

    def locker() -> None:
        with database.transaction(admin.audit()) as s:
            months.lock_month(s, admin, period, filled_by="张会计")
            locked_uncommitted.set()
            assert release.wait(30)

    def saver() -> None:
        try:
            with database.transaction(finance.audit()) as s:
                ledger.record_entry(
                    s, finance, ledger.EntryInput(aid, "pay", day, Decimal(5000), note="并发")
                )
            outcome["result"] = "saved"
        except ValidationError as exc:
            outcome["result"] = str(exc)

    a = threading.Thread(target=locker)
    a.start()
    assert locked_uncommitted.wait(30)
    b = threading.Thread(target=saver)
    b.start()
    b.join(1.0)
    assert b.is_alive(), "the save must wait for the lock's transaction"
    release.set()
    a.join(30)
    b.join(30)
    assert not a.is_alive() and not b.is_alive()
    assert "该月已锁定" in str(outcome["result"])
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(FundEntry)) == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.table_name == "fund_entry", AuditLog.username == "caizheng")
            )
            == 1
        )
        assert months.is_locked(s, period)
