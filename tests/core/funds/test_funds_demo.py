"""The demo fund ledger agrees with the demo library and obeys the ledger's own rules."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.funds.demo import seed_demo
from fpr_desktop.funds.ledger import kind_totals
from fpr_desktop.funds.models import FundAssignment, FundDocument
from fpr_desktop.funds.months import is_locked
from fpr_desktop.funds.report import monthly_report
from fpr_desktop.projects.demo import fill_demo_projects
from fpr_desktop.projects.models import AnnualPlan, PlanItem


def test_demo_year_is_consistent(database) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(SYSTEM.audit()) as s:
        fill_demo_projects(s)
        assert seed_demo(s) > 0
        assert seed_demo(s) == 0  # a second run leaves the ledger alone
    with database.read() as s:
        planned = s.scalar(
            select(func.sum(PlanItem.amount))
            .join(AnnualPlan, AnnualPlan.id == PlanItem.plan_id)
            .where(AnnualPlan.year == 2021)
        )
        issued = s.scalars(select(FundDocument).where(FundDocument.year == 2021)).all()
        assert sum(d.amount for d in issued) == planned  # every planned yuan is issued
        assigned = s.scalars(select(FundAssignment)).all()
        for a in assigned:
            t = kind_totals(s, a.id)
            assert t["pay"] <= a.amount and t["spend"] + t["retain"] <= t["pay"]
            assert t["settle"] <= t["spend"]
        assert is_locked(s, 202109) and not is_locked(s, 202112)
        assert (
            s.scalar(
                select(func.count()).select_from(FundDocument).where(FundDocument.year != 2021)
            )
            == 0
        )
        report = monthly_report(s, SYSTEM, 202112)
    total = report.total(report.by_source)
    assert total.issued == sum((d.amount for d in issued), Decimal(0))
    assert 0 < total.spent < total.paid <= total.assigned
    # the demo's built projects started on their planned day: 已开工 is not an empty column
    assert 0 < total.completed < total.started <= len({a.project_id for a in assigned})
    assert total.started == sum(t.started for t in report.by_town)


def test_demo_year_has_quarterly_inspections_and_performance(database) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from fpr_desktop.funds.oversight import inspections as ins
    from fpr_desktop.funds.oversight import performance as perf

    with database.transaction(SYSTEM.audit()) as s:
        fill_demo_projects(s)
        seed_demo(s)
    with database.read() as s:
        quarters = ins.quarter_states(s, SYSTEM, 2021, date(2022, 1, 15))
        assert [q.done for q in quarters] == [1, 1, 1, 1] and not any(q.missing for q in quarters)
        findings = ins.list_findings(s, SYSTEM, year=2021, today=date(2022, 1, 15))
        assert len(findings) == 8
        done = [f for f in findings if f.status == "done"]
        assert len(done) == 5 and all(f.evidence and f.rectified_on for f in done)
        late = ins.overdue_rectifications(s, SYSTEM, date(2022, 1, 15))
        assert len(late) == 3  # the one left in the third quarter, two still being rectified
        lines = perf.performance_lines(s, SYSTEM, 2021, today=date(2022, 1, 15))
        monitored = [x for x in lines if x.mid_value]
        assert monitored and any(x.evaluation for x in lines)
        behind = [x.behind for x in lines if x.behind]
        assert any("未达到目标" in b for b in behind), behind
        assert all(x.evaluation for x in monitored)
