"""What the cadres forms rely on: roster sorting, the posting warnings before saving, the
leave list with who may decide, and the work/care lists."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.cadre_teams import Teams

from fpr_desktop.base.paging import IdPage
from fpr_desktop.cadres import leave as lv
from fpr_desktop.cadres import posting, records, work
from fpr_desktop.cadres.listing import RosterFilter, RosterSort, RosterSource


def _all_names(s, admin, sort: RosterSort | None, block: int = 2) -> list[str]:  # type: ignore[no-untyped-def]
    src = RosterSource(s, admin, RosterFilter(), sort)
    ids: list[int] = []
    after = None
    while True:
        page: IdPage = src.fetch_ids(s, after, block)
        ids += page.ids
        if page.next_key is None:
            break
        after = page.next_key
    rows = src.fetch_rows(s, ids)
    return [rows[i][0] for i in ids]


def test_roster_sorts_by_a_column_in_both_directions_across_pages(
    database, admin, teams: Teams
) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        by_village = _all_names(s, admin, RosterSort("village"))
        dongpo, shangcha = {"孙立平", "周敏"}, {"王建国", "李红梅", "赵小军"}
        # each village's team together (the collation decides which village comes first)
        assert (set(by_village[:2]), set(by_village[2:])) == (dongpo, shangcha) or (
            set(by_village[:3]),
            set(by_village[3:]),
        ) == (shangcha, dongpo)
        down = _all_names(s, admin, RosterSort("village", descending=True))
        assert down == by_village[::-1]  # ties broken by id in the same direction
        assert len(set(_all_names(s, admin, RosterSort("role"), block=1))) == 5  # none skipped
        with pytest.raises(ValueError):
            RosterSource(s, admin, None, RosterSort("id_number"))  # would reveal birth order


def test_posting_warnings_before_saving(database, admin, teams: Teams) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        ctx = posting.posting_context(s, admin, date(2022, 6, 1))
    zhou = next(c for c in ctx.cadres if c.name == "周敏")
    assert zhou.posted
    units = {u.name: (u.cadres, u.secretaries) for u in ctx.units}
    assert units == {"县农业农村局": (3, 1), "县交通运输局": (2, 0)}
    empty = next(v for n, v in teams.villages.items() if n not in ("上岔村", "东坡村"))
    warnings = posting.posting_warnings(
        ctx,
        cadre_id=zhou.id,
        village_id=empty,
        role="队员",
        term_start=date(2022, 6, 1),
        term_end=date(2022, 7, 15),
    )
    text = "\n".join(warnings)
    assert "任期不足2年" in text
    assert "任期将于2022-07-15届满（44天后）" in text
    assert "派出单位“县交通运输局”没有选派第一书记" in text
    assert "工作队选派后仅1人，少于3人" in text
    full = posting.posting_warnings(
        ctx,
        cadre_id=next(c.id for c in ctx.cadres if c.name == "王建国"),
        village_id=teams.villages["上岔村"],
        role="第一书记",
        term_start=date(2022, 6, 1),
        term_end=date(2024, 5, 31),
        leaving_village_id=teams.villages["上岔村"],
    )
    assert full == []  # a full term, a full team, a unit that has a first secretary


def test_leave_list_says_who_may_decide(database, admin, user_factory, teams: Teams) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("hb", "town", "河北镇")
    with database.transaction(admin.audit()) as s:
        for who, end in (("孙立平", date(2022, 3, 2)), ("周敏", date(2022, 3, 10))):
            lv.request_leave(
                s,
                admin,
                lv.LeaveInput(teams.cadres[who], "事假", date(2022, 3, 1), end, reason="家事"),
            )
    with database.read() as s:
        rows = {r.name: r for r in lv.list_leaves(s, clerk, lv.PENDING)}
        assert set(rows) == {"孙立平", "周敏"}  # 东坡村 lies in 河北镇
        assert rows["孙立平"].refusal == ""  # two days: the town decides
        assert rows["周敏"].refusal == "超过3天的请假由县委组织部审批。"
        assert rows["周敏"].village == "东坡村" and rows["周敏"].leave.approver == "县委组织部"
        everyone = lv.list_leaves(s, admin)
        assert {r.name for r in everyone} == {"孙立平", "周敏"}
        assert all(r.refusal == "" for r in everyone)


def test_work_lists_follow_the_entries(database, admin, teams: Teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        work.record_visit(
            s,
            admin,
            work.VisitInput(
                teams.villages["上岔村"],
                "张有福",
                date(2022, 4, 2),
                "王建国、李红梅",
                referred=True,
            ),
        )
        work.record_training(
            s,
            admin,
            teams.cadres["周敏"],
            course="驻村干部培训班",
            organiser_level="县",
            start_date=date(2022, 5, 9),
            end_date=date(2022, 5, 11),
            hours=24,
        )
    with database.read() as s:
        [v] = records.list_visits(s, admin, teams.villages["上岔村"], 2022)
        assert (v.household, v.referred) == ("张有福", True)
        [t] = records.list_trainings(s, admin, 2022)
        assert (t.name, t.level, t.hours) == ("周敏", "县", 24)
        short = {name for _i, name, _n in work.training_shortfalls(s, admin, 2022)}
        assert "周敏" not in short and "王建国" in short
        labels = [p.label for p in records.posted_cadres(s, admin)]
        assert len(labels) == 5 and any(lbl.endswith("第一书记 王建国") for lbl in labels)
