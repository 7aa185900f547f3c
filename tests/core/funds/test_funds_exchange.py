"""Importing allocation documents and payment lines: all-or-nothing, error workbook, locks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from funds_support import add_document
from helpers import import_support as sup
from openpyxl import load_workbook
from sqlalchemy import func, select

from fpr_desktop.exchange.error_workbook import write_error_workbook
from fpr_desktop.funds import ledger, months
from fpr_desktop.funds.models import FundDocument, FundEntry
from fpr_desktop.submissions.importer import run_import


def doc_row(n: int, **over):  # type: ignore[no-untyped-def]
    row = {
        "seq": n,
        "doc_no": f"陕财办农[2021]{n}号",
        "year": 2021,
        "issued_on": "2021-03-01",
        "issuer": "陕西省财政厅",
        "level": "中央",
        "source": "中央衔接资金",
        "subtask": "巩固拓展脱贫攻坚成果和乡村振兴",
        "amount": 120,
        "in_advance": "否",
    }
    return {**row, **over}


def load(database, admin, tmp_path, kind, rows, name="导入.xlsx"):  # type: ignore[no-untyped-def]
    tpl = sup.template(database, admin, kind, tmp_path / f"{kind}模板.xlsx")
    return run_import(database, admin, sup.fill(database, kind, tpl, tmp_path / name, rows), kind)


def test_documents_import_normalises_and_counts_in_wan(database, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = load(database, admin, tmp_path, "fund_documents", [doc_row(1), doc_row(2, amount=35.5)])
    assert out.committed and out.count("create") == 2
    with database.read() as s:
        rows = {d.doc_no: d.amount for d in s.scalars(select(FundDocument))}
    assert rows == {
        "陕财办农〔2021〕1号": Decimal("1200000.00"),
        "陕财办农〔2021〕2号": Decimal("355000.00"),
    }


def test_bad_rows_write_nothing_and_are_marked(database, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_document(database, admin, doc_no="陕财办农〔2021〕9号", issued_on=date(2021, 9, 1))
    with database.transaction(admin.audit()) as s:
        months.lock_month(s, admin, 202109)
    rows = [
        doc_row(1),
        doc_row(2, issued_on="2021-09-15"),
        doc_row(3, doc_no="陕财办农【2021】1号"),
    ]
    out = load(database, admin, tmp_path, "fund_documents", rows)
    assert not out.ok and not out.committed
    messages = {(p.location.row, p.key): p.reason for p in out.result.problems}
    assert any("2021年9月的月报已报送" in m for m in messages.values())
    assert any("文号在本表中重复" in m for m in messages.values())
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(FundDocument)) == 1
    marked = write_error_workbook(out.result, tmp_path)
    text = " ".join(
        str(c)
        for r in load_workbook(marked).worksheets[0].iter_rows(values_only=True)
        for c in r
        if c
    )
    assert "该月已锁定" in text and "重复" in text


def test_payment_lines_check_the_chain_across_the_file(database, admin, project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, admin, doc_no="陕财办农〔2021〕5号")
    with database.transaction(admin.audit()) as s:
        ledger.assign(s, admin, doc, project, Decimal(200000), date(2021, 3, 10))
    base = {
        "doc_no": "陕财办农[2021]5号",
        "town": "固关镇",
        "village": "上岔村",
        "project": "上岔村核桃提质增效项目",
    }
    rows = [
        {**base, "seq": 1, "kind": "拨付", "entry_date": "2021-04-01", "amount": 15},
        {
            **base,
            "seq": 2,
            "kind": "支出",
            "entry_date": "2021-04-20",
            "amount": 10,
            "payee": "陇县某公司",
            "use_category": "工程款",
        },
        {
            **base,
            "seq": 3,
            "kind": "支出",
            "entry_date": "2021-05-20",
            "amount": 6,
            "payee": "陇县某公司",
            "use_category": "工程款",
        },
    ]
    bad = load(database, admin, tmp_path, "fund_payments", rows, "坏.xlsx")
    assert [p.key for p in bad.result.problems] == ["amount"]
    sheet = load_workbook(tmp_path / "坏.xlsx").worksheets[0]
    third = next(r[0].row for r in sheet.iter_rows() if any(c.value == "2021-05-20" for c in r))
    assert bad.result.problems[0].location.row == third
    assert "累计支出 16.00万元" in bad.result.problems[0].reason
    rows[2]["amount"] = 5
    good = load(database, admin, tmp_path, "fund_payments", rows, "好.xlsx")
    assert good.committed and good.count("create") == 3
    with database.read() as s:
        assert [e.amount for e in s.scalars(select(FundEntry).order_by(FundEntry.id))] == [
            Decimal("150000.00"),
            Decimal("100000.00"),
            Decimal("50000.00"),
        ]


def test_payments_beyond_the_prepayment_cap_are_problems_of_their_row(
    database, admin, project, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    doc = add_document(database, admin, doc_no="陕财办农〔2021〕6号")
    with database.transaction(admin.audit()) as s:  # contract 40万: 28万 before acceptance
        ledger.assign(s, admin, doc, project, Decimal(400000), date(2021, 3, 10))
    base = {"doc_no": "陕财办农〔2021〕6号", "town": "固关镇", "project": "上岔村核桃提质增效项目"}
    rows = [
        {**base, "seq": 1, "kind": "拨付", "entry_date": "2021-04-01", "amount": 20},
        {**base, "seq": 2, "kind": "拨付", "entry_date": "2021-05-01", "amount": 10},
    ]
    out = load(database, admin, tmp_path, "fund_payments", rows, "超上限.xlsx")
    assert not out.committed
    assert [p.key for p in out.result.problems] == ["amount"]
    assert (
        "预拨上限为合同价 40.00万元的 70%即 28.00万元；已拨付 20.00万元"
        in out.result.problems[0].reason
    )


def test_the_register_shows_which_towns_figures_are_in(database, admin, project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.funds.town_figures import town_submissions

    doc = add_document(database, admin, doc_no="陕财办农〔2021〕5号")
    with database.transaction(admin.audit()) as s:
        ledger.assign(s, admin, doc, project, Decimal(200000), date(2021, 3, 10))
    row = {
        "seq": 1,
        "doc_no": "陕财办农[2021]5号",
        "town": "固关镇",
        "village": "上岔村",
        "project": "上岔村核桃提质增效项目",
        "kind": "拨付",
        "entry_date": "2021-04-01",
        "amount": 15,
    }
    assert load(database, admin, tmp_path, "fund_payments", [row], "固关镇4月.xlsx").committed
    with database.read() as s:
        before_due = {
            t.town_name: t for t in town_submissions(s, admin, 202104, today=date(2021, 5, 5))
        }
        after_due = {
            t.town_name: t for t in town_submissions(s, admin, 202104, today=date(2021, 5, 6))
        }
        may = town_submissions(s, admin, 202105, today=date(2021, 5, 6))
    assert before_due["固关镇"].status_label == "逾期报送"  # imported today, long after 2021-05-05
    assert before_due["固关镇"].due == date(2021, 5, 5) and before_due["固关镇"].versions == 1
    others = [t for name, t in before_due.items() if name != "固关镇"]
    assert others and {t.status_label for t in others} == {"未报送"}
    assert {t.status_label for n, t in after_due.items() if n != "固关镇"} == {"逾期未报"}
    assert {t.status_label for t in may} == {"未报送"}
