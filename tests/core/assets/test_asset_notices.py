"""资产确权移交公示, 收益分配公示 and the handover certificate: built, registered, rendered."""

import io
from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from helpers.notice_contacts import fill_complaint_channels
from helpers.project_gates import BACKDATED
from pypdf import PdfReader

from fpr_desktop.assets import income
from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.models import DistributionPlan
from fpr_desktop.assets.notices import handover_certificate
from fpr_desktop.documents import pdf_bytes
from fpr_desktop.projects.notices import build as nb


def text_of(data: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return text.replace(" ", "").replace("\n", "")


@pytest.fixture
def handed(database, admin, place):  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)
    pid = accepted_project(database, admin, place)
    ids = register_assets(
        database,
        admin,
        place,
        pid,
        [
            part("300000.00", Owner("village", place.village), place.village, name="光伏电站"),
            part("148000.00", Owner("household", place.village, "张三"), place.village, name="牛"),
        ],
    )
    return pid, ids


def test_handover_notice_lists_the_years_assets_and_registers(
    database, admin, place, handed
) -> None:  # type: ignore[no-untyped-def]
    pid, _ = handed
    req = nb.NoticeRequest(
        "asset_handover", 2022, village_id=place.village, window_start=date(2022, 12, 5)
    )
    with database.read() as s:
        [built] = nb.build_notices(s, admin, req)
    assert built.level == "village" and built.project_ids == (pid,)
    assert built.title == "关于2022年度扶贫（衔接）项目资产确权移交情况的公示"
    text = text_of(nb.render(built))
    assert "2项项目资产（原值合计44.80万元）" in text and "张三（上岔村农户）" in text
    with database.transaction(admin.audit()) as s:
        row = nb.register(s, admin, built, backdate_reason=BACKDATED)
    assert row.window_end == date(2022, 12, 14)
    with pytest.raises(nb.NothingToNotice), database.read() as s:
        nb.build_notices(
            s, admin, nb.NoticeRequest("asset_handover", 2023, village_id=place.village)
        )


def test_income_notice_needs_an_agreed_plan_and_adds_up(database, admin, place, handed) -> None:  # type: ignore[no-untyped-def]
    _, ids = handed
    with database.transaction(admin.audit()) as s:
        income.record_income(s, admin, ids[0], date(2023, 12, 20), Decimal("60000.00"), "发电收益")
        plan_id = income.create_plan(
            s,
            admin,
            income.PlanInput(
                place.village, 2023, Decimal("60000.00"), Decimal("20000.00"),
                Decimal("20000.00"), Decimal("15000.00"), Decimal("3000.00"), Decimal(0),
                Decimal("2000.00"), "四议两公开", household_count=35, decided_on=date(2024, 1, 5),
            ),
        )  # fmt: skip
    req = nb.NoticeRequest("income_distribution", 2023, village_id=place.village)
    with pytest.raises(nb.NothingToNotice, match="经县级同意"), database.read() as s:
        nb.build_notices(s, admin, req)
    for stage in ("town_review", "county_agree"):
        with database.transaction(admin.audit()) as s:
            plan = s.get(DistributionPlan, plan_id)
            income.advance_plan(s, admin, plan_id, plan.version, stage, date(2024, 1, 10))
    with database.read() as s:
        [built] = nb.build_notices(s, admin, req)
    text = text_of(nb.render(built))
    assert "固关镇上岔村2023年度项目资产收益分配方案公示" in text
    assert "共取得收益60000.00元" in text and "本年度拟分配收益58000.00元，留存2000.00元" in text
    assert "35户" in text


def test_handover_certificate_names_both_sides_and_the_total(database, admin, handed) -> None:  # type: ignore[no-untyped-def]
    pid, _ = handed
    with database.read() as s:
        doc = handover_certificate(s, admin, pid)
    text = text_of(pdf_bytes(doc))
    assert "移交编号：GG-2022-001" in text and "448,000.00" in text
    assert "见证人（签字）：赵强（镇纪委）" in text and "上岔村股份经济合作社" in text
