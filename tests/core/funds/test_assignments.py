"""分配到项目: the plan projects offered, a document's assignments, and deleting one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from funds_support import add_document, make_project

from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.funds import assignments as asg
from fpr_desktop.funds import ledger, months
from fpr_desktop.funds.models import FundAssignment

W = Decimal(10000)


def test_plan_choices_offer_only_the_years_plan_with_what_is_open(database, admin) -> None:  # type: ignore[no-untyped-def]
    p = make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村", fiscal=50 * W)
    make_project(database, admin, "未入计划项目", "固关镇", "上岔村", planned=False)
    doc = add_document(database, admin)
    with database.transaction(admin.audit()) as s:
        ledger.assign(s, admin, doc, p, 20 * W, date(2021, 3, 5))
    with database.read() as s:
        plan = asg.plan_choices(s, admin, 2021)
        assert [c.label for c in plan] == ["上岔村核桃园（固关镇）"]
        assert plan[0].planned == 50 * W and plan[0].open == 30 * W
        rows = asg.document_assignments(s, admin, doc)
        assert [(r.project, r.town, r.amount, r.paid) for r in rows] == [
            ("上岔村核桃园", "固关镇", 20 * W, Decimal(0))
        ]
        assert asg.plan_choices(s, admin, 2022) == []


def test_delete_assignment_refusals(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    p = make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村")
    doc = add_document(database, admin)
    with database.transaction(admin.audit()) as s:
        paid = ledger.assign(s, admin, doc, p, 20 * W, date(2021, 3, 5))
        ledger.record_entry(s, admin, ledger.EntryInput(paid, "pay", date(2021, 4, 1), W))
    with database.transaction(admin.audit()) as s, pytest.raises(ValidationError) as err:
        asg.delete_assignment(s, admin, paid, 1)
    assert "已登记 1 条台账记录，不能删除" in str(err.value)
    doc2 = add_document(database, admin, doc_no="陕财办农〔2021〕13号")
    with database.transaction(admin.audit()) as s:
        a = ledger.assign(s, admin, doc2, p, 10 * W, date(2021, 3, 5))
        months.lock_month(s, admin, 202103, reviewed_by="李科长")
    with database.transaction(admin.audit()) as s, pytest.raises(ValidationError) as err:
        asg.delete_assignment(s, admin, a, 1)
    assert "该月已锁定" in str(err.value)
    auditor = user_factory("sj", "auditor")
    with database.transaction(auditor.audit()) as s, pytest.raises(PermissionDenied):
        asg.delete_assignment(s, auditor, a, 1)
    with database.transaction(admin.audit()) as s:
        months.unlock_month(s, admin, 202103, "更正分配")
    with database.transaction(admin.audit()) as s:
        asg.delete_assignment(s, admin, a, 1)
    with database.read() as s:
        assert s.get(FundAssignment, a) is None and s.get(FundAssignment, paid) is not None
