"""Performance (绩效): each plan project's targets, mid-year monitoring, year-end self-evaluation,
projects behind target; every refusal through the service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from funds_support import make_project

from fpr_desktop.base.errors import ConflictError, PermissionDenied, ValidationError
from fpr_desktop.funds.oversight import performance as perf
from fpr_desktop.projects.models import ProjectTarget

AREA = ("产出指标", "面积")  # the helper project's target: 100 亩


def add_target(database, admin, pid: int, kind: str, indicator: str, value: str, unit="") -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        s.add(
            ProjectTarget(
                project_id=pid, kind=kind, indicator=indicator, unit=unit, target_value=value
            )
        )


def save(database, actor, pid, kind_ind=AREA, version=None, today=date(2021, 12, 10), **kw) -> int:  # type: ignore[no-untyped-def]
    inp = perf.PerformanceInput(pid, 2021, *kind_ind, **kw)
    with database.transaction(actor.audit()) as s:
        return perf.record_performance(s, actor, inp, version, today=today)


def refused(database, actor, pid, kind_ind=AREA, today=date(2021, 12, 10), **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        save(database, actor, pid, kind_ind, today=today, **kw)
    return str(err.value)


def test_numbers_of_targets() -> None:
    assert perf.target_number("≥95") == (Decimal(95), False)
    assert perf.target_number("≤3,000元") == (Decimal(3000), True)
    assert perf.target_number("明显改善") is None
    assert perf.value_number("96%") == Decimal(96) and perf.value_number("约90") is None


def test_behind_target_lists_the_reason(database, admin) -> None:  # type: ignore[no-untyped-def]
    p1 = make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村")
    p2 = make_project(database, admin, "东坡村道路", "河北镇", "东坡村")
    add_target(database, admin, p1, "满意度指标", "受益群众满意度", "≥95", "%")
    add_target(database, admin, p2, "成本指标", "亩均成本", "≤3000", "元")
    make_project(database, admin, "未入计划", "固关镇", "上岔村", planned=False)
    save(database, admin, p1, mid_value="40", mid_on=date(2021, 7, 20), today=date(2021, 7, 25))
    save(database, admin, p1, ("满意度指标", "受益群众满意度"), final_value="96", evaluation="优")
    save(database, admin, p2, ("成本指标", "亩均成本"), final_value="3200", evaluation="良")
    with database.read() as s:
        lines = perf.performance_lines(s, admin, 2021, today=date(2021, 12, 10))
        assert [(x.project, x.indicator) for x in lines] == [
            ("上岔村核桃园", "面积"),
            ("上岔村核桃园", "受益群众满意度"),
            ("东坡村道路", "面积"),
            ("东坡村道路", "亩均成本"),
        ]
        behind = {(x.project, x.indicator): x.behind for x in lines if x.behind}
        assert behind == {
            ("上岔村核桃园", "面积"): "年中监测 40，未过目标 100 的一半",
            ("东坡村道路", "面积"): "未开展年中绩效监控",
            ("东坡村道路", "亩均成本"): "年终完成 3200，未达到目标 ≤3000",
        }
        # before the end of July no monitoring is missing yet
        early = perf.behind_target(s, admin, 2021, today=date(2021, 6, 30))
        assert "未开展年中绩效监控" not in [x.behind for x in early] and len(early) == 2


def test_monitoring_refusals(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村")
    other = make_project(database, admin, "未入计划", "固关镇", "上岔村", planned=False)
    text = refused(database, admin, pid, ("产出指标", "长度"))
    assert "没有绩效目标“产出指标：长度”" in text
    assert "不在2021年度计划中" in refused(database, admin, other)
    text = refused(database, admin, pid, mid_value="约五十亩", mid_on=date(2022, 1, 3))
    assert "年中监测值“约五十亩”应为数字（目标值为 100亩）" in text
    assert "监测日期 2022-01-03 不在2021年内" in text
    assert "必须填写监测日期" in refused(database, admin, pid, mid_value="50")
    text = refused(database, admin, pid, evaluation="好")
    assert "自评等次“好”应为：优、良、中、差" in text and "必须填写年终完成值" in text
    text = refused(database, admin, pid, final_value="90", evaluation="差", today=date(2021, 8, 1))
    assert "年终完成值和自评在2021年11月1日以后填写" in text
    assert "必须写明原因和整改措施" in text
    auditor = user_factory("sj", "auditor")
    with pytest.raises(PermissionDenied):
        save(database, auditor, pid, mid_value="50", mid_on=date(2021, 7, 1))
    rid = save(database, admin, pid, mid_value="50", mid_on=date(2021, 7, 1))
    with pytest.raises(ConflictError):  # a second form opened before the first save
        save(database, admin, pid, mid_value="60", mid_on=date(2021, 7, 2))
    kept = {"mid_value": "50", "mid_on": date(2021, 7, 1)}  # the form sends the whole record
    assert save(database, admin, pid, version=1, final_value="100", evaluation="优", **kept) == rid
    with database.read() as s:
        (line,) = perf.performance_lines(s, admin, 2021, today=date(2021, 12, 10))
        assert (line.mid_value, line.final_value, line.evaluation, line.behind) == (
            "50",
            "100",
            "优",
            "",
        )
