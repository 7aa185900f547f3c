"""Fund ledger test helpers: planned library projects and allocation documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from helpers.project_gates import PLAN_DECISION

from fpr_desktop.divisions import services as div
from fpr_desktop.funds import documents as docs
from fpr_desktop.funds import ledger
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project, ProjectStep


def make_project(  # type: ignore[no-untyped-def]
    database,
    admin,
    name: str,
    town: str,
    village: str,
    *,
    year: int = 2021,
    planned: bool = True,
    contract: Decimal | None = None,
    fiscal: Decimal = Decimal("500000.00"),
) -> int:
    """A library project (reviewed in), put into `year`'s plan unless planned=False."""
    with database.transaction(admin.audit()) as s:
        t = div.town_by_name(s, town)
        v = next(d for d in div.list_divisions(s, admin) if d.name == village)
        inp = prj.ProjectInput(
            name=name,
            year=year,
            category_id=category_by_path(s, "产业发展/种植"),
            construction_type="新建",
            town_id=t.id,
            village_id=v.id,
            content="建设内容",
            total_investment=fiscal,
            fiscal_funds=fiscal,
            fundings={"中央衔接资金": fiscal},
            targets=[prj.TargetInput("产出指标", "面积", "亩", "100")],
            implementation_mode="公开招标",
        )
        pid = prj.create_project(s, admin, inp)
        p = s.get(Project, pid)
        p.status = "in_library"
        p.contract_amount = contract
    if planned:
        with database.read() as s:
            version = s.get(Project, pid).version
        with database.transaction(admin.audit()) as s:
            rec.add_to_plan(
                s,
                admin,
                pid,
                version,
                year=year,
                funds={"中央衔接资金": fiscal},
                decision=PLAN_DECISION,
            )
    return pid


def document_input(**kw) -> docs.DocumentInput:  # type: ignore[no-untyped-def]
    values = {
        "doc_no": "陕财办农[2021]12号",
        "year": 2021,
        "issued_on": date(2021, 3, 1),
        "issuer": "陕西省财政厅",
        "level": "中央",
        "source": "中央衔接资金",
        "subtask": "巩固拓展脱贫攻坚成果和乡村振兴",
        "amount": Decimal("1000000.00"),
        "budget_subject": "2130504",
        **kw,
    }
    return docs.DocumentInput(**values)


def add_document(database, actor, **kw) -> int:  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s:
        return docs.create_document(s, actor, document_input(**kw))


W = Decimal(10000)


def sample_ledger(database, admin) -> None:  # type: ignore[no-untyped-def]
    """The hand-computed 2021 ledger of the report tests (see test_monthly_report)."""
    p1 = make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村")
    p2 = make_project(database, admin, "东坡村道路", "河北镇", "东坡村")
    a = add_document(database, admin, doc_no="陕财农〔2021〕1号", amount=100 * W)
    b = add_document(
        database,
        admin,
        doc_no="陕财农〔2021〕2号",
        source="省级衔接资金",
        level="省级",
        amount=50 * W,
        issued_on=date(2021, 4, 1),
    )
    c = add_document(  # issued after September: not in the September report
        database, admin, doc_no="陕财农〔2021〕3号", amount=30 * W, issued_on=date(2021, 10, 10)
    )
    add_document(  # issued in advance for 2021 (提前下达): counted
        database,
        admin,
        doc_no="陕财农〔2020〕9号",
        amount=20 * W,
        issued_on=date(2020, 11, 20),
        in_advance=True,
    )
    add_document(database, admin, doc_no="陕财农〔2020〕1号", year=2020, issued_on=date(2020, 3, 1))

    def entry(aid: int, kind: str, wan: str, day: date, **kw: object) -> int:
        extra = {"spend": {"payee": "施工单位", "use_category": "工程款"}}.get(kind, {})
        inp = ledger.EntryInput(aid, kind, day, Decimal(wan) * W, **{**extra, **kw})  # type: ignore[arg-type]
        with database.transaction(admin.audit()) as s:
            return ledger.record_entry(s, admin, inp)

    with database.transaction(admin.audit()) as s:
        a1 = ledger.assign(s, admin, a, p1, 40 * W, date(2021, 3, 10))
        a2 = ledger.assign(s, admin, a, p2, 30 * W, date(2021, 3, 12))
        b1 = ledger.assign(s, admin, b, p1, 20 * W, date(2021, 4, 5))
        ledger.assign(s, admin, b, p2, 10 * W, date(2021, 10, 5))  # after September
        ledger.assign(s, admin, c, p2, 5 * W, date(2021, 10, 12))
    entry(a1, "pay", "28", date(2021, 4, 1))
    entry(a1, "spend", "20", date(2021, 5, 1))
    entry(a1, "retain", "2", date(2021, 9, 30))
    entry(a1, "settle", "15", date(2021, 9, 15), voucher_no="记-15")
    entry(a1, "pay", "3", date(2021, 10, 2))  # after September
    entry(b1, "pay", "10", date(2021, 5, 10))
    entry(b1, "spend", "10", date(2021, 6, 1))
    pay2 = entry(a2, "pay", "20", date(2021, 4, 10))
    entry(a2, "spend", "12", date(2021, 8, 1))
    entry(a2, "pay", "-1", date(2021, 9, 20), adjusts_id=pay2, note="凭证金额更正")
    with database.transaction(admin.audit()) as s:
        for pid, at in (
            (p1, datetime(2021, 4, 2, 2, tzinfo=UTC)),
            (p2, datetime(2021, 10, 2, tzinfo=UTC)),
        ):
            s.add(
                ProjectStep(
                    project_id=pid,
                    action="start",
                    from_status="pre_publicity",
                    to_status="implementing",
                    at=at,
                )
            )
        s.get(Project, p1).completed_on = date(2021, 9, 10)
