"""Importing a town's asset ledger: tolerant headers, all-or-nothing, re-import, undo, export."""

from datetime import date
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fpr_desktop.assets.ledgers import LedgerScope, LedgerSource, reconcile
from fpr_desktop.assets.models import Asset
from fpr_desktop.submissions.files import export_kind
from fpr_desktop.submissions.importer import ImportOptions, run_import

HEADER = [
    *("序号", "资产代码", "名称", "类型", "性质", "数量", "单位", "所在镇", "所在村"),
    *("原值(万元)", "确权层级", "户主", "登记日期", "状态"),
]


def workbook(path, rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.title = "资产台账"
    ws.append(["固关镇扶贫项目资产台账"])
    ws.append(HEADER)
    for n, r in enumerate(rows, 1):
        ws.append([n, *r])
    ws.append(["合计"])
    wb.save(path)
    return path


GOOD = [
    [
        "GG-001",
        "上岔村光伏电站",
        "经营性资产",
        "固定",
        "100",
        "千瓦",
        "固关镇",
        "上岔村",
        30,
        "村",
        "",
        date(2019, 6, 1),
        "在用",
    ],
    [
        "GG-002",
        "产业路",
        "公益性",
        "固定资产",
        "2",
        "公里",
        "固关",
        None,
        "12.5",
        "镇级",
        "",
        "2019-07-01",
        "闲置",
    ],
    [
        "",
        "能繁母牛",
        "到户类",
        "生物",
        "2",
        "头",
        "固关镇",
        "上岔村",
        1.2,
        "户",
        "张三",
        "2020年3月5日",
        "",
    ],
]


def test_town_ledger_imports_into_cards_and_reconciles(database, admin, place, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "固关镇资产台账.xlsx", GOOD)
    outcome = run_import(database, admin, path, "assets", ImportOptions(town_id=place.town))
    assert outcome.ok, outcome.lines()
    assert (outcome.created, len(outcome.result.warnings)) == (3, 1)  # the row with no code
    with database.read() as s:
        totals = LedgerSource(s, admin, LedgerScope("town", place.town)).totals(s)
        cow = s.scalar(select(Asset).where(Asset.name == "能繁母牛"))
        assert reconcile(s, admin).balanced
    assert totals.count == 3 and totals.sums["original_value"] == Decimal("437000.00")
    assert (cow.owner_tier, cow.owner_name, cow.registered_on) == (
        "household",
        "张三",
        date(2020, 3, 5),
    )
    # the same file again changes nothing
    again = run_import(database, admin, path, "assets", ImportOptions(town_id=place.town))
    assert again.ok and again.created == 0


def test_a_bad_row_rejects_the_whole_file(database, admin, place, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = [
        *GOOD[:2],
        [
            "GG-003",
            "水窖",
            "公益性",
            "固定",
            "1",
            "座",
            "固关镇",
            "上岔村",
            3,
            "户",
            "",
            None,
            "在用",
        ],
    ]
    outcome = run_import(
        database,
        admin,
        workbook(tmp_path / "bad.xlsx", bad),
        "assets",
        ImportOptions(town_id=place.town),
    )
    assert not outcome.ok
    messages = " ".join(p.message for p in outcome.result.problems)
    assert "第 5 行" in messages and "户主姓名" in messages
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Asset)) == 0


def test_import_can_be_undone_and_exported(database, admin, place, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.submissions import register as reg

    outcome = run_import(
        database,
        admin,
        workbook(tmp_path / "a.xlsx", GOOD),
        "assets",
        ImportOptions(town_id=place.town),
    )
    out = tmp_path / "export.xlsx"
    with database.read() as s:
        assert export_kind(s, admin, "assets", out, town_id=place.town) == 3
    ws = load_workbook(out).worksheets[0]
    assert any(r[0] == "合计" for r in ws.iter_rows(values_only=True))
    with database.transaction(admin.audit()) as s:
        reg.undo_submission(s, admin, outcome.submission_id)
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Asset)) == 0
