"""资产确权移交公示, 收益分配公示 and the handover certificate: built, registered, rendered."""

import io
from datetime import date
from decimal import Decimal

import pytest
from helpers.assets_support import accepted_project, part, register_assets
from helpers.notice_contacts import fill_complaint_channels
from helpers.project_gates import BACKDATED
from pypdf import PdfReader
from sqlalchemy import func, select

from fpr_desktop.assets import income
from fpr_desktop.assets.cards import Owner
from fpr_desktop.assets.models import DistributionPlan
from fpr_desktop.assets.notices import handover_certificate
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.cli.main import main
from fpr_desktop.documents import pdf_bytes
from fpr_desktop.notices.models import Notice, NoticeItem
from fpr_desktop.notices.register import get_notice, notice_number
from fpr_desktop.projects.notices import build as nb

ADMIN_PASSWORD = "admin-pass-1"  # the `admin` fixture's password (tests/conftest.py)


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


def plan_of_2023(database, admin, place, asset_id: int) -> int:  # type: ignore[no-untyped-def]
    """上岔村's 2023 plan for 60,000 元 of income, decided by the village (not yet reviewed)."""
    with database.transaction(admin.audit()) as s:
        income.record_income(
            s, admin, asset_id, date(2023, 12, 20), Decimal("60000.00"), "发电收益"
        )
        return income.create_plan(
            s,
            admin,
            income.PlanInput(
                place.village, 2023, Decimal("60000.00"), Decimal("20000.00"),
                Decimal("20000.00"), Decimal("15000.00"), Decimal("3000.00"), Decimal(0),
                Decimal("2000.00"), "四议两公开", household_count=35, decided_on=date(2024, 1, 5),
            ),
        )  # fmt: skip


def agree(database, admin, plan_id: int) -> None:  # type: ignore[no-untyped-def]
    for stage in ("town_review", "county_agree"):
        with database.transaction(admin.audit()) as s:
            plan = s.get(DistributionPlan, plan_id)
            income.advance_plan(s, admin, plan_id, plan.version, stage, date(2024, 1, 10))


def test_income_notice_needs_an_agreed_plan_and_adds_up(database, admin, place, handed) -> None:  # type: ignore[no-untyped-def]
    _, ids = handed
    plan_id = plan_of_2023(database, admin, place, ids[0])
    req = nb.NoticeRequest("income_distribution", 2023, village_id=place.village)
    with pytest.raises(nb.NothingToNotice, match="经县级同意"), database.read() as s:
        nb.build_notices(s, admin, req)
    agree(database, admin, plan_id)
    with database.read() as s:
        [built] = nb.build_notices(s, admin, req)
    text = text_of(nb.render(built))
    assert "固关镇上岔村2023年度项目资产收益分配方案公示" in text
    assert "共取得收益60000.00元" in text and "本年度拟分配收益58000.00元，留存2000.00元" in text
    assert "35户" in text


def test_registered_income_notice_covers_the_plan_and_publicises_it(
    database, admin, place, handed
) -> None:  # type: ignore[no-untyped-def]
    pid, ids = handed
    plan_id = plan_of_2023(database, admin, place, ids[0])
    agree(database, admin, plan_id)
    req = nb.NoticeRequest(
        "income_distribution", 2023, village_id=place.village, window_start=date(2024, 1, 15)
    )
    with database.read() as s:
        [built] = nb.build_notices(s, admin, req)
    with database.transaction(admin.audit()) as s:
        row = nb.register(s, admin, built, "上岔村村务公开栏", backdate_reason=BACKDATED)
    assert (income.PLAN_RECORD, plan_id) in row.covers and ("project", pid) in row.covers
    assert row.kind_label == "收益分配公示" and row.division_name == "上岔村"
    assert row.window_end == date(2024, 1, 24) and row.posted_at == "上岔村村务公开栏"
    assert row.issuer == "固关镇上岔村村民委员会"
    with database.read() as s:
        plan = s.get(DistributionPlan, plan_id)
        assert plan.published_on == date(2024, 1, 15)  # its 公示 stage is the notice's window
        assert income.plan_notice(s, plan_id).id == row.id
    # nothing is paid out before the window has ended; the day after, it is
    early = "公示期至 2024-01-24，期满无异议后才能兑付"
    with pytest.raises(ValidationError, match=early), database.transaction(admin.audit()) as s:
        income.record_payout(s, admin, plan_id, date(2024, 1, 24), "households", "35户",
                             Decimal(100))  # fmt: skip
    with database.transaction(admin.audit()) as s:
        income.record_payout(s, admin, plan_id, date(2024, 1, 25), "households", "35户",
                             Decimal(100))  # fmt: skip
    # the same plan is not publicised twice
    twice = f"已登记收益分配公示（{notice_number(2023, row.id)}），不能重复登记"
    with pytest.raises(ValidationError, match=twice), database.transaction(admin.audit()) as s:
        nb.register(s, admin, built, backdate_reason=BACKDATED)
    # a registered notice is rebuilt as posted (no project needed: its village and year)
    with database.read() as s:
        [again] = nb.build_notices(s, admin, nb.request_for(get_notice(s, admin, row.id)))
    assert again.window == built.window and again.title == built.title


