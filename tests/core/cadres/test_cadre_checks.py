"""Six-monthly reports to the dispatching unit; the yearly visit and health check."""

from datetime import date

from fpr_desktop.base import settings as settings_service
from fpr_desktop.cadres import checks
from fpr_desktop.cadres import work as wk


def test_unit_must_hear_a_report_every_six_months(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    with database.transaction(admin.audit()) as s:
        wk.record_work(s, admin, c["王建国"], "派出单位听取汇报", date(2022, 1, 10), "半年工作汇报")
        wk.record_work(s, admin, c["李红梅"], "派出单位听取汇报", date(2021, 8, 1), "汇报")
        wk.record_work(s, admin, c["李红梅"], "月度工作记录", date(2022, 2, 1), "走访")
        early = checks.unit_report_gaps(s, admin, date(2022, 3, 1))  # posted 2021-09-01: < 6 months
        gaps = checks.unit_report_gaps(s, admin, date(2022, 3, 5))
    assert early == []
    assert gaps == [
        "李红梅：派出单位每半年应听取一次汇报（上次为2021-08-01）。",
        "赵小军：派出单位每半年应听取一次汇报（驻村以来尚未听取）。",
        "孙立平：派出单位每半年应听取一次汇报（驻村以来尚未听取）。",
        "周敏：派出单位每半年应听取一次汇报（驻村以来尚未听取）。",
    ]


def test_yearly_visit_and_health_check(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    with database.transaction(admin.audit()) as s:
        for name in ("王建国", "李红梅", "赵小军", "孙立平", "周敏"):
            wk.record_care(
                s, admin, wk.CareInput(c[name], "走访慰问", date(2022, 6, 1), "派出单位")
            )
            if name != "周敏":
                wk.record_care(
                    s, admin, wk.CareInput(c[name], "体检", date(2022, 5, 1), "县人民医院")
                )
        wk.record_care(
            s,
            admin,
            wk.CareInput(
                c["孙立平"], "走访慰问", date(2021, 6, 1), "派出单位", occasion="生病住院"
            ),
        )
        short = checks.care_shortfalls(s, admin, 2022)
        settings_service.set_value(s, admin, "cadres.health_checks_per_year", 2, 0)
        stricter = checks.care_shortfalls(s, admin, 2022)
    assert short == ["周敏：2022年缺少体检（每年1次）。"]
    assert len(stricter) == 5
