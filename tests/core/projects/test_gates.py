"""The library's gates nobody can walk around: publicity of the current round, the minimum window
and back-dating, specific reasons, records before late steps, decisions on record."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from helpers.project_gates import (
    LONG_AGO,
    Driver,
    decision_for,
    new_project,
    reason_of,
    set_status,
)
from pypdf import PdfReader
from sqlalchemy import select

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.notices import register as reg
from fpr_desktop.notices.models import Notice
from fpr_desktop.projects import flow as flow
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.models import Project, ProjectStep
from fpr_desktop.projects.notices.approval_sheet import approval_sheet

TODAY = date.today()


def test_resubmitted_project_must_be_publicised_again(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    d = new_project(database, admin, place)
    d.step(admin, "submit")
    old = d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    d.step(admin, "town_receive")
    d.step(admin, "return", opinion="预算依据不足")
    d.step(admin, "submit")
    reason = reason_of(database, admin, d.id, "town_receive")
    assert reason.startswith("尚未登记“村级公示”") and f"#{old}" in reason
    with pytest.raises(ValidationError, match="须重新公示"):
        d.step(admin, "town_receive")
    d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    assert d.step(admin, "town_receive") == "town_review"


def test_reasons_name_what_is_missing(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    d = new_project(database, admin, place)
    d.step(admin, "submit")
    assert reason_of(database, admin, d.id, "town_receive") == (
        "尚未登记“村级公示”，暂不能乡镇受理审核。请先生成并登记村级公示。"
    )
    running = d.publicize(admin, "project_library_publicity", "village", village.id, TODAY)
    with database.read() as s:
        end = s.get(Notice, running).window_end
    assert reason_of(database, admin, d.id, "town_receive") == (
        f"“村级公示”公示期至 {end:%Y-%m-%d} 结束，期满后才能乡镇受理审核。"
    )
    with database.transaction(admin.audit()) as s:
        objection = reg.add_objection(s, admin, running, received_on=TODAY, content="占地有争议")
    assert reason_of(database, admin, d.id, "town_receive").startswith(
        f"“村级公示”有未处理的异议（异议 #{objection.id}，{TODAY:%Y-%m-%d} 收到）"
    )


def test_window_cannot_be_shorter_than_the_rule(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    args = dict(
        kind="project_library_publicity",
        level="village",
        title="公示",
        division_id=village.id,
        covers=[("project", 1)],
        window_start=TODAY,
    )
    with (
        pytest.raises(ValidationError, match="公示期 1 天短于规定的 10 天"),
        database.transaction(admin.audit()) as s,
    ):
        reg.issue_notice(s, admin, days=1, **args)  # type: ignore[arg-type]
    # the rule's floor: no setting below 5 days
    with pytest.raises(ValidationError), database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "publicity.window_days", 3, 0)
    with database.transaction(admin.audit()) as s:
        row = reg.issue_notice(s, admin, **args)  # type: ignore[arg-type]
    assert (row.window_end - row.window_start).days + 1 == 10


def test_backdated_start_needs_a_reason_that_is_audited(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    args = dict(
        kind="project_library_publicity",
        level="village",
        title="公示",
        division_id=village.id,
        covers=[("project", 1)],
    )
    with database.transaction(admin.audit()) as s:  # a paper posted two days ago: fine
        reg.issue_notice(s, admin, window_start=TODAY - timedelta(days=2), **args)  # type: ignore[arg-type]
    with (
        pytest.raises(ValidationError, match=r"比今天早 20 天.*请填写补登原因"),
        database.transaction(admin.audit()) as s,
    ):
        reg.issue_notice(s, admin, window_start=TODAY - timedelta(days=20), **args)  # type: ignore[arg-type]
    with database.transaction(admin.audit()) as s:
        row = reg.issue_notice(
            s,
            admin,
            window_start=TODAY - timedelta(days=20),
            backdate_reason="纸质公示11月11日已张贴",
            **args,  # type: ignore[arg-type]
        )
    with database.read() as s:
        assert s.get(Notice, row.id).backdate_reason == "纸质公示11月11日已张贴"
        logged = s.scalars(
            select(AuditLog.new_value).where(
                AuditLog.table_name == "notice",
                AuditLog.row_id == str(row.id),
                AuditLog.action == "insert",
            )
        ).all()
    assert len(logged) == 1 and "纸质公示11月11日已张贴" in (logged[0] or "")


def test_objection_after_the_window_keeps_its_date_and_blocks(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    d = new_project(database, admin, place)
    d.step(admin, "submit")
    notice = d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    late_day = LONG_AGO + timedelta(days=40)
    with database.transaction(admin.audit()) as s:
        o = reg.add_objection(s, admin, notice, received_on=late_day, content="补充反映")
    assert o.received_on == late_day and o.late
    with database.read() as s:
        row = reg.get_notice(s, admin, notice)
    assert row.objections[0].received_on == late_day and row.objections[0].late
    assert "有未处理的异议" in reason_of(database, admin, d.id, "town_receive")


def walk_to(d: Driver, admin, village, town_id: int, last: str) -> None:  # type: ignore[no-untyped-def]
    """Take the project through the review stages up to and including `last`."""
    d.step(admin, "submit")
    d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    d.publicize(admin, "project_library_publicity", "town", town_id, LONG_AGO)
    for code in ("town_receive", "town_approve", "county_receive", "county_argue"):
        d.step(admin, code)
        if code == last:
            return


def test_county_approval_needs_the_county_publicity(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    town, village, _ = place
    d = new_project(database, admin, place)
    walk_to(d, admin, village, town.id, "county_argue")
    assert reason_of(database, admin, d.id, "county_approve").startswith("尚未登记“县级公示”")
    d.publicize(admin, "project_library_publicity", "county", town.parent_id, LONG_AGO)
    assert d.step(admin, "county_approve") == "in_library"


def test_decisions_are_required_and_on_record(database, admin, place, user_factory) -> None:  # type: ignore[no-untyped-def]
    _town, village, _ = place
    clerk = user_factory("gg", "town", "固关镇")
    other = user_factory("gg2", "town", "固关镇")
    d = new_project(database, clerk, place)
    d.step(clerk, "submit")
    d.publicize(clerk, "project_library_publicity", "village", village.id, LONG_AGO)
    d.step(clerk, "town_receive")
    assert reason_of(database, clerk, d.id, "town_approve").startswith("同一人不能既提交申报")
    with pytest.raises(ValidationError) as err:
        d.step(other, "town_approve", decision=flow.Decision("", "", None))
    assert str(err.value).splitlines() == [
        "请填写“乡镇审核通过并公示”的决策机构（如乡镇党委政府）。",
        "请填写会议纪要或文件的文号。",
        "请填写决策日期。",
    ]
    decision = flow.Decision("固关镇党委政府", "固政纪〔2024〕7号", date(2024, 3, 5))
    d.step(other, "town_approve", decision=decision)
    with database.read() as s:
        last = s.scalars(
            select(ProjectStep).where(ProjectStep.project_id == d.id).order_by(ProjectStep.id)
        ).all()[-1]
        sheet = approval_sheet(s, admin, d.id)
    assert (last.decided_by, last.doc_number, last.decided_on) == (
        "固关镇党委政府",
        "固政纪〔2024〕7号",
        date(2024, 3, 5),
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.pdf())).pages)
    compact = "".join(text.split())
    assert "审批意见" in compact and "固关镇党委政府" in compact
    assert "固政纪〔2024〕7号" in compact and "（盖章）" in compact
    assert "县委农村工作领导小组" in compact  # the decisions still to come, blank for paper


def planned_project(database, admin, place, **kw) -> Driver:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place, **kw)
    set_status(database, admin, d.id, "in_library")
    with database.transaction(admin.audit()) as s:
        rec.add_to_plan(
            s,
            admin,
            d.id,
            d.version(),
            year=2022,
            funds={"中央衔接资金": Decimal("450000.00")},
            decision=decision_for("plan"),
        )
    d.step(admin, "pre_publicize")
    d.publicize(admin, "pre_implementation", "site", place[1].id, LONG_AGO)
    return d


def test_tender_before_start(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    d = planned_project(database, admin, place)
    assert reason_of(database, admin, d.id, "start") == (
        "公开招标项目须先登记招标（采购）结果（缺少招标日期、中标单位、合同金额），才能开工实施。"
    )
    with database.transaction(admin.audit()) as s:
        rec.record_tender(
            s,
            admin,
            d.id,
            d.version(),
            tender_date=date(2022, 4, 1),
            contractor="陇县秦兴建设有限公司",
            contract_amount=Decimal("440000.00"),
        )
    assert d.step(admin, "start") == "implementing"


def meetings(database, admin, pid: int, days: list[date], published: date | None) -> None:  # type: ignore[no-untyped-def]
    figures = {
        "党组织提议": (5, 5, 5),
        "两委会议商议": (9, 9, 9),
        "党员大会审议": (30, 25, 25),
        "村民代表会议决议": (40, 35, 30),
    }
    with database.transaction(admin.audit()) as s:
        for (kind, (eligible, present, votes)), day in zip(figures.items(), days, strict=True):
            last = kind == "村民代表会议决议"
            rec.record_meeting(
                s,
                admin,
                pid,
                rec.MeetingInput(
                    kind, day, eligible, present, votes, published_on=published if last else None
                ),
            )


def test_self_built_meetings_in_order_and_results_published(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    d = planned_project(database, admin, place, implementation_mode="村级自建")
    days = [date(2022, 3, 1), date(2022, 3, 5), date(2022, 3, 3), date(2022, 3, 8)]
    meetings(database, admin, d.id, days, date(2022, 3, 9))
    assert reason_of(database, admin, d.id, "start") == (
        "“四议”须依次进行：党员大会审议（2022-03-03）早于两委会议商议（2022-03-05）。"
    )
    meetings(database, admin, d.id, sorted(days), date(2022, 3, 9))
    assert d.step(admin, "start") == "implementing"
    d.step(admin, "complete", on=date(2022, 9, 30))
    with database.transaction(admin.audit()) as s:
        rec.record_acceptance(
            s,
            admin,
            d.id,
            stage="终验",
            held_on=date(2022, 10, 10),
            team="县验收组",
            passed=True,
            report="合格",
        )
    d.step(admin, "accept")
    assert "尚未登记实施结果公开" in reason_of(database, admin, d.id, "settle")
    with database.transaction(admin.audit()) as s:
        rec.record_meeting(
            s,
            admin,
            d.id,
            rec.MeetingInput(
                "村民代表会议决议",
                date(2022, 3, 8),
                40,
                35,
                30,
                published_on=date(2022, 3, 9),
                result_published_on=date(2022, 10, 15),
            ),
        )
    assert d.step(admin, "settle", on=date(2022, 11, 1), amount=Decimal("440000")) == "settled"


def test_acceptance_needs_final_record_team_opinion_and_late_reason(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place)
    set_status(database, admin, d.id, "completed", completed_on=date(2021, 9, 28))
    assert reason_of(database, admin, d.id, "accept").startswith("尚未登记通过的终验记录")
    base = dict(stage="终验", passed=True)
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        rec.record_acceptance(s, admin, d.id, held_on=date(2021, 10, 20), team="", **base)  # type: ignore[arg-type]
    assert str(err.value).splitlines() == [
        "请填写验收组（单位及成员）。",
        "请填写验收意见。",
        "验收日期 2021-10-20 晚于竣工后 7 个工作日的期限（2021-10-13）。请填写逾期原因。",
    ]
    with database.transaction(admin.audit()) as s:
        rec.record_acceptance(
            s,
            admin,
            d.id,
            held_on=date(2021, 10, 20),
            team="县农业农村局验收组：张三、李四",
            report="工程质量合格，同意通过验收",
            late_reason="国庆假期后设计单位未能到场",
            **base,  # type: ignore[arg-type]
        )
    assert d.step(admin, "accept") == "accepted"
    with database.read() as s:
        assert s.get(Project, d.id).accepted_on == date(2021, 10, 20)


def test_settlement_and_completion_notice(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    town, _, _ = place
    d = new_project(database, admin, place)
    set_status(database, admin, d.id, "accepted", completed_on=date(2022, 9, 30))
    with pytest.raises(ValidationError, match=r"报账金额 450,000\.01 元超过项目财政资金"):
        d.step(admin, "settle", on=date(2022, 11, 1), amount=Decimal("450000.01"))
    d.step(admin, "settle", on=date(2022, 11, 1), amount=Decimal("450000.00"))
    assert reason_of(database, admin, d.id, "announce").startswith("尚未登记实施完成公告")
    d.publicize(admin, "completion", "county", town.parent_id, LONG_AGO)
    assert d.step(admin, "announce") == "completion_notice"
    assert reason_of(database, admin, d.id, "hand_over").startswith("该项目的资产尚未办理移交")
