"""Correcting recorded visits, trainings, care records, spot checks and unit reports: the values
change and are audited; a stale correction, another town's record and invalid values are
refused with nothing written."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from fpr_desktop.base.changes import changes_of
from fpr_desktop.base.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    UserError,
    ValidationError,
)
from fpr_desktop.base.models.system import AuditLog
from fpr_desktop.cadres import attendance, edits, records
from fpr_desktop.cadres import work as wk
from fpr_desktop.cadres.models import CareRecord, HouseholdVisit, SpotCheck, Training, WorkRecord

YEAR = 2022


def _audit(database, table: str) -> list[tuple[str, str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with database.read() as s:
        rows = s.scalars(
            select(AuditLog)
            .where(AuditLog.table_name == table, AuditLog.action == "update")
            .order_by(AuditLog.id)
        )
        return [(r.username, r.field, r.old_value, r.new_value) for r in rows]


def _refused(database, actor, write) -> UserError:  # type: ignore[no-untyped-def]
    """Run `write(session)` in a transaction that must be refused (and so roll back)."""
    with pytest.raises(UserError) as err, database.transaction(actor.audit()) as s:
        write(s)
    return err.value


def _visit(database, admin, teams) -> records.VisitRow:  # type: ignore[no-untyped-def]
    village = teams.villages["上岔村"]
    with database.transaction(admin.audit()) as s:
        wk.record_visit(
            s, admin, wk.VisitInput(village, "张有富", date(YEAR, 4, 3), "王建国、李红梅")
        )
    with database.read() as s:
        [row] = records.list_visits(s, admin, village, YEAR)
    return row


def test_a_visit_corrected_changes_its_values_and_is_audited(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    row = _visit(database, admin, teams)
    village = teams.villages["上岔村"]
    fixed = wk.VisitInput(
        village, "张有福", date(YEAR, 4, 3), "王建国、李红梅", problems="房屋漏雨", referred=True
    )
    with database.transaction(admin.audit()) as s:
        changed = edits.update_visit(s, admin, row.id, row.stamp, fixed)
        tables = changes_of(s).tables
    assert changed == ["走访农户", "发现问题", "纳入监测"]
    assert "household_visit" in tables  # the page watching visits reloads
    with database.read() as s:
        [again] = records.list_visits(s, admin, village, YEAR)
    assert (again.household, again.problems, again.referred) == ("张有福", "房屋漏雨", True)
    assert again.stamp != row.stamp
    assert ("admin", "household", "张有富", "张有福") in _audit(database, "household_visit")

    def write_1(s):  # type: ignore[no-untyped-def] — saved on the old listing: refused
        edits.update_visit(s, admin, row.id, row.stamp, fixed)

    err = _refused(database, admin, write_1)
    assert isinstance(err, ConflictError) and "已被他人修改" in str(err)


def test_invalid_correction_writes_nothing(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    row = _visit(database, admin, teams)
    blank = wk.VisitInput(teams.villages["上岔村"], " ", date(YEAR, 4, 3), "", items=())
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        edits.update_visit(s, admin, row.id, row.stamp, blank)
    assert (
        str(err.value) == "请填写走访农户（户主姓名）。\n请填写走访人员。\n请至少勾选一项核查内容。"
    )
    elsewhere = wk.VisitInput(teams.villages["东坡村"], "张有福", date(YEAR, 4, 3), "孙立平")

    def write_2(s):  # type: ignore[no-untyped-def]
        edits.update_visit(s, admin, row.id, row.stamp, elsewhere)

    err = _refused(database, admin, write_2)
    assert isinstance(err, ValidationError) and "不能改到别的村" in str(err)
    with database.read() as s:
        assert s.scalars(select(HouseholdVisit.household)).all() == ["张有富"]
    assert _audit(database, "household_visit") == []


def test_training_corrected_once_and_a_stale_copy_refused(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    course = dict(course="驻村干部培训斑", organiser_level="县", hours=24)
    days = dict(start_date=date(YEAR, 5, 10), end_date=date(YEAR, 5, 12))
    with database.transaction(admin.audit()) as s:
        wk.record_training(s, admin, c["王建国"], **course, **days)  # type: ignore[arg-type]
        [row] = records.list_trainings(s, admin, YEAR)
    assert (row.cadre_id, row.name) == (c["王建国"], "王建国")
    with database.transaction(admin.audit()) as s:
        changed = edits.update_training(
            s,
            admin,
            row.id,
            row.stamp,
            cadre_id=c["李红梅"],
            **{**course, "course": "驻村干部培训班"},  # type: ignore[arg-type]
            **days,
        )
    assert changed == ["干部", "培训班名称"]

    def write_3(s):  # type: ignore[no-untyped-def]
        [fresh] = records.list_trainings(s, admin, YEAR)
        edits.update_training(
            s,
            admin,
            fresh.id,
            fresh.stamp,
            cadre_id=c["李红梅"],
            **course,  # type: ignore[arg-type]
            start_date=date(YEAR, 5, 12),
            end_date=date(YEAR, 5, 10),
        )

    err = _refused(database, admin, write_3)
    assert isinstance(err, ValidationError) and "培训结束日期不能早于开始日期" in str(err)
    with pytest.raises(ConflictError), database.transaction(admin.audit()) as s:
        edits.update_training(s, admin, row.id, row.stamp, cadre_id=c["王建国"], **course, **days)  # type: ignore[arg-type]
    with database.read() as s:
        t = s.scalars(select(Training)).one()
        assert (t.cadre_id, t.course, t.start_date) == (
            c["李红梅"],
            "驻村干部培训班",
            date(YEAR, 5, 10),
        )
    assert [f for _u, f, _o, _n in _audit(database, "cadre_training")] == ["cadre_id", "course"]


def test_care_corrected_with_the_same_rules_as_recording(database, admin, teams) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    care = wk.CareInput(
        c["孙立平"], "补贴", date(YEAR, 6, 1), "县交通运输局", amount=Decimal("500")
    )
    with database.transaction(admin.audit()) as s:
        wk.record_care(s, admin, care)
        [row] = records.list_care(s, admin, YEAR)
    zero = wk.CareInput(c["孙立平"], "补贴", date(YEAR, 6, 1), "县交通运输局", amount=None)

    def write_4(s):  # type: ignore[no-untyped-def]
        edits.update_care(s, admin, row.id, row.stamp, zero)

    err = _refused(database, admin, write_4)
    assert isinstance(err, ValidationError) and "补贴须填写大于0的金额" in str(err)
    fixed = wk.CareInput(
        c["孙立平"], "补贴", date(YEAR, 6, 1), "县交通运输局", amount=Decimal("600")
    )
    with database.transaction(admin.audit()) as s:
        assert edits.update_care(s, admin, row.id, row.stamp, fixed) == ["金额"]
    with database.read() as s:
        assert s.scalars(select(CareRecord.amount)).one() == Decimal("600")
    [(field, old, new)] = [(f, o, n) for _u, f, o, n in _audit(database, "cadre_care")]
    assert (field, Decimal(old or ""), Decimal(new or "")) == ("amount", 500, 600)


def test_a_town_clerk_corrects_only_their_town_and_only_what_they_may_record(
    database, admin, teams, user_factory
) -> None:  # type: ignore[no-untyped-def]
    c = teams.cadres
    clerk = user_factory("hb", "town", "河北镇")  # 东坡村 lies in 河北镇, 上岔村 does not
    with database.transaction(admin.audit()) as s:
        for name in ("孙立平", "王建国"):
            attendance.record_spot_check(
                s,
                admin,
                c[name],
                checked_on=date(YEAR, 3, 1),
                checked_by="县委组织部",
                result="在岗",
            )
        wk.record_work(s, admin, c["王建国"], "派出单位听取汇报", date(YEAR, 3, 2), "汇报")
        wk.record_training(
            s, admin, c["孙立平"], course="培训", organiser_level="县",
            start_date=date(YEAR, 5, 1), end_date=date(YEAR, 5, 1), hours=8,
        )  # fmt: skip
        everything = records.list_checks_and_reports(s, admin, YEAR)
        [training] = records.list_trainings(s, admin, YEAR)
    with database.read() as s:
        mine = records.list_checks_and_reports(s, clerk, YEAR)
    assert [(r.name, r.kind) for r in mine] == [("孙立平", "抽查")]
    [own] = mine
    with database.transaction(clerk.audit()) as s:
        changed = edits.update_spot_check(
            s, clerk, own.id, own.stamp, cadre_id=c["孙立平"], checked_on=date(YEAR, 3, 1),
            checked_by="县委组织部", result="公出", note="县里开会",
        )  # fmt: skip
    assert changed == ["抽查结果", "备注"]
    other = next(r for r in everything if r.name == "王建国" and r.is_spot_check)
    report = next(r for r in everything if not r.is_spot_check)

    def write_5(s):  # type: ignore[no-untyped-def]
        edits.update_spot_check(
            s, clerk, other.id, other.stamp, cadre_id=c["王建国"], checked_on=date(YEAR, 3, 1),
            checked_by="县委组织部", result="公出",
        )  # fmt: skip

    err = _refused(database, clerk, write_5)
    assert isinstance(err, NotFound) and "该驻村干部不存在" in str(err)

    def write_6(s):  # type: ignore[no-untyped-def] — nor by moving it to their own cadre
        edits.update_work(s, clerk, report.id, report.stamp, c["孙立平"], date(YEAR, 3, 2), "汇报")

    err = _refused(database, clerk, write_6)
    assert isinstance(err, NotFound)

    def write_7(s):  # type: ignore[no-untyped-def] — trainings need 维护驻村干部
        edits.update_training(
            s, clerk, training.id, training.stamp, cadre_id=c["孙立平"], course="培训班",
            organiser_level="县", start_date=date(YEAR, 5, 1), end_date=date(YEAR, 5, 1),
            hours=8,
        )  # fmt: skip

    err = _refused(database, clerk, write_7)
    assert isinstance(err, PermissionDenied) and "维护驻村干部" in str(err)
    with database.read() as s:
        assert sorted(s.scalars(select(SpotCheck.result))) == ["公出", "在岗"]
        assert s.scalars(select(WorkRecord.cadre_id)).one() == c["王建国"]
        assert s.scalars(select(Training.course)).one() == "培训"
