"""资金分配公告 built from the ledger: sources by level with their documents, projects, totals."""

from __future__ import annotations

import io
import re
from datetime import date

from funds_support import sample_ledger
from helpers.notice_contacts import fill_complaint_channels
from pypdf import PdfReader

from fpr_desktop.cli.main import main
from fpr_desktop.projects.notices import build as nb


def test_fund_allocation_notice_lists_sources_and_projects(database, admin) -> None:  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    with database.read() as s:
        [built] = nb.build_notices(
            s, admin, nb.NoticeRequest("fund_allocation", 2021, window_start=date(2021, 7, 22))
        )
    assert built.title == "关于2021年度财政衔接推进乡村振兴补助资金分配情况的公告"
    assert built.issuer == "陇县乡村振兴局、陇县财政局"
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(nb.render(built))).pages)
    )
    # 105万 assigned from the 2021 documents: 中央 75 (1号 40+30, 3号 5), 省级 30 (2号)
    assert "共下达财政衔接推进乡村振兴补助资金105.00万元" in text
    assert "中央资金陕财农〔2021〕1号、陕财农〔2021〕3号75.00" in text
    assert "省级资金陕财农〔2021〕2号30.00" in text
    assert "本次共安排项目2个，分配资金105.00万元" in text
    assert "上岔村核桃园固关镇上岔村建设内容60.00" in text


def test_cli_builds_and_registers_it(database, admin, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    sample_ledger(database, admin)
    fill_complaint_channels(database, admin)
    monkeypatch.setenv("FPR_PASSWORD", "admin-pass-1")  # the `admin` fixture's password
    url = database.url.render_as_string(hide_password=False)
    out = tmp_path / "资金分配公告.pdf"
    argv = ["--db", url, "--user", "admin", "notice", "fund-allocation", "--year", "2021", str(out)]
    assert main(argv) == 0
    assert "资金分配公告" in capsys.readouterr().out and out.exists()
