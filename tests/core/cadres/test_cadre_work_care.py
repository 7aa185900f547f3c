"""Household visit coverage, the county-level training check and the insurance expiry warning."""

from datetime import date
from decimal import Decimal

import pytest

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.cadres import roster
from fpr_desktop.cadres import work as wk


def test_visit_coverage_against_household_count(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    v = teams.villages
    with database.transaction(admin.audit()) as s:
        roster.set_key_village(
            s, admin, year=2022, village_id=v["上岔村"], reason="脱贫村", households=3
        )
        roster.set_key_village(
            s, admin, year=2022, village_id=v["东坡村"], reason="脱贫村", households=2
        )
        for name, day in (("张一", 3), ("张二", 4), ("张二", 5), ("张三", 6)):
            wk.record_visit(
                s, admin, wk.VisitInput(v["上岔村"], name, date(2022, 4, day), "王建国、李红梅")
            )
        wk.record_visit(
            s,
            admin,
            wk.VisitInput(
                v["东坡村"], "刘一", date(2022, 4, 1), "孙立平", problems="屋顶漏雨", referred=True
            ),
        )
        wk.record_visit(
            s, admin, wk.VisitInput(v["东坡村"], "刘二", date(2021, 4, 1), "孙立平")
        )  # last year
        rows = {r.village: r for r in wk.visit_coverage(s, admin, 2022)}
        with pytest.raises(ValidationError, match="请填写走访人员"):
            wk.record_visit(s, admin, wk.VisitInput(v["上岔村"], "张四", date(2022, 4, 1), ""))
    assert (rows["上岔村"].visited, rows["上岔村"].short, rows["上岔村"].percent) == (3, False, 100)
    assert (rows["东坡村"].visited, rows["东坡村"].short, rows["东坡村"].percent) == (1, True, 50)


def test_training_check_counts_county_level_or_higher(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    with database.transaction(admin.audit()) as s:
        for name, level in (("王建国", "县"), ("李红梅", "省"), ("赵小军", "镇"), ("孙立平", "县")):
            wk.record_training(
                s,
                admin,
                c[name],
                course="驻村干部培训班",
                organiser_level=level,
                start_date=date(2022, 5, 10),
                end_date=date(2022, 5, 12),
                hours=24,
            )
        short = wk.training_shortfalls(s, admin, 2022)
    assert [(name, n) for _, name, n in short] == [("赵小军", 0), ("周敏", 0)]


def test_insurance_expiry_warned_30_days_before(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    with database.transaction(admin.audit()) as s:
        for name, valid_to in (
            ("王建国", date(2022, 3, 31)),
            ("李红梅", date(2022, 4, 1)),
            ("赵小军", date(2022, 2, 28)),
        ):
            wk.record_care(
                s,
                admin,
                wk.CareInput(
                    c[name],
                    "意外保险",
                    date(2021, 9, 1),
                    "县农业农村局",
                    policy_no="P1",
                    insurer="人保财险",
                    valid_from=date(2021, 9, 1),
                    valid_to=valid_to,
                ),
            )
        with pytest.raises(ValidationError, match="须填写保单号和承保公司"):
            wk.record_care(
                s,
                admin,
                wk.CareInput(
                    c["周敏"],
                    "意外保险",
                    date(2021, 9, 1),
                    "县交通运输局",
                    valid_from=date(2021, 9, 1),
                    valid_to=date(2022, 9, 1),
                ),
            )
        with pytest.raises(ValidationError, match="补贴须填写大于0的金额"):
            wk.record_care(
                s, admin, wk.CareInput(c["周敏"], "补贴", date(2022, 1, 1), "县交通运输局")
            )
        wk.record_care(
            s,
            admin,
            wk.CareInput(
                c["周敏"], "补贴", date(2022, 1, 1), "县交通运输局", amount=Decimal("1200.00")
            ),
        )
        warnings = wk.insurance_warnings(s, admin, date(2022, 3, 1))
    assert warnings == [
        "王建国的人身意外伤害保险将于2022-03-31到期（30天后）。",
        "赵小军未办理或已过期人身意外伤害保险。",
        "孙立平未办理或已过期人身意外伤害保险。",
        "周敏未办理或已过期人身意外伤害保险。",
    ]
