"""Notice register: windows, objections, and the gate other workflows use (`window_cleared`)."""

from datetime import date

import pytest
from helpers.project_gates import BACKDATED
from sqlalchemy import select

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import NotFound, PermissionDenied, ValidationError
from fpr_desktop.base.models import AuditLog
from fpr_desktop.divisions import services as div
from fpr_desktop.notices import register as reg


@pytest.fixture
def village(database, admin):  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        town = div.town_by_name(s, "固关镇")
        return div.add_division(s, admin, parent_id=town.id, name="示例村公示")


def _issue(database, actor, village, **kw):  # type: ignore[no-untyped-def]
    args = dict(
        kind="project_library_publicity",
        level="village",
        title="示例村2022年项目库公示",
        division_id=village.id,
        covers=[("project", 7)],
        window_start=date(2021, 7, 22),
        posted_at="村务公开栏",
        backdate_reason=BACKDATED,
    )
    args.update(kw)
    with database.transaction(actor.audit()) as s:
        return reg.issue_notice(s, actor, **args)


def test_default_window_is_ten_natural_days(database, admin, village) -> None:  # type: ignore[no-untyped-def]
    row = _issue(database, admin, village)
    assert (row.window_start, row.window_end) == (date(2021, 7, 22), date(2021, 7, 31))
    with database.read() as s:
        assert reg.get_notice(s, admin, row.id, today=date(2021, 7, 31)).status == "公示中"
        assert reg.get_notice(s, admin, row.id, today=date(2021, 8, 1)).status == "期满无异议"


def test_working_day_window_skips_national_day(database, admin, village) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "publicity.window_kind", "working", 0)
    row = _issue(database, admin, village, window_start=date(2021, 9, 28))
    # 9/28, 9/29, 9/30, 10/8, 10/9 (make-up Saturday), 10/11–15 → 10 working days
    assert row.window_end == date(2021, 10, 15)
    assert row.window_kind == "working"


def test_gate_opens_only_after_window_without_open_objection(database, admin, village) -> None:  # type: ignore[no-untyped-def]
    row = _issue(database, admin, village)
    with database.read() as s:
        assert not reg.window_cleared(s, "project", 7, today=date(2021, 7, 31))
        assert reg.window_cleared(s, "project", 7, today=date(2021, 8, 1))
        assert not reg.window_cleared(s, "project", 8, today=date(2021, 8, 1))
        assert not reg.window_cleared(
            s, "project", 7, kinds=["pre_implementation"], today=date(2021, 8, 1)
        )
    with database.transaction(admin.audit()) as s:
        o = reg.add_objection(
            s,
            admin,
            row.id,
            received_on=date(2021, 7, 25),
            content="受益户名单有误",
            contact="138****0000",
        )
    with database.read() as s:
        assert not reg.window_cleared(s, "project", 7, today=date(2021, 8, 10))
        assert reg.get_notice(s, admin, row.id, today=date(2021, 8, 10)).status == "有异议待处理"
    with pytest.raises(ValidationError, match="处理结果"), database.transaction(admin.audit()) as s:
        reg.resolve_objection(s, admin, o.id, o.version, result=" ", replied_on=date(2021, 8, 2))
    with database.transaction(admin.audit()) as s:
        reg.resolve_objection(
            s,
            admin,
            o.id,
            o.version,
            result="已核实更正名单",
            replied_on=date(2021, 8, 2),
            handler="王某",
        )
    with database.read() as s:
        assert reg.window_cleared(s, "project", 7, today=date(2021, 8, 10))
        assert reg.get_notice(s, admin, row.id, today=date(2021, 8, 10)).status == "异议已处理"
        actions = {
            (r.table_name, r.action)
            for r in s.scalars(select(AuditLog).where(AuditLog.table_name == "objection"))
        }
    assert actions == {("objection", "insert"), ("objection", "update")}


def test_town_clerk_cannot_touch_another_towns_notice(
    database, admin, village, user_factory
) -> None:  # type: ignore[no-untyped-def]
    row = _issue(database, admin, village)
    other = user_factory("hb", "town", "河北镇")
    with database.read() as s:
        with pytest.raises(NotFound):
            reg.get_notice(s, other, row.id)
        assert reg.NoticeSource(s, other).totals(s).count == 0
    with pytest.raises(NotFound), database.transaction(other.audit()) as s:
        reg.add_objection(s, other, row.id, received_on=date(2021, 7, 25), content="x")
    with database.read() as s:
        hb = div.town_by_name(s, "河北镇")
    with pytest.raises(PermissionDenied), database.transaction(other.audit()) as s:
        reg.issue_notice(
            s,
            other,
            kind="completion",
            level="village",
            title="越权",
            division_id=village.id,
            covers=[],
            window_start=date(2021, 7, 22),
        )
    assert hb.id != village.town_id


