"""Fund ledger test helpers: planned library projects and allocation documents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fpr_desktop.divisions import services as div
from fpr_desktop.funds import documents as docs
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.models import Project


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
            category_id=prj.category_by_path(s, "产业发展/种植"),
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
            rec.add_to_plan(s, admin, pid, version, year=year, funds={"中央衔接资金": fiscal})
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
