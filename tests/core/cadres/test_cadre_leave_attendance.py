"""Leave tiers and overlaps, leave days feeding attendance, the monthly summary and its minimum."""

from datetime import date, timedelta

import pytest

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.cadres import attendance as att
from fpr_desktop.cadres import leave as lv


def leave(cadre, start, end, start_pm=False, end_am=False, kind="事假"):  # type: ignore[no-untyped-def]
    return lv.LeaveInput(cadre, kind, start, end, start_pm, end_am, reason="家中有事")


def test_approver_tier_follows_length_and_the_setting(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    wang = teams.cadres["王建国"]
    with database.transaction(admin.audit()) as s:
        three = lv.request_leave(s, admin, leave(wang, date(2022, 3, 1), date(2022, 3, 3)))
        half_more = lv.request_leave(
            s, admin, leave(wang, date(2022, 3, 7), date(2022, 3, 10), end_am=True)
        )
        settings_service.set_value(s, admin, "cadres.leave_county_threshold_days", 5, 0)
        after = lv.tier_for(s, leave(wang, date(2022, 4, 1), date(2022, 4, 4)))
    assert (three.days, three.approver) == ("3", "镇党委")
    assert (half_more.days, half_more.approver) == ("3.5", "县委组织部")
    assert after == "镇党委"


def test_overlaps_are_refused_to_the_half_day(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    wang = teams.cadres["王建国"]
    with database.transaction(admin.audit()) as s:
        lv.request_leave(s, admin, leave(wang, date(2022, 3, 1), date(2022, 3, 2), end_am=True))
        # the afternoon of 3/2 is free
        lv.request_leave(s, admin, leave(wang, date(2022, 3, 2), date(2022, 3, 2), start_pm=True))
        with pytest.raises(
            ValidationError, match="与已登记的事假（2022-03-01至2022-03-02上午，待审批）时间重叠"
        ):
            lv.request_leave(s, admin, leave(wang, date(2022, 2, 27), date(2022, 3, 1)))
        with pytest.raises(ValidationError, match="请假结束时间应晚于开始时间"):
            lv.request_leave(s, admin, leave(wang, date(2022, 3, 9), date(2022, 3, 8)))


def test_town_decides_short_leave_county_decides_long(database, admin, teams, user_factory) -> None:  # type: ignore[no-untyped-def]
    town = user_factory("gg", "town", "固关镇")
    org = user_factory("zz", "organisation")
    wang = teams.cadres["王建国"]
    with database.transaction(town.audit()) as s:
        short = lv.request_leave(s, town, leave(wang, date(2022, 3, 1), date(2022, 3, 2)))
        long = lv.request_leave(
            s, town, leave(wang, date(2022, 3, 10), date(2022, 3, 20), kind="病假")
        )
        lv.decide_leave(
            s,
            town,
            short.id,
            short.version,
            approve=True,
            opinion="同意",
            decided_on=date(2022, 2, 28),
        )
        with pytest.raises(PermissionDenied, match="超过3天的请假由县委组织部审批"):
            lv.decide_leave(
                s,
                town,
                long.id,
                long.version,
                approve=True,
                opinion="",
                decided_on=date(2022, 3, 9),
            )
    with database.transaction(org.audit()) as s:
        with pytest.raises(ValidationError, match="不予批准时请填写审批意见"):
            lv.decide_leave(
                s,
                org,
                long.id,
                long.version,
                approve=False,
                opinion="",
                decided_on=date(2022, 3, 9),
            )
        done = lv.decide_leave(
            s, org, long.id, long.version, approve=True, opinion="同意", decided_on=date(2022, 3, 9)
        )
        back = lv.report_back(s, org, long.id, done.version, date(2022, 3, 21))
    assert (done.status, back.reported_back_on) == ("已批准", date(2022, 3, 21))
    # a town clerk of another town does not see the cadre at all
    other = user_factory("hb", "town", "河北镇")
    with (
        database.transaction(other.audit()) as s,
        pytest.raises(Exception, match="该驻村干部不存在"),
    ):
        lv.request_leave(s, other, leave(wang, date(2022, 5, 1), date(2022, 5, 1)))


def fill(s, admin, cadre, year, month, present_days, mark_rest="A"):  # type: ignore[no-untyped-def]
    """Mark `present_days` days P from the 1st, the rest of the month `mark_rest`."""
    first = date(year, month, 1)
    days = [
        first + timedelta(days=i) for i in range(31) if (first + timedelta(days=i)).month == month
    ]
    marks = {d: ("P" if i < present_days else mark_rest) for i, d in enumerate(days)}
    att.record_days(s, admin, cadre, marks)


def test_monthly_summary_flags_below_minimum_and_counts_leave(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    with database.transaction(admin.audit()) as s:
        fill(s, admin, c["王建国"], 2022, 3, 20, mark_rest="L")
        fill(s, admin, c["李红梅"], 2022, 3, 19)
        att.record_days(s, admin, c["李红梅"], {date(2022, 3, 20): "H"})  # 19.5 days
        fill(s, admin, c["赵小军"], 2022, 3, 25)
        leave_row = lv.request_leave(
            s, admin, leave(c["王建国"], date(2022, 3, 21), date(2022, 4, 2), start_pm=True)
        )
        lv.decide_leave(
            s,
            admin,
            leave_row.id,
            leave_row.version,
            approve=True,
            opinion="同意",
            decided_on=date(2022, 3, 20),
        )
        rows = {r.name: r for r in att.month_summary(s, admin, 2022, 3)}
        april = {r.name: r for r in att.month_summary(s, admin, 2022, 4)}
        town_only = att.month_summary(
            s, admin, 2022, 3, town_id=rows["周敏"].village_id and teams_town(s)
        )
    assert (rows["王建国"].in_village, rows["王建国"].leave, rows["王建国"].below_minimum) == (
        "20",
        "10.5",
        False,
    )
    assert (
        rows["李红梅"].in_village,
        rows["李红梅"].absent_days,
        rows["李红梅"].below_minimum,
    ) == ("19.5", 11, True)
    assert (rows["赵小军"].in_village, rows["赵小军"].below_minimum) == ("25", False)
    assert (rows["周敏"].recorded, rows["周敏"].below_minimum) == (0, True)  # nothing signed in
    assert april["王建国"].leave == "2"  # leave days feed the month they fall in
    assert {r.name for r in town_only} == {"孙立平", "周敏"}


def teams_town(s):  # type: ignore[no-untyped-def]
    from fpr_desktop.divisions.services import town_by_name

    return town_by_name(s, "河北镇").id


def test_minimum_days_is_a_setting_and_marks_are_checked(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres["李红梅"]
    with database.transaction(admin.audit()) as s:
        fill(s, admin, c, 2022, 3, 18)
        settings_service.set_value(s, admin, "cadres.min_days_in_village", 18, 0)
        [row] = [r for r in att.month_summary(s, admin, 2022, 3) if r.cadre_id == c]
        with pytest.raises(ValidationError, match="考勤标记不正确：2022-03-05（X）"):
            att.record_days(s, admin, c, {date(2022, 3, 5): "X"})
    assert not row.below_minimum
