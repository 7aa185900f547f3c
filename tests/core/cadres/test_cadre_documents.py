"""驻村考核结果公示, the feedback letter, the one-page record sheet, and the demo teams."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from helpers.cadre_teams import make_teams
from helpers.notice_contacts import fill_complaint_channels, write_complaint_channels
from pypdf import PdfReader

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.cadres import assessment as asm
from fpr_desktop.cadres import attendance as att
from fpr_desktop.cadres import documents as docs
from fpr_desktop.cadres import notice as cn
from fpr_desktop.cadres import roster
from fpr_desktop.cadres.demo import fill_demo_cadres
from fpr_desktop.cadres.models import Cadre
from fpr_desktop.cli.main import main
from fpr_desktop.db.engine import Database
from fpr_desktop.notices import register as reg
from fpr_desktop.projects.notices.build import render

GRADES = {
    "王建国": "优秀",
    "李红梅": "称职",
    "赵小军": "基本称职",
    "孙立平": "称职",
    "周敏": "称职",
}


def text_of(data: bytes) -> str:
    return "".join(re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages)


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def graded_round(s, actor, close=True):  # type: ignore[no-untyped-def]
    from fpr_desktop.base import settings as settings_service

    settings_service.set_value(s, actor, "cadres.excellent_share_percent", 20, 0)  # 5 × 20% = 1
    rid = asm.open_round(s, actor, 2022, "年度考核")
    for r in asm.round_rows(s, actor, rid):
        asm.assess(
            s,
            actor,
            r.id,
            r.version,
            self_report="述职",
            democratic_rating="",
            town_opinion="好",
            unit_opinion="",
            grade=GRADES[r.name],
            decided_on=date(2022, 12, 20),
        )
    if close:
        [rnd] = asm.list_rounds(s, actor)
        asm.close_round(s, actor, rid, rnd.version, date(2022, 12, 25))
    return rid


def test_assessment_notice_lists_grades_and_is_registered(database, admin) -> None:  # type: ignore[no-untyped-def]
    make_teams(database, admin)
    fill_complaint_channels(database, admin)
    with database.transaction(admin.audit()) as s:
        rid = graded_round(s, admin, close=False)
        with pytest.raises(ValidationError, match="考核结束、等次全部确定后才能公示"):
            cn.build_assessment_notice(s, admin, rid)
        [rnd] = asm.list_rounds(s, admin)
        asm.close_round(s, admin, rid, rnd.version, date(2022, 12, 25))
        built, ids = cn.build_assessment_notice(s, admin, rid, window_start=date(2023, 1, 3))
        row = cn.register_assessment_notice(
            s, admin, built, ids, "县委组织部公示栏", backdate_reason="纸质公示已按期张贴"
        )
    text = text_of(render(built))
    assert "关于2022年度驻村第一书记和工作队员年度考核结果的公示" in text
    assert "王建国县农业农村局第一书记上岔村优秀" in text
    assert "共5人" in text and "2023年1月3日至2023年1月12日" in text and "12317" in text
    assert "中共陇县县委组织部" in text
    with database.read() as s:
        stored = reg.get_notice(s, admin, row.id)
    assert stored.kind == "cadre_assessment" and len(stored.covers) == 5


def test_feedback_letter_goes_to_the_dispatching_unit(database, admin) -> None:  # type: ignore[no-untyped-def]
    make_teams(database, admin)
    with database.transaction(admin.audit()) as s:
        rid = graded_round(s, admin, close=False)
        aid = next(r.id for r in asm.round_rows(s, admin, rid) if r.name == "赵小军")
        with pytest.raises(ValidationError, match="考核结束、等次确定后才能出具反馈函"):
            docs.feedback_letter(s, admin, aid, date(2023, 1, 5))
        [rnd] = asm.list_rounds(s, admin)
        asm.close_round(s, admin, rid, rnd.version, date(2022, 12, 25))
        text = text_of(docs.feedback_letter_pdf(s, admin, aid, date(2023, 1, 5)))
    assert "关于赵小军同志驻村2022年度考核结果的反馈函" in text
    assert text.startswith("关于赵小军") and "县农业农村局：" in text
    assert (
        "驻固关镇上岔村队员" in text and "等次确定为“基本称职”" in text and "2023年1月5日" in text
    )


def test_record_sheet_is_one_page_with_the_id_masked(database, admin) -> None:  # type: ignore[no-untyped-def]
    t = make_teams(database, admin)
    wang = t.cadres["王建国"]
    with database.transaction(admin.audit()) as s:
        for m in range(1, 13):
            att.write_month(s, wang, 2022, m, "P" * 22 + "A" * 9)
        graded_round(s, admin)
        data = docs.record_sheet_pdf(s, admin, wang, date(2023, 1, 10))
    text = text_of(data)
    assert pages(data) == 1
    assert "6103**********451X" in text and "61032719850712451X" not in text
    assert "2022年12月22" in text  # December: 22 days in the village
    assert "2022年度考核优秀" in text and "上岔村第一书记陇组字〔2021〕12号" in text


def test_notice_command_builds_and_registers(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("FPR_PASSWORD", "boss-pass-1")
    assert main(["--db", url, "user", "add", "boss", "--role", "admin"]) == 0
    db = Database(url)
    make_teams(db, SYSTEM)
    with db.transaction(SYSTEM.audit()) as s:
        graded_round(s, SYSTEM)
        write_complaint_channels(s)
    db.dispose()
    out = tmp_path / "考核公示.pdf"
    args = ["--db", url, "--user", "boss", "notice", "cadre-assessment", "--year", "2022"]
    assert main([*args, "--town", "固关镇", str(out)]) == 2
    assert main([*args, str(out)]) == 0
    assert "已生成并登记" in capsys.readouterr().err
    assert "赵小军" in text_of(out.read_bytes())


def test_demo_teams_follow_the_rules(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        added = fill_demo_cadres(s, date(2026, 3, 1))
        kinds = {w.kind for w in roster.roster_warnings(s, admin, date(2026, 3, 1))}
        [rnd] = asm.list_rounds(s, admin)
        grades = [r.grade for r in asm.round_rows(s, admin, rnd.id)]
        ids = s.query(Cadre.id_number).all()
    assert added == len(ids) == 34  # 12 villages: 9 teams of 3, 3 of 2, and one replacement
    assert "team" in kinds and rnd.closed_on is not None and all(grades)
    assert grades.count("优秀") <= len(grades) * 15 // 100
    assert all(roster_check(i) for (i,) in ids)


def roster_check(id_number: str) -> bool:
    from fpr_desktop.cadres.rules import check_id_number

    return check_id_number(id_number) == ""