def test_income_notice_window_may_be_longer_never_shorter(database, admin, place, handed) -> None:  # type: ignore[no-untyped-def]
    _, ids = handed
    plan_id = plan_of_2023(database, admin, place, ids[0])
    agree(database, admin, plan_id)

    def built_until(end: date):  # type: ignore[no-untyped-def]
        req = nb.NoticeRequest(
            "income_distribution", 2023, village_id=place.village,
            window_start=date(2024, 1, 15), window_end=end,
        )  # fmt: skip
        with database.read() as s:
            return nb.build_notices(s, admin, req)[0]

    short = "公示期 5 天短于规定的 10 天"
    with pytest.raises(ValidationError, match=short), database.transaction(admin.audit()) as s:
        nb.register(s, admin, built_until(date(2024, 1, 19)), backdate_reason=BACKDATED)
    with database.read() as s:
        assert s.get(DistributionPlan, plan_id).published_on is None  # nothing written
        assert s.scalar(select(func.count(Notice.id))) == 0
    with database.transaction(admin.audit()) as s:
        row = nb.register(s, admin, built_until(date(2024, 1, 28)), backdate_reason=BACKDATED)
    assert row.window_end == date(2024, 1, 28)


def test_income_notice_command_registers_the_agreed_plan(
    database, admin, place, handed, monkeypatch, capsys, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _, ids = handed
    plan_id = plan_of_2023(database, admin, place, ids[0])
    url = database.url.render_as_string(hide_password=False)
    monkeypatch.setenv("FPR_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "收益分配公示.pdf"
    args = ["--db", url, "--user", "admin", "notice", "income-distribution", "--year", "2023",
            "--village", "上岔村", "--from", "2024-01-15", "--posted-at", "上岔村村务公开栏",
            "--backdate-reason", BACKDATED, str(out)]  # fmt: skip
    assert main(args) == 1  # not yet agreed by the county: nothing written
    assert "经县级同意" in capsys.readouterr().err and not out.exists()
    agree(database, admin, plan_id)
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "已登记公告公示" in printed and "公示期 2024-01-15 至 2024-01-24" in printed
    assert "固关镇上岔村2023年度项目资产收益分配方案公示" in text_of(out.read_bytes())
    with database.read() as s:
        assert s.get(DistributionPlan, plan_id).published_on == date(2024, 1, 15)
        items = s.execute(select(NoticeItem.record_type, NoticeItem.record_id)).all()
    assert (income.PLAN_RECORD, plan_id) in items


def test_handover_certificate_names_both_sides_and_the_total(database, admin, handed) -> None:  # type: ignore[no-untyped-def]
    pid, _ = handed
    with database.read() as s:
        doc = handover_certificate(s, admin, pid)
    text = text_of(pdf_bytes(doc))
    assert "移交编号：GG-2022-001" in text and "448,000.00" in text
    assert "见证人（签字）：赵强（镇纪委）" in text and "上岔村股份经济合作社" in text
