"""The 年度计划公告 prints the plan checks a county posts: the industry share of 衔接资金 against
the setting, the 脱贫村 / 非贫困村 split, and the projects flagged (教育/卫生/养老/文化, planned
above the request) — the flagged sentences only when there are such projects."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

from helpers.project_gates import PLAN_DECISION, Driver, new_project, set_status
from pypdf import PdfReader

from fpr_desktop.base.models import Division
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.notices import build as nb

INDUSTRY, SCHOOL = "上岔村核桃提质增效项目", "上岔村幼儿园改造项目"


def text_of(data: bytes) -> str:
    return "".join(re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages)


def planned(database, admin, place, amount: str, **kw) -> Driver:  # type: ignore[no-untyped-def]
    d = new_project(database, admin, place, **kw)
    set_status(database, admin, d.id, "in_library")
    with database.transaction(admin.audit()) as s:
        rec.add_to_plan(
            s,
            admin,
            d.id,
            d.version(),
            year=2022,
            funds={"中央衔接资金": Decimal(amount)},
            decision=PLAN_DECISION,
        )
    return d


def plan_text(database, admin) -> str:  # type: ignore[no-untyped-def]
    with database.read() as s:
        req = nb.NoticeRequest("annual_plan", 2022, window_start=date(2022, 5, 9))
        [built] = nb.build_notices(s, admin, req)
    return text_of(nb.render(built))


def test_share_split_and_flagged_projects_are_printed(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    with database.transaction(admin.audit()) as s:
        s.get(Division, village.id).flags = "脱贫村"
        road = category_by_path(s, "乡村建设/道路")
    industry = planned(database, admin, place, "450000.00", name=INDUSTRY)
    school = dict(name=SCHOOL, content="改造幼儿园校舍300平方米", category_id=road, village_id=None)
    planned(database, admin, place, "450000.00", **school)
    with database.transaction(admin.audit()) as s:  # its request lowered after planning
        s.get(Project, industry.id).fiscal_funds = Decimal("400000.00")
    text = plan_text(database, admin)
    assert (
        "产业发展项目安排衔接资金45.00万元，占衔接资金90.00万元的50.0%，未达到不低于55%的要求。"
        in text
    )
    assert (
        "脱贫村安排项目1个、资金45.00万元；非贫困村（含镇级项目）安排项目1个、资金45.00万元。"
        in text
    )
    assert f"“{SCHOOL}”（教育）属于教育、卫生、养老、文化等行业领域项目" in text
    assert f"“{INDUSTRY}”（计划45.00万元，申报40.00万元）计划资金超过申报的财政资金" in text


def test_a_plan_that_meets_the_share_says_so_and_flags_nothing(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    planned(database, admin, place, "450000.00", name=INDUSTRY)
    text = plan_text(database, admin)
    assert "产业发展项目安排衔接资金45.00万元，占衔接资金45.00万元的100.0%，不低于55%。" in text
    # no 脱贫村 project: said so, not "脱贫村安排项目0个、资金0.00万元"
    assert "本年度计划未安排脱贫村项目；非贫困村（含镇级项目）安排项目1个、资金45.00万元。" in text
    assert "脱贫村安排项目0个" not in text
    assert "行业领域" not in text and "超过申报" not in text and "未达到" not in text


def test_a_plan_only_in_poverty_villages_says_so(database, admin, place) -> None:  # type: ignore[no-untyped-def]
    _, village, _ = place
    with database.transaction(admin.audit()) as s:
        s.get(Division, village.id).flags = "脱贫村"
    planned(database, admin, place, "450000.00", name=INDUSTRY)
    text = plan_text(database, admin)
    assert "项目均安排在脱贫村，共1个、资金45.00万元。" in text
    assert "非贫困村" not in text
