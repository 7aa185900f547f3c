"""Importing towns and villages (行政区划): new villages, flags and codes, town scope, templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import import_support as sup
from openpyxl import load_workbook
from sqlalchemy import func, select

from fpr_desktop.base.models import Division
from fpr_desktop.exchange.layout import LIST_SHEET, META_SHEET
from fpr_desktop.submissions import register as reg
from fpr_desktop.submissions.importer import run_import


def _division(db, name: str) -> Division | None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(select(Division).where(Division.name == name)).one_or_none()


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count(Division.id))) or 0)


def test_new_village_flags_and_codes(database, admin, tmp_path: Path) -> None:
    tpl = sup.template(database, admin, "divisions", tmp_path / "区划模板.xlsx")
    rows = [
        {"town": "固关镇", "code": "610327109", "note": "辖9个行政村"},
        {"town": "固关", "village": "上岔", "code": "610327109201", "flag:脱贫村": "是"},
        {"town": "固关镇", "village": "新建村", "flag:重点帮扶村": "√", "note": "2024年新设"},
        {"town": "新设镇", "note": "新设立的镇"},
        {"town": "新设镇", "village": "示范村"},
    ]
    path = sup.fill(database, "divisions", tpl, tmp_path / "区划.xlsx", rows)
    out = run_import(database, admin, path, "divisions")
    assert out.ok, out.lines()
    assert (out.created, out.updated, out.unchanged) == (3, 2, 0)
    shangcha = _division(database, "上岔村")
    assert shangcha is not None and shangcha.code == "610327109201"
    assert shangcha.flag_list() == ["脱贫村"]
    new = _division(database, "新建村")
    assert new is not None and new.flag_list() == ["重点帮扶村"] and new.note == "2024年新设"
    town = _division(database, "新设镇")
    village = _division(database, "示范村")
    assert town is not None and village is not None and village.parent_id == town.id
    assert village.town_id == town.id


def test_village_of_an_unknown_town_creates_the_town(database, admin, tmp_path: Path) -> None:
    tpl = sup.template(database, admin, "divisions", tmp_path / "t.xlsx")
    path = sup.fill(
        database, "divisions", tpl, tmp_path / "d.xlsx", [{"town": "无此镇", "village": "甲村"}]
    )
    out = run_import(database, admin, path, "divisions")
    assert out.ok and out.created == 2, out.lines()
    town, village = _division(database, "无此镇"), _division(database, "甲村")
    assert town is not None and town.level == "town"
    assert village is not None and village.parent_id == town.id


def test_town_clerk_adds_villages_of_their_town_only(
    database, user_factory, tmp_path: Path
) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    tpl = sup.template(database, clerk, "divisions", tmp_path / "t.xlsx")
    rows = [
        {"town": "固关镇", "village": "新村一"},
        {"town": "河北镇", "village": "新村二"},
        {"town": "另一新镇"},
    ]
    path = sup.fill(database, "divisions", tpl, tmp_path / "d.xlsx", rows)
    before = _count(database)
    out = run_import(database, clerk, path, "divisions")
    assert not out.ok and out.rejected == 2
    messages = [p.message for p in out.result.problems]
    assert all("只能导入固关镇的数据" in m for m in messages), messages
    assert _count(database) == before
    ok = sup.fill(database, "divisions", tpl, tmp_path / "ok.xlsx", rows[:1])
    assert run_import(database, clerk, ok, "divisions").created == 1


def test_template_has_town_dropdown_flag_dropdowns_and_hidden_meta(
    database, admin, user_factory, tmp_path: Path
) -> None:
    clerk = user_factory("gg", "town", "固关镇")
    path = sup.template(database, clerk, "divisions", tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert wb[META_SHEET].sheet_state == "hidden" and wb[LIST_SHEET].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows(min_row=2)}
    assert (
        meta["kind"] == "divisions" and meta["town"] == "固关镇" and meta["template_version"] == "1"
    )
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 5  # 乡镇 + four 是/否 flags
    town_list = next(dv for dv in lists if str(dv.sqref).startswith("A"))
    name = town_list.formula1
    ref = wb.defined_names[name].attr_text
    cells = [row[0].value for row in wb[LIST_SHEET][ref.split("!")[1].replace("$", "")]]
    assert cells == ["固关镇"]


def test_undo_removes_the_villages_again(database, admin, tmp_path: Path) -> None:
    tpl = sup.template(database, admin, "divisions", tmp_path / "t.xlsx")
    rows = [
        {"town": "固关镇", "village": "新村一"},
        {"town": "固关镇", "village": "上岔村", "note": "改备注"},
    ]
    out = run_import(
        database,
        admin,
        sup.fill(database, "divisions", tpl, tmp_path / "d.xlsx", rows),
        "divisions",
    )
    assert (out.created, out.updated) == (1, 1)
    with database.transaction(admin.audit()) as s:
        reg.undo_submission(s, admin, out.submission_id)
    assert _division(database, "新村一") is None
    shangcha = _division(database, "上岔村")
    assert shangcha is not None and shangcha.note == ""


@pytest.mark.parametrize("bad", ["是否", "maybe"])
def test_a_flag_that_is_not_yes_or_no_is_a_problem(
    database, admin, tmp_path: Path, bad: str
) -> None:
    tpl = sup.template(database, admin, "divisions", tmp_path / "t.xlsx")
    rows = [{"town": "固关镇", "village": "上岔村", "flag:脱贫村": bad}]
    out = run_import(
        database,
        admin,
        sup.fill(database, "divisions", tpl, tmp_path / "d.xlsx", rows),
        "divisions",
    )
    assert not out.ok and "不在可选范围内" in out.result.problems[0].message


def test_an_old_template_version_is_imported_with_a_warning(
    database, admin, tmp_path: Path
) -> None:
    tpl = sup.template(database, admin, "divisions", tmp_path / "t.xlsx")
    wb = load_workbook(tpl)
    meta = wb[META_SHEET]
    row = next(r for r in meta.iter_rows(min_row=2) if r[0].value == "template_version")
    row[1].value = "0"
    wb.save(tpl)
    path = sup.fill(database, "divisions", tpl, tmp_path / "d.xlsx", [{"town": "固关镇"}])
    out = run_import(database, admin, path, "divisions")
    assert out.ok and any("旧版模板" in w.message for w in out.result.warnings)
