"""Project library life cycle: every transition, refusal and publicity gate, via services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from helpers.project_gates import LONG_AGO, decision_for, new_project, project_input
from sqlalchemy import select

from fpr_desktop.assets.cards import CardEdit, Owner
from fpr_desktop.assets.handover import AssetPart, HandoverInput, hand_over_project
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.notices import register as reg
from fpr_desktop.projects import flow as flow
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.listing import ProjectFilter, ProjectSource
from fpr_desktop.projects.models import Project, ProjectStep


def test_project_without_targets_cannot_be_submitted(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place, targets=[])
    with pytest.raises(ValidationError, match="还需完善：绩效目标"):
        d.step(admin, "submit")


def test_bad_proposal_lists_every_problem(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        prj.create_project(
            s,
            admin,
            project_input(
                place,
                fiscal_funds=Decimal("600000.00"),
                construction_type="翻新",
                fundings={"中央衔接资金": Decimal("1.00")},
            ),
        )
    text = str(err.value)
    assert "超过总投资" in text and "建设性质" in text and "不一致" in text
    with database.read() as s:
        assert s.scalar(select(Project.id)) is None


def test_full_path_from_proposal_to_asset_handover(database, admin, place, user_factory) -> None:  # type: ignore[no-untyped-def]
    town, village, _ = place
    clerk = user_factory("gg", "town", "固关镇")
    reviewer = user_factory("gg2", "town", "固关镇")
    county = user_factory("xzj", "project")
    d = new_project(database, clerk, place)
    assert d.step(clerk, "submit") == "village_publicity"
    # village publicity still running: the town cannot take it up yet
    d.publicize(clerk, "project_library_publicity", "village", village.id, date.today())
    with pytest.raises(ValidationError, match=r"“村级公示”公示期至 \d{4}-\d\d-\d\d 结束"):
        d.step(clerk, "town_receive")
    d.publicize(clerk, "project_library_publicity", "village", village.id, LONG_AGO)
    assert d.step(clerk, "town_receive", opinion="材料齐全") == "town_review"
    with pytest.raises(ValidationError, match="同一人不能既提交申报又办理乡镇审核通过"):
        d.step(clerk, "town_approve", opinion="同意上报")
    assert d.step(reviewer, "town_approve", opinion="同意上报") == "town_publicity"
    with pytest.raises(ValidationError, match="尚未登记“乡镇公示”"):
        d.step(county, "county_receive")
    d.publicize(clerk, "project_library_publicity", "town", town.id, LONG_AGO)
    with pytest.raises(PermissionDenied):
        d.step(clerk, "county_receive")  # county steps belong to county roles
    assert d.step(county, "county_receive") == "county_review"
    assert d.step(county, "county_argue", opinion="论证可行") == "county_approval"
    with pytest.raises(ValidationError, match="尚未登记“县级公示”"):
        d.step(county, "county_approve", opinion="同意入库")
    d.publicize(county, "project_library_publicity", "county", town.parent_id, LONG_AGO)
    assert d.step(county, "county_approve", opinion="同意入库") == "in_library"
    with database.transaction(county.audit()) as s:
        rec.add_to_plan(
            s,
            county,
            d.id,
            d.version(),
            year=2022,
            funds={"中央衔接资金": Decimal("450000.00")},
            decision=decision_for("plan"),
        )
    assert d.step(county, "pre_publicize") == "pre_publicity"
    with pytest.raises(ValidationError, match="实施前公示"):
        d.step(clerk, "start")
    d.publicize(county, "pre_implementation", "site", village.id, LONG_AGO)
    with pytest.raises(ValidationError, match="须先登记招标（采购）结果"):
        d.step(clerk, "start")
    with database.transaction(clerk.audit()) as s:
        rec.record_tender(
            s,
            clerk,
            d.id,
            d.version(),
            tender_date=date(2022, 4, 1),
            contractor="陇县秦兴建设有限公司",
            contract_amount=Decimal("440000.00"),
        )
    assert d.step(clerk, "start") == "implementing"
    with pytest.raises(ValidationError, match="竣工日期"):
        d.step(clerk, "complete")
    assert d.step(clerk, "complete", on=date(2022, 9, 30)) == "completed"
    with pytest.raises(ValidationError, match="终验"):
        d.step(county, "accept")
    with database.transaction(county.audit()) as s:
        rec.record_acceptance(
            s,
            county,
            d.id,
            stage="终验",
            held_on=date(2022, 10, 12),
            team="县验收组",
            passed=True,
            report="符合设计要求，同意通过验收",
        )
    assert d.step(county, "accept") == "accepted"
    with pytest.raises(ValidationError, match="超过项目财政资金"):
        d.step(county, "settle", on=date(2022, 11, 1), amount=Decimal("450000.01"))
    assert d.step(county, "settle", on=date(2022, 11, 1), amount=Decimal("448000.00")) == "settled"
    with pytest.raises(ValidationError, match="尚未登记实施完成公告"):
        d.step(county, "announce")
    d.publicize(county, "completion", "county", town.parent_id, LONG_AGO)
    assert d.step(county, "announce") == "completion_notice"
    with pytest.raises(ValidationError, match="资产尚未办理移交"):
        d.step(county, "hand_over")
    with database.transaction(county.audit()) as s:
        hand_over_project(
            s,
            county,
            d.id,
            HandoverInput(
                number="GG-2022-001",
                from_unit="固关镇人民政府",
                to_unit="上岔村股份经济合作社",
                handed_on=date(2022, 12, 1),
                witnesses="赵强",
                parts=[
                    AssetPart(
                        CardEdit("核桃园", "经营性", "生物资产"),
                        Decimal("448000.00"),
                        Owner("village", village.id),
                        village.id,
                    )
                ],
            ),
        )
    assert d.step(county, "hand_over") == "handed_over"
    with database.read() as s:
        detail = prj.get_project(s, admin, d.id)
        steps = s.scalars(select(ProjectStep.action).where(ProjectStep.project_id == d.id)).all()
        plan = rec.plan_rows(s, 2022)
    assert detail.accepted_on == date(2022, 10, 12)
    assert detail.settled_amount == Decimal("448000.00")
    assert steps[:3] == ["submit", "town_receive", "town_approve"] and steps[-1] == "hand_over"
    assert detail.opinions[1] == "材料齐全"
    assert [(p.id, amount) for p, amount in plan] == [(d.id, Decimal("450000.00"))]


def test_open_objection_blocks_the_next_step(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    d = new_project(database, admin, place)
    d.step(admin, "submit")
    notice = d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    with database.transaction(admin.audit()) as s:
        reg.add_objection(
            s, admin, notice, received_on=LONG_AGO + timedelta(days=2), content="选址占用基本农田"
        )
    with pytest.raises(ValidationError, match="未处理的异议"):
        d.step(admin, "town_receive")


def test_return_needs_opinion_and_goes_back_to_proposer(
    database, admin, place, user_factory
) -> None:  # type: ignore[no-untyped-def]
    _, _village, _ = place
    clerk = user_factory("gg", "town", "固关镇")
    d = new_project(database, clerk, place)
    d.step(clerk, "submit")
    with pytest.raises(ValidationError, match="必须填写意见"):
        d.step(clerk, "return")
    assert d.step(clerk, "return", opinion="预算依据不足") == "returned"
    with database.transaction(clerk.audit()) as s:
        prj.update_project(
            s, clerk, d.id, d.version(), project_input(place, content="核桃园提质增效480亩")
        )
    assert d.step(clerk, "submit") == "village_publicity"
    with (
        pytest.raises(ValidationError, match="只有村级申报或退回修改"),
        database.transaction(clerk.audit()) as s,
    ):
        prj.update_project(s, clerk, d.id, d.version(), project_input(place))


def test_town_reviewer_acts_only_on_own_town(database, admin, place, user_factory) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    d = new_project(database, admin, place)
    d.step(admin, "submit")
    d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    other = user_factory("hb", "town", "河北镇")
    with pytest.raises(NotFound), database.read() as s:
        prj.get_project(s, other, d.id)
    with pytest.raises(PermissionDenied, match="只能操作河北镇"):
        d.step(other, "town_receive")
    with database.read() as s:
        assert ProjectSource(s, other).totals(s).count == 0


def test_village_self_build_needs_valid_four_meetings(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    d = new_project(database, admin, place, implementation_mode="村级自建")
    for code in ("submit",):
        d.step(admin, code)
    d.publicize(admin, "project_library_publicity", "village", village.id, LONG_AGO)
    d.publicize(admin, "project_library_publicity", "town", village.town_id, LONG_AGO)
    d.publicize(admin, "project_library_publicity", "county", village.town_id, LONG_AGO)
    for code in (
        "town_receive",
        "town_approve",
        "county_receive",
        "county_argue",
        "county_approve",
        "plan",
        "pre_publicize",
    ):
        d.step(admin, code)
    d.publicize(admin, "pre_implementation", "site", village.id, LONG_AGO)
    with pytest.raises(ValidationError, match="缺少"):
        d.step(admin, "start")
    day = date(2022, 3, 1)
    with database.transaction(admin.audit()) as s:
        rec.record_meeting(s, admin, d.id, rec.MeetingInput("党组织提议", day, 5, 5, 5))
        rec.record_meeting(s, admin, d.id, rec.MeetingInput("两委会议商议", day, 9, 9, 9))
        warn = rec.record_meeting(s, admin, d.id, rec.MeetingInput("党员大会审议", day, 30, 19, 19))
        rec.record_meeting(
            s,
            admin,
            d.id,
            rec.MeetingInput("村民代表会议决议", day, 40, 30, 25, published_on=day),
        )
    assert "不足应到 30 人的三分之二" in warn
    with pytest.raises(ValidationError, match="三分之二"):
        d.step(admin, "start")
    with database.transaction(admin.audit()) as s:
        warn = rec.record_meeting(s, admin, d.id, rec.MeetingInput("党员大会审议", day, 30, 21, 15))
    assert "未超过全体党员 30 人的半数" in warn
    with database.transaction(admin.audit()) as s:
        rec.record_meeting(s, admin, d.id, rec.MeetingInput("党员大会审议", day, 30, 21, 16))
    assert d.step(admin, "start") == "implementing"


def test_acceptance_overdue_after_seven_working_days(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place)
    with database.transaction(admin.audit()) as s:
        p = s.get(Project, d.id)
        p.status, p.completed_on = "completed", date(2021, 9, 28)
    with database.read() as s:
        p = s.get(Project, d.id)
        # 9/29, 9/30, (国庆) 10/8, 10/9 make-up Saturday, 10/11, 10/12, 10/13
        assert flow.acceptance_deadline(s, p.completed_on).day == date(2021, 10, 13)
        assert not flow.acceptance_overdue(s, p, today=date(2021, 10, 13))
        assert flow.acceptance_overdue(s, p, today=date(2021, 10, 14))


def test_list_filters_and_totals_in_sql(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    town, _village, _category = place
    new_project(database, admin, place)
    new_project(
        database,
        admin,
        place,
        name="上岔村产业路",
        year=2021,
        total_investment=Decimal("100000.00"),
        fiscal_funds=Decimal("100000.00"),
        fundings={"苏陕协作资金": Decimal("100000.00")},
    )
    with database.read() as s:
        everything = ProjectSource(s, admin).totals(s)
        only_2021 = ProjectSource(s, admin, ProjectFilter(year=2021)).totals(s)
        sushan = ProjectSource(s, admin, ProjectFilter(fund_source="苏陕协作资金")).totals(s)
        src = ProjectSource(s, admin, ProjectFilter(town_id=town.id))
        ids = src.fetch_ids(s, None, 10).ids
        rows = src.fetch_rows(s, ids)
    assert everything.count == 2
    assert everything.sums["total_investment"] == Decimal("600000.00")
    assert (only_2021.count, sushan.count) == (1, 1)
    assert [rows[i][0] for i in ids] == [2022, 2021]
    assert rows[ids[0]][2:4] == ("固关镇", "上岔村")


def test_similar_name_in_same_village_is_flagged(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    first = new_project(database, admin, place, year=2021)
    with database.read() as s:
        hits = prj.similar_projects(s, village.id, 2022, "上岔村核桃提质增效工程")
        none = prj.similar_projects(s, village.id, 2024, "上岔村核桃提质增效工程")
    assert [h[0] for h in hits] == [first.id]
    assert none == []
