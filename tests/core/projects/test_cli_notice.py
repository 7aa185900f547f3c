"""`fpr notice`: writes the PDF, records it in the register (not with --draft), exit codes."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.models import Division, Setting
from fpr_desktop.cli.main import main
from fpr_desktop.db.engine import Database
from fpr_desktop.notices.models import Notice, NoticeItem
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project

PASSWORD = "notice-admin-1"


def _add(s, name: str, village: str, status: str, fiscal: str = "298625.88") -> int:  # type: ignore[no-untyped-def]
    village_row = s.scalar(select(Division).where(Division.name == village))
    pid = prj.create_project(
        s,
        SYSTEM,
        prj.ProjectInput(
            name=name,
            year=2022,
            category_id=category_by_path(s, "乡村建设/道路"),
            construction_type="新建",
            town_id=village_row.parent_id,
            village_id=village_row.id,
            content="硬化道路3.5公里",
            total_investment=Decimal(fiscal),
            fiscal_funds=Decimal(fiscal),
            targets=[prj.TargetInput("产出指标", "硬化里程", "公里", "3.5")],
        ),
    )
    s.get(Project, pid).status = status
    return pid


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("FPR_PASSWORD", PASSWORD)
    assert main(["--db", url, "user", "add", "boss", "--role", "admin"]) == 0
    db = Database(url)
    with db.transaction(SYSTEM.audit()) as s:
        _add(s, "上岔村通组道路硬化项目", "上岔村", "village_publicity")
        _add(s, "上岔村人饮巩固提升项目", "上岔村", "village_publicity", "1615000")
        _add(s, "东坡村产业路项目", "东坡村", "pre_publicity", "420000")
        _add(s, "东坡村冷库项目", "东坡村", "pre_publicity", "850000")
        for key, value in CONTACTS.items():
            s.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    db.dispose()
    return url


CONTACTS = {
    "publicity.local_phone": "0917-4621318",
    "publicity.complaint_address": "陇县东大街1号",
    "publicity.town_contacts": "固关镇，0917-4651001，固关镇人民政府党政办",
}


def notices(url: str) -> list[tuple[Notice, int]]:
    db = Database(url)
    with db.read() as s:
        rows = s.execute(
            select(Notice, func.count(NoticeItem.id))
            .join(NoticeItem, NoticeItem.notice_id == Notice.id)
            .group_by(Notice.id)
        ).all()
    db.dispose()
    return [(n, c) for n, c in rows]


def fpr(url: str, *args: str) -> int:
    return main(["--db", url, "--user", "boss", "notice", *args])


def test_writes_pdf_and_records_the_notice(cli_db: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "上岔村公示.pdf"
    code = fpr(
        cli_db,
        "project-library",
        "--year",
        "2022",
        "--village",
        "上岔村",
        "--from",
        "2022-05-09",
        "--posted-at",
        "上岔村村务公开栏",
        "--backdate-reason",
        "纸质公示已先行张贴",
        str(out),
    )
    assert code == 0, capsys.readouterr().err
    text = "".join(re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages)
    assert "上岔村通组道路硬化项目" in text and "29.86" in text and "191.36" in text
    [(notice, covered)] = notices(cli_db)
    assert (notice.kind, notice.level, covered) == ("project_library_publicity", "village", 2)
    assert (notice.window_start, notice.window_end) == (date(2022, 5, 9), date(2022, 5, 18))
    assert notice.posted_at == "上岔村村务公开栏"
    assert "已登记公告公示" in capsys.readouterr().out
    # what a villager reads: who to go to, where, and which phone — the town's, then the county's
    assert "向上岔村村民委员会或固关镇人民政府反映" in text
    assert "联系地址：固关镇人民政府党政办" in text
    assert "固关镇人民政府0917-4651001；陇县乡村振兴局0917-4621318" in text
    assert "12317" in text and "（本地）" not in text
    # the title names what is publicised (2 projects: both by name)
    assert notice.title.startswith("固关镇上岔村村民委员会关于上岔村通组道路硬化项目")


def test_a_notice_without_the_towns_phone_is_not_registered(
    cli_db: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = Database(cli_db)
    with db.transaction(SYSTEM.audit()) as s:
        s.get(Setting, "publicity.town_contacts").value = json.dumps("河北镇，0917-1，河北镇")
    db.dispose()
    out = tmp_path / "no-phone.pdf"
    code = fpr(cli_db, "project-library", "--year", "2022", "--village", "上岔村", str(out))
    assert code == 1
    err = capsys.readouterr().err
    assert "缺少受理投诉地址、监督电话" in err and "中固关镇的一行（固关镇，电话，地址）" in err
    assert notices(cli_db) == []


def test_draft_writes_pdf_only(cli_db: str, tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"
    assert (
        fpr(cli_db, "project-library", "--year", "2022", "--village", "上岔村", "--draft", str(out))
        == 0
    )
    assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) >= 1
    assert notices(cli_db) == []


def test_one_pre_implementation_notice_per_project(cli_db: str, tmp_path: Path) -> None:
    assert fpr(cli_db, "pre-implementation", "--year", "2022", str(tmp_path / "pre.pdf")) == 0
    assert sorted(p.name for p in tmp_path.glob("pre-*.pdf")) == [
        "pre-东坡村产业路项目.pdf",
        "pre-东坡村冷库项目.pdf",
    ]
    assert [c for _, c in notices(cli_db)] == [1, 1]


def test_nothing_matching_exits_1_and_writes_nothing(cli_db: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "none.pdf"
    assert fpr(cli_db, "acceptance", "--year", "2022", "--town", "固关镇", str(out)) == 1
    assert "固关镇没有2022年度处于“已验收”的项目" in capsys.readouterr().err
    assert not out.exists() and notices(cli_db) == []


def test_module_notices_with_nothing_to_post_exit_1(cli_db: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert fpr(cli_db, "fund-allocation", "--year", "2022", str(tmp_path / "x.pdf")) == 1
    assert "衔接资金还没有分配到全县的项目" in capsys.readouterr().err  # landed: nothing assigned
    # the assets module's notices are built; this library has no assets: nothing to post
    for kind, args, text in (
        ("asset-handover", (), "陇县没有2022年度办理确权移交的资产"),
        (
            "income-distribution",
            ("--village", "上岔村"),
            "上岔村没有2022年度经县级同意的收益分配方案",
        ),
    ):
        assert fpr(cli_db, kind, "--year", "2022", *args, str(tmp_path / "x.pdf")) == 1
        assert text in capsys.readouterr().err
    assert (
        fpr(cli_db, "completion", "--announcement", "--year", "2022", str(tmp_path / "x.pdf")) == 2
    )
    assert not (tmp_path / "x.pdf").exists()
    assert fpr(cli_db, "cadre-assessment", "--year", "2022", str(tmp_path / "x.pdf")) == 1
    assert "2022年没有年度考核" in capsys.readouterr().err


def test_wrong_password_and_unknown_village(
    cli_db: str, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = str(tmp_path / "x.pdf")
    assert fpr(cli_db, "project-library", "--year", "2022", "--village", "无此村", out) == 1
    assert "没有名为“无此村”的村" in capsys.readouterr().err
    monkeypatch.setenv("FPR_PASSWORD", "wrong")
    assert fpr(cli_db, "project-library", "--year", "2022", out) == 1


def test_town_and_village_typed_the_short_way(cli_db: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`--town 固关` works for `fpr notice` as it does for `fpr import` (the same look-up)."""
    out = tmp_path / "short.pdf"
    code = fpr(
        cli_db, "project-library", "--year", "2022", "--town", "固关", "--village", "上岔", str(out)
    )
    assert code == 0, capsys.readouterr().err
    [(notice, covered)] = notices(cli_db)
    assert (notice.level, covered) == ("village", 2)
    assert fpr(cli_db, "project-library", "--year", "2022", "--town", "无此镇", str(out)) == 1
    assert "没有名为“无此镇”的镇" in capsys.readouterr().err


