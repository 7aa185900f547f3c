"""Working days: holidays, make-up working days, admin overrides, unknown years."""

from datetime import date

from fpr_desktop.base import calendar as cal_service
from fpr_desktop.base.workdays import WorkCalendar, add_working_days, working_days_between


def test_fifteen_working_days_across_national_day_2021() -> None:
    # 9/29, 9/30, 10/8, 10/9 (make-up Saturday), 10/11–15, 10/18–22, 10/25
    assert add_working_days(date(2021, 9, 28), 15).day == date(2021, 10, 25)


def test_make_up_saturday_counts_and_holiday_does_not() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(date(2021, 10, 9))  # Saturday, 调休上班
    assert not cal.is_workday(date(2021, 10, 4))  # Monday, 国庆
    assert add_working_days(date(2021, 10, 8), 1).day == date(2021, 10, 9)


def test_between_is_inverse_of_add() -> None:
    start = date(2021, 9, 28)
    for n in (0, 1, 7, 15, 40):
        assert working_days_between(start, add_working_days(start, n).day) == n
    assert working_days_between(date(2021, 10, 25), start) == -15


def test_unknown_year_falls_back_and_says_so() -> None:
    deadline = add_working_days(date(2030, 4, 30), 3)
    assert deadline.day == date(2030, 5, 3)
    assert deadline.assumed_years == (2030,)
    assert "按周一至周五推算" in deadline.note


def test_admin_override_changes_deadlines(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as session:
        cal_service.set_override(session, admin, date(2030, 5, 1), False, "劳动节")
        cal_service.set_override(session, admin, date(2030, 5, 4), True, "调休上班")
    with database.read() as session:
        cal = cal_service.work_calendar(session)
    deadline = add_working_days(date(2030, 4, 30), 3, cal)
    # 5/1 holiday → 5/2, 5/3, 5/4 (make-up Saturday)
    assert deadline.day == date(2030, 5, 4)
    assert deadline.assumed_years == ()
