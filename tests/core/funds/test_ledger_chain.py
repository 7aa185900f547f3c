"""The money chain's invariants and refusals, each through the services."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from funds_support import add_document, make_project
from sqlalchemy import select

from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.funds import documents as docs
from fpr_desktop.funds import ledger
from fpr_desktop.funds.models import FundDocument, FundEntry
from fpr_desktop.projects.models import Project

W = Decimal(10000)  # one 万元 in 元


def assign(database, actor, doc, pid, wan, day=date(2021, 3, 10)) -> int:  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s:
        return ledger.assign(s, actor, doc, pid, Decimal(wan) * W, day)


def entry(database, actor, aid, kind, wan, day=date(2021, 4, 1), **kw) -> int:  # type: ignore[no-untyped-def]
    defaults = {"spend": {"payee": "陇县某建设公司", "use_category": "工程款"}}.get(kind, {})
    inp = ledger.EntryInput(aid, kind, day, Decimal(wan) * W, **{**defaults, **kw})
    with database.transaction(actor.audit()) as s:
        return ledger.record_entry(s, actor, inp)


@pytest.mark.parametrize(
    "typed",
    [
        "陕财办农[2021]12号",
        "陕财办农【2021】12号",
        "陕财办农﹝2021﹞12号",
        "陕财办农〔2021〕 12 号",
    ],
)
def test_doc_no_brackets_are_normalised_and_duplicates_refused(database, finance, typed) -> None:  # type: ignore[no-untyped-def]
    add_document(database, finance, doc_no="陕财办农〔2021〕12号")
    with pytest.raises(ValidationError, match="文号“陕财办农〔2021〕12号”已经登记过"):
        add_document(database, finance, doc_no=typed)
    assert docs.normalize_doc_no(typed) == "陕财办农〔2021〕12号"


def test_document_problems_are_reported_together(database, finance) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        add_document(database, finance, issuer=" ", level="乡级", amount=Decimal(0))
    text = str(exc.value)
    assert "下达单位不能为空" in text and "资金级次“乡级”" in text and "下达金额应大于 0" in text


def test_assigning_more_than_the_document_holds_is_refused(
    database, admin, finance, project
) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, finance)  # 100万
    other = make_project(database, admin, "上岔村道路", "固关镇", "上岔村")
    assign(database, finance, doc, project, 60)
    with pytest.raises(
        ValidationError, match=re.escape("已分配 60.00万元，剩余 40.00万元，不能再分配 50.00万元")
    ):
        assign(database, finance, doc, other, 50)
    assign(database, finance, doc, other, 40)  # exactly what is left


def test_only_projects_in_that_years_plan_get_money(database, admin, finance) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, finance)
    unplanned = make_project(database, admin, "未列入计划项目", "固关镇", "上岔村", planned=False)
    other_year = make_project(database, admin, "2022年项目", "固关镇", "上岔村", year=2022)
    for pid, year in ((unplanned, 2021), (other_year, 2021)):
        with pytest.raises(ValidationError, match=f"不在{year}年度计划中"):
            assign(database, finance, doc, pid, 10)


def test_paying_more_than_assigned_is_refused(database, finance, project) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(finance.audit()) as s:
        s.get(Project, project).accepted_on = None
    doc = add_document(database, finance)
    aid = assign(database, finance, doc, project, 20)
    entry(database, finance, aid, "pay", 15)
    with pytest.raises(
        ValidationError, match=re.escape("累计拨付 21.00万元 将超过分配给该项目的 20.00万元")
    ):
        entry(database, finance, aid, "pay", 6)
    with database.read() as s:
        assert len(s.scalars(select(FundEntry)).all()) == 1


def test_spending_settlement_and_retention_stay_within_what_was_paid(
    database, finance, project
) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, finance)
    aid = assign(database, finance, doc, project, 20)
    entry(database, finance, aid, "pay", 10)
    entry(database, finance, aid, "spend", 8)
    with pytest.raises(
        ValidationError, match=re.escape("支出 8.00万元 与质保金 3.00万元 之和将超过已拨付")
    ):
        entry(database, finance, aid, "retain", 3)
    entry(database, finance, aid, "retain", 2)
    with pytest.raises(ValidationError, match="报账必须填写凭证号"):
        entry(database, finance, aid, "settle", 5)
    with pytest.raises(
        ValidationError, match=re.escape("累计报账 9.00万元 将超过已支出的 8.00万元")
    ):
        entry(database, finance, aid, "settle", 9, voucher_no="记-0912")
    entry(database, finance, aid, "settle", 8, voucher_no="记-0912")


def test_prepayment_cap_before_acceptance_and_the_audited_override(
    database, admin, finance, project
) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, finance)
    aid = assign(database, finance, doc, project, 40)  # contract 40万: cap 70% = 28万
    entry(database, finance, aid, "pay", 28)
    with pytest.raises(
        ValidationError, match=re.escape("预拨上限为合同价 40.00万元的 70%即 28.00万元")
    ):
        entry(database, finance, aid, "pay", 1)
    with pytest.raises(PermissionDenied, match="无权批准超上限拨付"):
        entry(database, finance, aid, "pay", 1, override_reason="汛前抢工")
    eid = entry(database, admin, aid, "pay", 1, override_reason="汛前抢工，县政府专题会议同意")
    with database.read() as s:
        row = s.get(FundEntry, eid)
        audit = s.scalars(
            select(AuditLog).where(AuditLog.table_name == "fund_entry", AuditLog.row_id == str(eid))
        ).one()
    assert row.override_reason == "汛前抢工，县政府专题会议同意"
    assert "汛前抢工" in (audit.new_value or "") and audit.username == "admin"


def test_after_acceptance_the_cap_no_longer_applies(database, finance, project) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, finance)
    aid = assign(database, finance, doc, project, 50)
    with database.transaction(finance.audit()) as s:
        s.get(Project, project).accepted_on = date(2021, 5, 1)
    entry(database, finance, aid, "pay", 28)
    with pytest.raises(ValidationError, match="预拨上限"):  # a payment dated before acceptance
        entry(database, finance, aid, "pay", 1, day=date(2021, 4, 30))
    entry(database, finance, aid, "pay", 12, day=date(2021, 5, 6))


def test_cap_percent_is_a_setting(database, admin, finance, project) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.base.settings import set_value

    with database.transaction(admin.audit()) as s:
        set_value(s, admin, "funds.prepayment_cap_percent", 50, 0)
    aid = assign(database, finance, add_document(database, finance), project, 40)
    with pytest.raises(ValidationError, match=re.escape("的 50%即 20.00万元")):
        entry(database, finance, aid, "pay", 21)


@pytest.mark.parametrize(
    ("use", "flag"),
    [
        ("楼堂馆所", "负面清单：楼堂馆所"),
        ("奖金津贴福利", "负面清单：奖金津贴福利"),
        ("教育", "应由原资金渠道支持：教育"),
        ("养老", "应由原资金渠道支持：养老"),
        ("工程款", ""),
    ],
)
def test_negative_list_and_own_channel_uses_are_flagged(
    database, finance, project, use, flag
) -> None:  # type: ignore[no-untyped-def]
    aid = assign(database, finance, add_document(database, finance), project, 20)
    entry(database, finance, aid, "pay", 10)
    eid = entry(database, finance, aid, "spend", 1, use_category=use)
    with database.read() as s:
        assert s.get(FundEntry, eid).flag == flag


def test_adjustment_corrects_an_entry_with_a_reason_and_keeps_the_chain(
    database, finance, project
) -> None:  # type: ignore[no-untyped-def]
    aid = assign(database, finance, add_document(database, finance), project, 20)
    pay = entry(database, finance, aid, "pay", 10)
    entry(database, finance, aid, "spend", 6)
    with pytest.raises(ValidationError, match="调整记录必须写明调整原因"):
        entry(database, finance, aid, "pay", -1, adjusts_id=pay)
    with pytest.raises(
        ValidationError,
        match=re.escape("累计支出 6.00万元 与质保金 0.00万元 之和将超过已拨付的 5.00万元"),
    ):
        entry(database, finance, aid, "pay", -5, adjusts_id=pay, note="多录")
    entry(database, finance, aid, "pay", -2, adjusts_id=pay, note="凭证金额录错")
    with database.read() as s:
        assert ledger.kind_totals(s, aid)["pay"] == 8 * W


def test_document_cannot_shrink_below_what_is_assigned(database, finance, project) -> None:  # type: ignore[no-untyped-def]
    from funds_support import document_input

    doc = add_document(database, finance)
    assign(database, finance, doc, project, 60)
    with database.read() as s:
        version = s.get(FundDocument, doc).version
    with (
        pytest.raises(ValidationError, match=re.escape("已分配 60.00万元")),
        database.transaction(finance.audit()) as s,
    ):
        docs.update_document(s, finance, doc, version, document_input(amount=50 * W))


def test_town_clerk_may_not_record_payments(database, finance, project, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg", "town", "固关镇")
    aid = assign(database, finance, add_document(database, finance), project, 20)
    with pytest.raises(PermissionDenied, match="维护资金台账"):
        entry(database, clerk, aid, "pay", 1)


def test_assigned_document_keeps_its_source_and_year(database, finance, project) -> None:  # type: ignore[no-untyped-def]
    from funds_support import document_input

    doc = add_document(database, finance)
    assign(database, finance, doc, project, 10)
    with database.read() as s:
        version = s.get(FundDocument, doc).version
    for change in ({"source": "省级衔接资金", "level": "省级"}, {"year": 2022}):
        with (
            pytest.raises(ValidationError, match="不能再修改资金来源或资金年度"),
            database.transaction(finance.audit()) as s,
        ):
            docs.update_document(s, finance, doc, version, document_input(**change))
    with database.transaction(finance.audit()) as s:  # other fields may still be corrected
        docs.update_document(s, finance, doc, version, document_input(issuer="陕西省财政厅农业处"))
