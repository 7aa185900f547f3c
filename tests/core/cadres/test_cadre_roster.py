"""Villages first, then people: key villages, postings, recall and the task-46 warnings."""

from datetime import date

import pytest
from helpers.cadre_teams import post
from sqlalchemy import select

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.cadres import roster
from fpr_desktop.cadres.models import Assignment
from fpr_desktop.cadres.rules import mask_id_number

TODAY = date(2022, 3, 1)


def kinds(warnings, kind):  # type: ignore[no-untyped-def]
    return [w.text for w in warnings if w.kind == kind]


def test_key_villages_by_year_with_reason_and_team_size(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        roster.set_key_village(
            s,
            admin,
            year=2022,
            village_id=teams.villages["上岔村"],
            reason="脱贫村",
            households=312,
        )
        roster.set_key_village(
            s,
            admin,
            year=2022,
            village_id=teams.villages["东坡村"],
            reason="软弱涣散村",
            households=205,
        )
        # the same village again the same year re-describes it, no second row
        roster.set_key_village(
            s,
            admin,
            year=2022,
            village_id=teams.villages["东坡村"],
            reason="脱贫村",
            households=210,
        )
        rows = roster.list_key_villages(s, admin, 2022)
        with pytest.raises(ValidationError, match="认定原因只能是"):
            roster.set_key_village(
                s,
                admin,
                year=2022,
                village_id=teams.villages["梁家村"],
                reason="随便",
                households=1,
            )
    assert [(r.village, r.town, r.reason, r.households, r.team_size) for r in rows] == [
        ("上岔村", "固关镇", "脱贫村", 312, 3),
        ("东坡村", "河北镇", "脱贫村", 210, 2),
    ]


def test_warnings_term_team_unit_and_secretary(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        post(
            s,
            admin,
            teams,
            "钱多",
            "县财政局",
            "梁家村",
            "第一书记",
            term=(date(2021, 9, 1), date(2023, 8, 30)),
            party=date(2021, 7, 1),
            work=date(2019, 7, 1),
        )
        warnings = roster.roster_warnings(s, admin, TODAY)
    assert kinds(warnings, "term") == ["梁家村第一书记钱多任期不足2年（2021-09-01至2023-08-30）。"]
    assert kinds(warnings, "team") == [
        "东坡村工作队仅2人，少于3人。",
        "梁家村工作队仅1人，少于3人。",
    ]
    assert kinds(warnings, "unit") == ["派出单位“县交通运输局”没有选派第一书记。"]
    assert kinds(warnings, "secretary") == ["第一书记钱多（梁家村）党龄不足1年或未登记入党时间。"]
    assert kinds(warnings, "ending") == []


def test_team_size_and_term_are_settings(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "cadres.min_team_size", 2, 0)
        settings_service.set_value(s, admin, "cadres.min_term_years", 3, 0)
        warnings = roster.roster_warnings(s, admin, TODAY)
    assert kinds(warnings, "team") == []
    assert len(kinds(warnings, "term")) == 5


def test_terms_ending_within_60_days(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        ending = kinds(roster.roster_warnings(s, admin, date(2023, 7, 2)), "ending")
        none_yet = kinds(roster.roster_warnings(s, admin, date(2023, 7, 1)), "ending")
    assert len(ending) == 5 and "上岔村第一书记王建国任期将于2023-08-31届满（60天后）" in ending[0]
    assert none_yet == []


def test_recall_and_replacement_are_recorded_never_deleted(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        new = roster.add_cadre(
            s, admin, roster.CadreInput(name="吴新", unit_id=teams.units["县农业农村局"])
        )
        replacement = roster.AssignmentInput(
            new, teams.villages["上岔村"], "队员", date(2022, 4, 1), date(2024, 3, 31)
        )
        with pytest.raises(ValidationError, match="召回须写明原因"):
            roster.end_assignment(
                s, admin, teams.postings["赵小军"], 1, ended_on=date(2022, 3, 31), reason="召回"
            )
        new_posting = roster.end_assignment(
            s,
            admin,
            teams.postings["赵小军"],
            1,
            ended_on=date(2022, 3, 31),
            reason="召回",
            note="长期不在岗",
            replacement=replacement,
        )
        with pytest.raises(ValidationError, match="该任职已于2022-03-31结束"):
            roster.end_assignment(
                s, admin, teams.postings["赵小军"], 2, ended_on=date(2022, 4, 1), reason="期满"
            )
        rows = s.scalars(
            select(Assignment)
            .where(Assignment.village_id == teams.villages["上岔村"])
            .order_by(Assignment.id)
        ).all()
    assert [(r.role, r.ended_on, r.end_reason) for r in rows][-2:] == [
        ("队员", date(2022, 3, 31), "召回"),
        ("队员", None, ""),
    ]
    assert rows[-1].id == new_posting and rows[-1].replaces_id == teams.postings["赵小军"]


def test_a_posted_cadre_cannot_be_posted_twice_and_towns_cannot_post(
    database, admin, teams, user_factory
) -> None:  # type: ignore[no-untyped-def]
    town = user_factory("gg", "town", "固关镇")
    with database.transaction(admin.audit()) as s:
        with pytest.raises(ValidationError, match="该干部正在驻村"):
            roster.assign(
                s,
                admin,
                roster.AssignmentInput(
                    teams.cadres["王建国"],
                    teams.villages["梁家村"],
                    "队员",
                    date(2022, 1, 1),
                    date(2024, 1, 1),
                ),
            )
        with pytest.raises(ValidationError, match="身份证号校验位不正确"):
            roster.add_cadre(
                s,
                admin,
                roster.CadreInput(
                    name="某", unit_id=teams.units["县农业农村局"], id_number="610327198507124519"
                ),
            )
    with database.transaction(town.audit()) as s, pytest.raises(PermissionDenied):
        roster.add_unit(s, town, "镇政府", "镇")


def test_id_numbers_are_masked() -> None:
    assert mask_id_number("61032719850712451X") == "6103**********451X"
    assert mask_id_number("123") == "***"


def test_the_audit_log_never_holds_the_id_number(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.base.models.system import AuditLog

    with database.read() as s:
        logged = [
            r.new_value or "" for r in s.query(AuditLog).filter(AuditLog.table_name == "cadre")
        ]
    assert len(logged) == 5 and "王建国" in "".join(logged)
    assert "61032719850712451X" not in "".join(logged)
