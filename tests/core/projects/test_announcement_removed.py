"""The 入库公告 lists the projects taken out of the library (调出) apart — name, place, when and
why — and leaves no empty table when none were; printed again from the register, it keeps its
调出 list and its 文号."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from helpers.notice_contacts import fill_complaint_channels
from helpers.project_gates import BACKDATED, Driver, new_project, set_status
from pypdf import PdfReader

from fpr_desktop.documents.model import Table
from fpr_desktop.notices import register as reg
from fpr_desktop.projects.notices import build as nb

START = date(2022, 5, 9)
KEPT, OUT, STOPPED = "上岔村核桃提质增效项目", "上岔村果品冷库建设项目", "上岔村通组道路项目"
REASON = "群众意愿发生变化，经村民代表会议决议放弃实施"


def text_of(data: bytes) -> str:
    return "".join(re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages)


def announce(database, actor, **kw) -> nb.BuiltNotice:  # type: ignore[no-untyped-def]
    with database.read() as s:
        req = nb.NoticeRequest("project_library_announcement", 2022, window_start=START, **kw)
        [built] = nb.build_notices(s, actor, req)
    return built


def removed_table(built: nb.BuiltNotice) -> Table | None:
    tables = [b for b in built.document.preamble if isinstance(b, Table)]
    return next((t for t in tables if any(c.key == "reason" for c in t.columns)), None)


@pytest.fixture
def library(database, admin, place) -> dict[str, int]:  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)
    ids = {}
    for name, status in ((KEPT, "in_library"), (OUT, "in_library"), (STOPPED, "town_review")):
        d = new_project(database, admin, place, name=name)
        set_status(database, admin, d.id, status)
        ids[name] = d.id
    Driver(database, ids[OUT]).step(admin, "remove", opinion=REASON)
    Driver(database, ids[STOPPED]).step(admin, "terminate", opinion="重复申报")  # never entered
    return ids


def test_projects_taken_out_are_listed_with_place_and_reason(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    built = announce(database, admin)
    table = removed_table(built)
    assert table is not None
    assert [(r["project_name"], r["location"], r["reason"]) for r in table.rows] == [
        (OUT, "固关镇上岔村", REASON)
    ]
    text = text_of(nb.render(built))
    assert "经县级审定，以下1个项目调出项目库" in text and REASON in text
    assert STOPPED not in text  # stopped during review: it never was in the library
    # the title and the count name what is in the library; the notice covers both
    assert KEPT in built.title and OUT not in built.title
    assert "共入库项目1个" in text
    assert set(built.project_ids) == {library[KEPT], library[OUT]}


def test_printed_again_keeps_its_list_and_number(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    built = announce(database, admin, doc_number="陇乡振发〔2022〕8号")
    assert built.document.subtitle == "陇乡振发〔2022〕8号"
    with database.transaction(admin.audit()) as s:
        row = nb.register(s, admin, built, backdate_reason=BACKDATED)
    assert row.doc_number == "陇乡振发〔2022〕8号"
    with database.read() as s:
        again = nb.build_notices(s, admin, nb.request_for(reg.get_notice(s, admin, row.id)))[0]
    assert again.document.subtitle == "陇乡振发〔2022〕8号"
    assert again.title == built.title
    table = removed_table(again)
    assert table is not None and [r["project_name"] for r in table.rows] == [OUT]
    # a second notice with the same number is refused before anything is written
    with database.read() as s:
        assert "文号不能重复" in nb.registration_refusal(s, built)


def test_none_taken_out_no_empty_table(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)
    d = new_project(database, admin, place, name=KEPT)
    set_status(database, admin, d.id, "in_library")
    built = announce(database, admin)
    assert removed_table(built) is None
    assert "调出" not in text_of(nb.render(built))