def test_number_is_printed_kept_and_not_given_twice(cli_db: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["project-library", "--year", "2022", "--village", "上岔村", "--from", "2022-05-09"]
    args += ["--backdate-reason", "纸质公示已先行张贴", "--number", "上岔村发[2022]12号"]
    out = tmp_path / "county.pdf"
    assert fpr(cli_db, *args, str(out)) == 0, capsys.readouterr().err
    text = "".join(re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages)
    assert "上岔村发〔2022〕12号" in text  # under the title, brackets as a 文号 has them
    assert "文号 上岔村发〔2022〕12号" in capsys.readouterr().out
    [(notice, _covered)] = notices(cli_db)
    assert notice.doc_number == "上岔村发〔2022〕12号"
    # the same number for another notice of the bureau that year: refused, nothing written
    again = tmp_path / "again.pdf"
    assert fpr(cli_db, *args, str(again)) == 1
    err = capsys.readouterr().err
    assert "已用于固关镇上岔村村民委员会2022年发布的" in err and "文号不能重复" in err
    assert not again.exists() and len(notices(cli_db)) == 1
    # 实施前公示 is one notice per project: one number cannot go on two of them
    pre = ["pre-implementation", "--year", "2022", "--from", "2022-05-09"]
    pre += ["--backdate-reason", "补登", "--number", "固政发〔2022〕3号", str(tmp_path / "p.pdf")]
    assert fpr(cli_db, *pre) == 1
    assert "一个文号只能用于一份公告" in capsys.readouterr().err
    assert len(notices(cli_db)) == 1


def test_a_number_for_a_notice_that_prints_none_is_refused(
    cli_db: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    args = ["cadre-assessment", "--year", "2022", "--number", "陇组发〔2022〕1号", str(out)]
    assert fpr(cli_db, *args) == 2
    assert "驻村考核结果公示的标题下不印文号，请去掉 --number" in capsys.readouterr().err
    assert not out.exists() and notices(cli_db) == []
