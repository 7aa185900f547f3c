"""The 文号 of a registered notice: kept as printed (brackets made 〔〕), listed and searchable,
and never given twice by one issuing unit in one year."""

from datetime import date

import pytest
from helpers.project_gates import BACKDATED
from sqlalchemy import func, select

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.notices import register as reg
from fpr_desktop.notices.models import Notice

BUREAU = "陇县乡村振兴局"


@pytest.fixture
def county(database) -> int:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return int(s.scalar(select(Division.id).where(Division.level == "county")))


def _issue(database, admin, county, number: str, **kw):  # type: ignore[no-untyped-def]
    args = dict(
        kind="project_library_announcement",
        level="county",
        title="陇县乡村振兴局关于2021年度项目库入库项目的公告",
        division_id=county,
        covers=[("project", 7)],
        window_start=date(2021, 7, 22),
        issuer=BUREAU,
        backdate_reason=BACKDATED,
        doc_number=number,
    )
    args.update(kw)
    with database.transaction(admin.audit()) as s:
        return reg.issue_notice(s, admin, **args)


def _count(database) -> int:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return int(s.scalar(select(func.count(Notice.id))) or 0)


def test_number_is_kept_listed_and_found(database, admin, county) -> None:  # type: ignore[no-untyped-def]
    row = _issue(database, admin, county, " 陇乡振发[2021] 5号 ")
    assert row.doc_number == "陇乡振发〔2021〕5号"
    with database.read() as s:
        assert reg.get_notice(s, admin, row.id).doc_number == "陇乡振发〔2021〕5号"
        src = reg.NoticeSource(s, admin, reg.NoticeFilter(search="陇乡振发"))
        ids = src.fetch_ids(s, None, 50).ids
        assert ids == [row.id]
        keys = [c.key for c in src.columns]
        assert src.fetch_rows(s, ids)[row.id][keys.index("doc_number")] == "陇乡振发〔2021〕5号"


def test_same_unit_same_year_twice_is_refused_and_nothing_written(database, admin, county) -> None:  # type: ignore[no-untyped-def]
    first = _issue(database, admin, county, "陇乡振发〔2021〕5号")
    before = _count(database)
    with pytest.raises(ValidationError) as refused:  # a joint notice led by the same bureau
        _issue(database, admin, county, "陇乡振发〔2021〕5号", issuer=f"{BUREAU}、陇县财政局")
    message = str(refused.value)
    assert "陇乡振发〔2021〕5号" in message and "同一发文单位同一年度的文号不能重复" in message
    assert reg.notice_number(first.year, first.id) in message
    assert _count(database) == before
    with database.transaction(admin.audit()) as s:  # withdrawn: the number stays used
        s.get(Notice, first.id).withdrawn = True
    with pytest.raises(ValidationError):
        _issue(database, admin, county, "陇乡振发〔2021〕5号")
    # another unit may have its own 5号, and so may the next one
    other = _issue(database, admin, county, "陇乡振发〔2021〕5号", issuer="陇县财政局")
    assert other.doc_number == "陇乡振发〔2021〕5号"
    assert _issue(database, admin, county, "陇乡振发〔2021〕6号").doc_number.endswith("6号")


def test_year_in_the_number_must_be_the_year_it_is_issued(database, admin, county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="年份 2020 与发布日期所在的 2021 年不一致"):
        _issue(database, admin, county, "陇乡振发〔2020〕5号")
    assert _count(database) == 0
    # no number at all is fine, as often as needed
    assert _issue(database, admin, county, "").doc_number == ""
    assert _issue(database, admin, county, "").doc_number == ""
