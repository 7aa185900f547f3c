"""`fpr county set` + `fpr import divisions` + `fpr import projects --year`: another county set up
from the command line, and the summary listing what was filled in and which rows are drafts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers.real_lists import Item, Shape, write_list
from openpyxl import Workbook

from fpr_desktop.cli.main import main

PASSWORD = "admin-pass-1"


def test_another_county_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("FPR_PASSWORD", PASSWORD)
    assert main(["--db", url, "user", "add", "admin", "--role", "admin"]) == 0

    def run(*args: str) -> int:
        return main(["--db", url, "--user", "admin", *args])

    assert run("county", "set", "--name", "临城县", "--divisions", "import") == 0
    assert "乡镇 0 个，村（社区） 0 个" in capsys.readouterr().out
    wb = Workbook()
    for row in (
        ["乡镇", "村"],
        ["临城镇", "北驾廻村"],
        ["临城镇", "陈家崇村"],
        ["郝庄镇", "郝庄村"],
    ):
        wb.active.append(row)
    wb.save(tmp_path / "区划.xlsx")
    assert run("import", "divisions", str(tmp_path / "区划.xlsx"), "--dry-run") == 0
    assert "新增乡镇 2 个：临城镇、郝庄镇" in capsys.readouterr().out
    assert run("import", "divisions", str(tmp_path / "区划.xlsx")) == 0
    capsys.readouterr()
    items = [
        Item("临城镇", ("北驾廻村", "陈家崇村"), "临城镇道路硬化工程", Decimal("20")),
        Item("郝庄镇", ("郝庄村",), "郝庄村村史馆", Decimal("5.5")),
    ]
    path = write_list(tmp_path / "清单.xlsx", items, Shape(place="together", content=False))
    assert run("import", "projects", str(path)) == 1  # no year anywhere: said, nothing written
    assert "没有年度" in capsys.readouterr().out
    assert run("import", "projects", str(path), "--year", "2023") == 0
    out = capsys.readouterr().out
    assert "新增 2 行" in out and "年度按导入时指定的年度取 2023 年，2 行" in out
    assert "待完善草稿 2 行（缺建设内容及规模 2 行，缺绩效目标 2 行，缺项目类别 1 行）" in out
    assert "已按关键词建议项目类别（请核对）：道路 1 行" in out
    assert "已登记报送：临城镇、郝庄镇（2 个乡镇） 2023年" in out
    assert run("county", "set", "--name", "平利县", "--divisions", "import") == 1  # has projects