def test_lists_ending_this_week_and_open_objections(database, admin, village) -> None:  # type: ignore[no-untyped-def]
    a = _issue(
        database, admin, village, title="本周到期", window_start=date(2021, 7, 20)
    )  # ends Thu 7/29
    _issue(database, admin, village, title="下周到期", window_start=date(2021, 7, 27))  # ends 8/5
    with database.transaction(admin.audit()) as s:
        reg.add_objection(s, admin, a.id, received_on=date(2021, 7, 21), content="有异议")
    today = date(2021, 7, 26)  # Monday
    with database.read() as s:
        week = reg.NoticeSource(s, admin, reg.NoticeFilter(ending_this_week=True, today=today))
        ids = week.fetch_ids(s, None, 50).ids
        assert [week.fetch_rows(s, ids)[i][1] for i in ids] == ["本周到期"]
        objections = reg.NoticeSource(s, admin, reg.NoticeFilter(open_objections=True, today=today))
        rows = objections.fetch_rows(s, objections.fetch_ids(s, None, 50).ids)
        assert [(r[1], r[8], r[9]) for r in rows.values()] == [("本周到期", "有异议待处理", 1)]


def test_search_by_words_or_number_and_sort_by_any_header(database, admin, village) -> None:  # type: ignore[no-untyped-def]
    a = _issue(database, admin, village, title="上岔村核桃提质增效项目拟入库公示")
    b = _issue(database, admin, village, title="上岔村通组道路硬化项目实施前公示")
    c = _issue(database, admin, village, title="东坡村冷库项目实施前公示")

    def listed(flt: reg.NoticeFilter) -> list[str]:
        with database.read() as s:
            src = reg.NoticeSource(s, admin, flt)
            ids = src.fetch_ids(s, None, 50).ids
            rows = src.fetch_rows(s, ids)
            return [rows[i][1] for i in ids]

    assert listed(reg.NoticeFilter(search="上岔 实施前")) == [b.title]
    assert set(listed(reg.NoticeFilter(search="实施前"))) == {b.title, c.title}
    number = reg.notice_number(a.year, a.id)
    assert number.startswith(f"GS{a.year}-")
    with database.read() as s:  # the number is the first column people read
        src = reg.NoticeSource(s, admin, reg.NoticeFilter())
        assert src.fetch_rows(s, [a.id])[a.id][0] == number
        assert src.columns[0].title == "编号"
    assert listed(reg.NoticeFilter(search=number)) == [a.title]
    assert listed(reg.NoticeFilter(search=str(b.id))) == [b.title]
    by_title = listed(reg.NoticeFilter(sort="title", descending=False))
    assert by_title == sorted(by_title) and len(by_title) == 3
    newest_first = listed(reg.NoticeFilter(sort="number"))
    assert newest_first == [c.title, b.title, a.title]
    # paging in ascending order continues after the last key (no row skipped or repeated)
    with database.read() as s:
        src = reg.NoticeSource(s, admin, reg.NoticeFilter(sort="title", descending=False))
        first = src.fetch_ids(s, None, 2)
        rest = src.fetch_ids(s, first.next_key, 2)
    assert len(first.ids) == 2 and len(rest.ids) == 1 and set(first.ids).isdisjoint(rest.ids)


def test_attachment_kept_but_not_copied_into_audit(database, admin, village) -> None:  # type: ignore[no-untyped-def]
    row = _issue(database, admin, village)
    photo = b"\x89PNG fake photo bytes" * 100
    with database.transaction(admin.audit()) as s:
        reg.attach_file(s, admin, row.id, "公示照片.jpg", photo)
    with database.read() as s:
        got = reg.get_notice(s, admin, row.id)
        logs = list(s.scalars(select(AuditLog).where(AuditLog.table_name == "notice_attachment")))
    assert [name for _, name in got.attachments] == ["公示照片.jpg"]
    assert len(logs) == 1 and "fake photo" not in (logs[0].new_value or "")
