"""Assessment rounds: inputs, absence caps from spot checks and the share cap of 优秀."""

from datetime import date

import pytest
from helpers.cadre_teams import post

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.cadres import assessment as asm
from fpr_desktop.cadres import attendance as att

DECIDED = date(2022, 12, 20)


def rows_by_name(s, admin, round_id):  # type: ignore[no-untyped-def]
    return {r.name: r for r in asm.round_rows(s, admin, round_id)}


def fill_inputs(s, admin, row):  # type: ignore[no-untyped-def]
    asm.record_inputs(
        s,
        admin,
        row.id,
        row.version,
        self_report="述职",
        democratic_rating="优秀票85%",
        town_opinion="好",
        unit_opinion="同意",
    )


def grade(s, admin, round_id, name, g):  # type: ignore[no-untyped-def]
    row = rows_by_name(s, admin, round_id)[name]
    if not row.self_report:
        fill_inputs(s, admin, row)
        row = rows_by_name(s, admin, round_id)[name]
    asm.set_grade(s, admin, row.id, row.version, g, DECIDED)


def spot(s, admin, cadre, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        att.record_spot_check(
            s,
            admin,
            cadre,
            checked_on=date(2022, 5, 1 + i),
            checked_by="县委组织部",
            result="无故缺勤",
        )
    att.record_spot_check(
        s, admin, cadre, checked_on=date(2021, 12, 1), checked_by="县委组织部", result="无故缺勤"
    )  # another year


@pytest.mark.parametrize(
    ("absences", "refused", "allowed"),
    [(1, "优秀", "称职"), (2, "称职", "基本称职"), (3, "基本称职", "不称职")],
)
def test_unexcused_absences_cap_the_grade(
    database, admin, teams, absences, refused, allowed
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        spot(s, admin, teams.cadres["李红梅"], absences)
        rid = asm.open_round(s, admin, 2022, "年度考核")
        with pytest.raises(
            ValidationError,
            match=f"抽查发现无故缺勤{absences}次，等次只能是.*（不能评为{refused}）",
        ):
            grade(s, admin, rid, "李红梅", refused)
        grade(s, admin, rid, "李红梅", allowed)
        row = rows_by_name(s, admin, rid)["李红梅"]
    assert row.grade == allowed and row.cap == f"抽查发现无故缺勤{absences}次"


def test_excellent_share_is_capped(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        for i in range(9):  # 14 cadres: 15% allows 2
            post(s, admin, teams, f"队员{i}", "县林业局", "梁家村", "队员")
        rid = asm.open_round(s, admin, 2022, "年度考核")
        grade(s, admin, rid, "王建国", "优秀")
        grade(s, admin, rid, "李红梅", "优秀")
        grade(s, admin, rid, "李红梅", "优秀")  # re-saving the same grade is not a third
        with pytest.raises(
            ValidationError, match=r"优秀等次不超过参加考核人数的15%（14人中至多2人），已评2人"
        ):
            grade(s, admin, rid, "赵小军", "优秀")
        settings_service.set_value(s, admin, "cadres.excellent_share_percent", 25, 0)
        grade(s, admin, rid, "赵小军", "优秀")
        assert len(asm.round_rows(s, admin, rid)) == 14


def test_grade_needs_inputs_and_a_closed_round_is_fixed(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        rid = asm.open_round(s, admin, 2022, "年度考核")
        first = rows_by_name(s, admin, rid)["周敏"]
        with pytest.raises(ValidationError, match="请先录入个人述职和乡镇评价意见"):
            asm.set_grade(s, admin, first.id, first.version, "称职", DECIDED)
        [rnd] = asm.list_rounds(s, admin)
        with pytest.raises(ValidationError, match="还有5人未确定考核等次"):
            asm.close_round(s, admin, rid, rnd.version, DECIDED)
        for name in ("王建国", "李红梅", "赵小军", "孙立平", "周敏"):
            grade(s, admin, rid, name, "称职")
        asm.close_round(s, admin, rid, rnd.version, DECIDED)
        row = rows_by_name(s, admin, rid)["周敏"]
        with pytest.raises(ValidationError, match="该考核已结束"):
            asm.set_grade(s, admin, row.id, row.version, "基本称职", DECIDED)
        asm.record_use(s, admin, row.id, row.version, "作为晋升职级依据")
        with pytest.raises(ValidationError, match="2022年度考核已经建立"):
            asm.open_round(s, admin, 2022, "年度考核")
        with pytest.raises(ValidationError, match="2022年没有需要期满考核的驻村干部"):
            asm.open_round(s, admin, 2022, "期满考核")
        term_end = asm.open_round(s, admin, 2023, "期满考核")
        assert len(asm.round_rows(s, admin, term_end)) == 5
