"""`fpr report assets`: the three tiers' ledgers in Excel and PDF, with the right totals."""

from decimal import Decimal

from helpers.assets_support import accepted_project, part, register_assets
from openpyxl import load_workbook

from fpr_desktop.assets.cards import Owner
from fpr_desktop.cli.main import main

ADMIN_PASSWORD = "admin-pass-1"  # the `admin` fixture's password (tests/conftest.py)


def seed(database, admin, place):  # type: ignore[no-untyped-def]
    pid = accepted_project(database, admin, place)
    register_assets(
        database,
        admin,
        place,
        pid,
        [
            part("100000.00", Owner("county", place.county), place.village, name="光伏电站"),
            part("200000.00", Owner("village", place.village), place.village),
            part("148000.00", Owner("household", place.village, "张三"), place.village, name="牛"),
        ],
    )


def report(database, *args: str) -> int:  # type: ignore[no-untyped-def]
    return main(
        [
            "--db",
            str(database.engine.url.render_as_string(False)),
            "--user",
            "admin",
            "report",
            "assets",
            *args,
        ]
    )


def test_town_ledger_exports_to_excel_with_total_and_summary(
    database, admin, place, tmp_path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    seed(database, admin, place)
    monkeypatch.setenv("FPR_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "town.xlsx"
    assert report(database, "--tier", "town", "--town", "固关镇", str(out)) == 0
    assert "已导出 2 项资产" in capsys.readouterr().out
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert "固关镇扶贫项目资产台账（镇级）" in str(cells[0][0])
    total_row = next(r for r in cells if r[0] == "合计")
    header = next(r for r in cells if r[0] == "序号")
    assert Decimal(
        str(total_row[next(i for i, h in enumerate(header) if str(h).startswith("资产原值"))])
    ) == Decimal("348000")
    summary = {r[0]: r[1:] for r in wb["分类汇总"].iter_rows(values_only=True)}
    assert summary["经营性资产小计"][0] == 2


def test_county_ledger_pdf_and_refusals(
    database, admin, place, tmp_path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    seed(database, admin, place)
    monkeypatch.setenv("FPR_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "county.pdf"
    assert report(database, "--tier", "county", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert report(database, "--tier", "town", str(tmp_path / "x.xlsx")) == 2
    assert "--town" in capsys.readouterr().err
    assert (
        report(database, "--tier", "village", "--village", "上岔村", str(tmp_path / "x.doc")) == 2
    )


def test_export_rows_read_from_the_driver_match_the_records(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    """The export reads the driver's own values (integer 分, a date as the driver gives it):
    every row equals what the asset cards say, money to the 分 and dates as dates."""
    from sqlalchemy import select

    from fpr_desktop.assets.ledgers import LedgerScope, LedgerSource
    from fpr_desktop.assets.models import Asset
    from fpr_desktop.assets.report import export_rows

    seed(database, admin, place)
    with database.read() as s:
        rows = list(export_rows(s, LedgerSource(s, admin, LedgerScope("county")), batch=2))
        cards = s.scalars(select(Asset).order_by(Asset.id)).all()
        assert len(rows) == len(cards) == 3
        for row, card in zip(rows, cards, strict=True):
            assert row["code"] == card.code and row["name"] == card.name
            assert row["original_value"] == card.original_value
            assert str(row["original_value"]) == f"{card.original_value:.2f}"
            assert row["registered_on"] == card.registered_on
            assert card.registered_on is None or type(row["registered_on"]) is type(
                card.registered_on
            )
        assert [r["original_value"] for r in rows] == [
            Decimal("100000.00"),
            Decimal("200000.00"),
            Decimal("148000.00"),
        ]
        assert [r["owner_tier"] for r in rows] == ["县", "村", "户"]
        assert all(r["registered_on"] is not None for r in rows)  # the dates were compared
