"""`fpr report attendance`: the town's monthly attendance notice as .xlsx and .pdf."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers.cadre_teams import make_teams
from openpyxl import load_workbook
from pypdf import PdfReader

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.cadres import attendance as att
from fpr_desktop.cli.main import main
from fpr_desktop.db.engine import Database

PASSWORD = "boss-pass-1"


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("FPR_PASSWORD", PASSWORD)
    assert main(["--db", url, "user", "add", "boss", "--role", "admin"]) == 0
    db = Database(url)
    teams = make_teams(db, SYSTEM)
    with db.transaction(SYSTEM.audit()) as s:
        for name, present in (("王建国", 22), ("李红梅", 15), ("孙立平", 21)):
            days = {
                date(2021, 9, 1) + timedelta(days=i): "P" if i < present else "A" for i in range(30)
            }
            att.record_days(s, SYSTEM, teams.cadres[name], days)
    db.dispose()
    return url


def fpr(url: str, *args: str) -> int:
    return main(["--db", url, "--user", "boss", "report", "attendance", *args])


def test_town_workbook_in_official_layout(cli_db: str, tmp_path: Path) -> None:
    out = tmp_path / "固关镇9月考勤.xlsx"
    assert fpr(cli_db, "--month", "2021-09", "--town", "固关镇", str(out)) == 0
    ws = load_workbook(out).worksheets[0]
    cells = [tuple(row) for row in ws.iter_rows(values_only=True)]
    assert cells[0][0] == "固关镇2021年9月驻村干部考勤情况通报"
    rows = {r[3]: r for r in cells if r[3] in ("王建国", "李红梅", "赵小军", "孙立平")}
    assert set(rows) == {"王建国", "李红梅", "赵小军"}  # 孙立平 is in 河北镇
    assert rows["王建国"][6:11] == ("22", "0", "8", "0", None)
    assert rows["李红梅"][10] == "在村不足20天" and rows["赵小军"][10] == "未报送考勤"


def test_county_pdf_names_everyone_below_the_minimum(cli_db: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "全县9月考勤.pdf"
    assert fpr(cli_db, "--month", "2021-09", str(out)) == 0
    text = "".join(
        re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(out.read_bytes())).pages
    )
    assert "陇县2021年9月驻村干部考勤情况通报" in text and "共5人，在村不足20天3人" in text
    assert (
        text.index("王建国") < text.index("李红梅") < text.index("孙立平")
        and "中共陇县县委组织部" in text
    )
    assert "共5人" in capsys.readouterr().err


def test_bad_month_and_suffix_are_usage_errors(cli_db: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        fpr(cli_db, "--month", "2021-13", str(tmp_path / "x.pdf"))
    assert exc.value.code == 2
    assert fpr(cli_db, "--month", "2021-09", str(tmp_path / "x.doc")) == 2
    assert not (tmp_path / "x.doc").exists()
