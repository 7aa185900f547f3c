"""Division lists as counties publish them: one row per village with its town, a county column,
town and village in one cell, 街道/社区 — the towns they name are created, a dry run says so."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from fpr_desktop.base.models import Division
from fpr_desktop.submissions.importer import ImportOptions, run_import


def _book(path: Path, rows: list[list[object]], title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _children(db, town: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        t = s.scalars(select(Division).where(Division.name == town)).one()
        return list(s.scalars(select(Division.name).where(Division.parent_id == t.id)))


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count(Division.id))) or 0)


def test_flat_town_village_list_with_county_column_creates_towns(
    database, admin, tmp_path: Path
) -> None:
    rows = [
        ["县", "乡镇（街道）", "村（社区）"],
        ["陇县", "北坡镇", "北驾廻村"],
        ["陇县", "北坡镇", "陈家崇村"],
        ["陇县", "城南街道", "东街社区"],
        ["陇县", "城南街道办事处", "西街社区"],  # the same street office written in full
    ]
    path = _book(tmp_path / "区划.xlsx", rows, "陇县行政区划一览表")
    before = _count(database)
    dry = run_import(database, admin, path, "divisions", ImportOptions(dry_run=True))
    text = "\n".join(dry.lines())
    assert dry.ok and "新增乡镇 2 个：北坡镇、城南街道" in text, text
    assert "新增村（社区） 4 个：北坡镇 2 个，城南街道 2 个" in text
    assert _count(database) == before  # the dry run wrote nothing
    out = run_import(database, admin, path, "divisions")
    assert out.ok and out.created == 6, out.lines()
    assert sorted(_children(database, "北坡镇")) == ["北驾廻村", "陈家崇村"]
    assert sorted(_children(database, "城南街道")) == ["东街社区", "西街社区"]


def test_town_and_village_in_one_cell(database, admin, tmp_path: Path) -> None:
    rows = [
        ["序号", "村（社区）"],
        [1, "临城镇北驾廻村"],
        [2, "临城镇陈家崇村"],
        [3, "固关镇新庄村"],
    ]
    out = run_import(database, admin, _book(tmp_path / "一栏.xlsx", rows), "divisions")
    assert out.ok, out.lines()
    assert sorted(_children(database, "临城镇")) == ["北驾廻村", "陈家崇村"]
    assert "新庄村" in _children(database, "固关镇")


def test_another_county_in_the_county_column_is_refused(database, admin, tmp_path: Path) -> None:
    rows = [["县", "乡镇", "村"], ["千阳县", "城关镇", "甲村"]]
    before = _count(database)
    out = run_import(database, admin, _book(tmp_path / "外县.xlsx", rows), "divisions")
    assert not out.ok and "与本系统设置的县“陇县”不一致" in out.result.problems[0].message
    assert out.result.problems[0].location.column is not None  # the county cell is marked
    assert _count(database) == before


def test_a_cell_that_names_no_town_is_an_error(database, admin, tmp_path: Path) -> None:
    rows = [["序号", "村（社区）"], [1, "北驾廻村"]]
    out = run_import(database, admin, _book(tmp_path / "无镇.xlsx", rows), "divisions")
    assert not out.ok and "分不出乡镇和村" in out.result.problems[0].message
