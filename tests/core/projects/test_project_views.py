"""Screen views of the project library: scoped choices, step history, menu context, plan."""

from datetime import date
from decimal import Decimal

import pytest
from helpers.project_gates import PLAN_DECISION

from fpr_desktop.base.errors import NotFound
from fpr_desktop.divisions import services as div
from fpr_desktop.projects import flow as flow
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects import views as views
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project


@pytest.fixture
def place(database, admin):  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        town = div.town_by_name(s, "固关镇")
        village = next(d for d in div.list_divisions(s, admin) if d.name == "上岔村")
        category = category_by_path(s, "乡村建设/道路")
    return town, village, category


def make_project(database, actor, place, **kw) -> int:  # type: ignore[no-untyped-def]
    town, village, category = place
    values = dict(
        name="上岔村产业路硬化项目",
        year=2023,
        category_id=category,
        construction_type="新建",
        town_id=town.id,
        village_id=village.id if village else None,
        content="硬化产业路3公里",
        total_investment=Decimal("600000.00"),
        fiscal_funds=Decimal("500000.00"),
        fundings={"中央衔接资金": Decimal("500000.00")},
        targets=[prj.TargetInput("产出指标", "硬化道路", "公里", "3")],
    )
    values.update(kw)
    with database.transaction(actor.audit()) as s:
        return prj.create_project(s, actor, prj.ProjectInput(**values))


def test_a_town_clerk_chooses_only_within_their_town(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("hb", "town", "河北镇")
    with database.read() as s:
        everyone = views.project_choices(s, admin, today=date(2024, 5, 1))
        theirs = views.project_choices(s, clerk, today=date(2024, 5, 1))
        hebei = div.town_by_name(s, "河北镇")
    assert len(everyone.towns) == 10 and everyone.fixed_town_id is None
    assert theirs.towns == [(hebei.id, "河北镇")] and theirs.fixed_town_id == hebei.id
    assert set(theirs.villages) == {hebei.id}
    assert theirs.years == [2024] and theirs.may_edit
    assert [c.name for c in everyone.categories][:2] == ["产业发展", "种植"]


def test_step_history_reads_as_labels(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(database, admin, place)
    with database.transaction(admin.audit()) as s:
        flow.take_step(s, admin, pid, 1, "submit", opinion="村两委同意申报")
    with database.read() as s:
        rows = views.step_rows(prj.get_project(s, admin, pid))
    assert [(r.action, r.from_label, r.to_label, r.opinion, r.who) for r in rows] == [
        ("提交村级公示", "村级申报", "村级公示", "村两委同意申报", "管理员")
    ]


def test_action_context_lists_refusals_and_hides_other_towns(
    database, admin, place, user_factory
) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(database, admin, place)
    with database.transaction(admin.audit()) as s:
        flow.take_step(s, admin, pid, 1, "submit")
    with database.read() as s:
        ctx = views.action_context(s, admin, pid)
    options = {o.label: o for o in ctx.options}
    assert ctx.status_label == "村级公示" and ctx.fundings == {"中央衔接资金": Decimal("500000.00")}
    assert not options["乡镇受理审核"].allowed
    assert options["乡镇受理审核"].reason.startswith("尚未登记“村级公示”")
    assert options["终止"].allowed and options["终止"].needs_opinion
    other = user_factory("hb", "town", "河北镇")
    with pytest.raises(NotFound), database.read() as s:
        views.action_context(s, other, pid)


def test_meeting_warning_and_labour_share_before_saving() -> None:
    short = rec.MeetingInput("党员大会审议", date(2022, 3, 1), 30, 19, 19)
    assert "不足应到 30 人的三分之二" in views.meeting_warning(short)
    fine = rec.MeetingInput("党员大会审议", date(2022, 3, 1), 30, 21, 16)
    assert views.meeting_warning(fine) == ""
    assert views.share_percent(Decimal("90000.00"), Decimal("500000.00")) == Decimal("18.0")


def test_records_are_listed_oldest_first(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(database, admin, place)
    with database.transaction(admin.audit()) as s:
        rec.record_meeting(
            s, admin, pid, rec.MeetingInput("党员大会审议", date(2023, 3, 2), 30, 19, 19)
        )
        rec.record_tender(
            s,
            admin,
            pid,
            1,
            tender_date=date(2023, 4, 1),
            contractor="陇县路桥公司",
            contract_amount=Decimal("480000.00"),
        )
        rec.record_signoff(
            s, admin, pid, subject="质量", signed_on=date(2023, 3, 20), signer="王监委"
        )
    with database.read() as s:
        lines = views.project_records(s, admin, pid)
    assert [line.kind for line in lines] == ["四议两公开", "村监委会签字", "招标采购"]
    assert "不足应到 30 人的三分之二" in lines[0].text
    assert "480,000.00" in lines[2].text


def test_plan_view_sums_and_respects_town_scope(database, admin, place, user_factory) -> None:  # type: ignore[no-untyped-def]
    town, _village, category = place
    with database.read() as s:
        hebei = div.town_by_name(s, "河北镇")
    ours = make_project(database, admin, place)
    theirs = make_project(
        database, admin, (hebei, None, category), name="河北镇技能培训", village_id=None
    )
    for pid in (ours, theirs):
        with database.transaction(admin.audit()) as s:
            s.get(Project, pid).status = "in_library"  # as if it had passed every review
        with database.read() as s:
            version = s.get(Project, pid).version
        with database.transaction(admin.audit()) as s:
            rec.add_to_plan(
                s,
                admin,
                pid,
                version,
                year=2023,
                funds={"中央衔接资金": Decimal("300000.00"), "苏陕协作资金": Decimal("0.50")},
                decision=PLAN_DECISION,
            )
    clerk = user_factory("gg", "town", "固关镇")
    with database.read() as s:
        whole = views.plan_view(s, admin, 2023)
        own = views.plan_view(s, clerk, 2023)
        none = views.plan_view(s, admin, 2022)
        years = views.plan_years(s, today=date(2025, 1, 1))
        latest = views.latest_plan_year(s)
    assert [r.project_id for r in whole.rows] == [ours, theirs]
    assert whole.total == Decimal("600001.00")
    assert whole.rows[0].funds == {
        "中央衔接资金": Decimal("300000.00"),
        "苏陕协作资金": Decimal("0.50"),
    }
    assert [r.project_id for r in own.rows] == [ours] and own.total == Decimal("300000.50")
    assert own.rows[0].town == "固关镇" and own.rows[0].status_label == "列入年度计划"
    assert none.rows == [] and none.total == 0
    assert years == [2025, 2023] and latest == 2023
    assert town.id != hebei.id
