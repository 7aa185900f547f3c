"""Notices built from the project library: the right projects per kind and level, exact 万元
amounts in the PDF, embedded fonts, registration, the approval sheet and batch planning."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from helpers.notice_contacts import fill_complaint_channels
from helpers.project_gates import BACKDATED, PLAN_DECISION
from pypdf import PdfReader
from sqlalchemy import select

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.documents.model import Record, Table
from fpr_desktop.notices import register as reg
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects import records as rec
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import (
    Acceptance,
    PlanItem,
    Project,
    ProjectFunding,
    ProjectStep,
    ProjectTarget,
)
from fpr_desktop.projects.notices import build as nb
from fpr_desktop.projects.notices.approval_sheet import approval_sheet
from fpr_desktop.projects.notices.batch import batch_items, file_name
from fpr_desktop.projects.notices.content import SOURCE_PREFIX

YEAR = 2022
START = date(2022, 5, 9)


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join(re.sub(r"\s+", "", p.extract_text()) for p in reader.pages)


@dataclass
class Library:
    ids: dict[str, int]
    places: dict[str, int]


def _place(s, name: str) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(Division.id).where(Division.name == name))


def add_project(
    s,
    actor,
    places,
    key: str,
    town: str,
    village: str | None,
    status: str,  # type: ignore[no-untyped-def]
    fiscal: str = "298625.88",
    year: int = YEAR,
    **extra,
) -> int:
    cat = category_by_path(s, "产业发展/种植")
    amount = Decimal(fiscal)
    pid = prj.create_project(
        s,
        actor,
        prj.ProjectInput(
            name=f"{village or town}{key}项目",
            year=year,
            category_id=cat,
            construction_type="新建",
            town_id=places[town],
            village_id=places[village] if village else None,
            content=f"{key}建设内容500亩",
            total_investment=amount + 10000,
            fiscal_funds=amount,
            fundings={"中央衔接资金": amount},
            targets=[prj.TargetInput("产出指标", "建设面积", "亩", "500")],
            households=120,
            people=410,
            poverty_households=35,
            poverty_people=110,
            implementation_mode="公开招标",
            responsible_unit=f"{town}人民政府",
            responsible_person="张明",
            planned_start=date(year, 3, 1),
            planned_end=date(year, 11, 30),
        ),
    )
    p = s.get(Project, pid)
    p.status = status
    for k, v in extra.items():
        setattr(p, k, v)
    s.flush()
    return pid


@pytest.fixture
def library(database, admin) -> Library:  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)
    with database.transaction(admin.audit()) as s:
        places = {n: _place(s, n) for n in ("固关镇", "河北镇", "上岔村", "柴家咀村", "东坡村")}
        a = lambda *args, **kw: add_project(s, admin, places, *args, **kw)  # noqa: E731
        ids = {
            "核桃": a("核桃", "固关镇", "上岔村", "village_publicity"),
            "花椒": a("花椒", "固关镇", "上岔村", "village_publicity", "1615000"),
            "草稿": a("草稿", "固关镇", "上岔村", "draft"),
            "旧年": a("旧年", "固关镇", "上岔村", "village_publicity", year=2021),
            "产业路": a("产业路", "固关镇", "柴家咀村", "village_publicity", "420000"),
            "圈舍": a("圈舍", "固关镇", "柴家咀村", "town_publicity", "850000"),
            "冷库": a("冷库", "河北镇", "东坡村", "town_publicity", "500000"),
            "道路": a("道路", "河北镇", "东坡村", "county_approval", "333333.33"),
            "入库": a("入库", "固关镇", None, "in_library", "100000"),
            "出库": a("出库", "固关镇", None, "removed", "100000"),
            "实施前": a(
                "实施前",
                "固关镇",
                "上岔村",
                "pre_publicity",
                contractor="宝鸡路桥公司",
                tender_date=date(2022, 4, 20),
                contract_amount=Decimal("290000"),
            ),
            "实施前二": a("实施前二", "河北镇", "东坡村", "pre_publicity", "200000"),
            "已验收": a(
                "已验收",
                "河北镇",
                "东坡村",
                "accepted",
                "640000",
                completed_on=date(2022, 9, 1),
                accepted_on=date(2022, 9, 8),
            ),
            "已报账": a(
                "已报账",
                "固关镇",
                "柴家咀村",
                "settled",
                completed_on=date(2022, 9, 2),
                accepted_on=date(2022, 9, 9),
                settled_on=date(2022, 10, 9),
                settled_amount=Decimal("298625.88"),
            ),
        }
        s.add(
            Acceptance(
                project_id=ids["已验收"],
                stage="终验",
                held_on=date(2022, 9, 8),
                team="县验收组",
                passed=True,
                report="工程质量合格",
            )
        )
        s.add(
            ProjectStep(
                project_id=ids["已报账"],
                action="start",
                from_status="pre_publicity",
                to_status="implementing",
                username="张明",
                opinion="按期开工",
                at=datetime(2022, 4, 1, 2, 0, tzinfo=UTC),
            )
        )
        for key in ("计划一", "计划二"):
            ids[key] = a(key, "固关镇", "上岔村", "in_library", "400000")
            version = s.get(Project, ids[key]).version
            rec.add_to_plan(
                s,
                admin,
                ids[key],
                version,
                year=YEAR,
                funds={"中央衔接资金": Decimal("300000"), "省级衔接资金": Decimal("98625.88")},
                opinion="列入计划",
                decision=PLAN_DECISION,
            )
        plan = rec.plan_for_year(s, admin, YEAR)  # removed from the plan later: not announced
        s.add(
            PlanItem(
                plan_id=plan.id,
                project_id=ids["出库"],
                source="中央衔接资金",
                amount=Decimal("100000"),
            )
        )
    return Library(ids, places)


def build(database, actor, **kw) -> list[nb.BuiltNotice]:  # type: ignore[no-untyped-def]
    kw.setdefault("year", YEAR)
    kw.setdefault("window_start", START)
    with database.read() as s:
        return nb.build_notices(s, actor, nb.NoticeRequest(**kw))


def names(lib: Library, built: nb.BuiltNotice) -> set[str]:
    return {k for k, v in lib.ids.items() if v in built.project_ids}


def test_library_publicity_takes_the_projects_of_its_level(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    kind = "project_library_publicity"
    [village] = build(database, admin, kind=kind, village_id=library.places["上岔村"])
    assert names(library, village) == {"核桃", "花椒"}
    assert (village.level, village.division_name) == ("village", "上岔村")
    assert village.issuer == "固关镇上岔村村民委员会"
    [town] = build(database, admin, kind=kind, town_id=library.places["固关镇"])
    assert names(library, town) == {"圈舍"}
    assert (town.level, town.issuer) == ("town", "固关镇人民政府")
    [county] = build(database, admin, kind=kind)
    assert names(library, county) == {"道路"}
    assert (
        county.level == "county"
        and county.title == "陇县乡村振兴局关于东坡村道路项目拟纳入项目库的公示"
    )
    [ann] = build(database, admin, kind="project_library_announcement")
    assert names(library, ann) == {
        "入库",
        "实施前",
        "实施前二",
        "已验收",
        "已报账",
        "计划一",
        "计划二",
    }


def test_plan_pre_completion_and_acceptance_pick_by_status(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    [plan] = build(database, admin, kind="annual_plan")
    assert names(library, plan) == {"计划一", "计划二"}
    assert plan.issuer == "陇县乡村振兴局、陇县财政局"
    pre = build(database, admin, kind="pre_implementation")
    assert [names(library, b) for b in pre] == [{"实施前"}, {"实施前二"}]  # one per project
    [done] = build(database, admin, kind="completion")
    assert names(library, done) == {"已报账"}
    [accepted] = build(database, admin, kind="acceptance")
    assert names(library, accepted) == {"已验收"}


def test_nothing_matching_and_modules_not_landed_are_refused(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(nb.NothingToNotice, match="柴家咀村没有2023年度处于“村级公示”的项目"):
        build(
            database,
            admin,
            kind="project_library_publicity",
            year=2023,
            village_id=library.places["柴家咀村"],
        )
    with pytest.raises(
        nb.NothingToNotice, match="衔接资金还没有分配到全县的项目，未生成资金分配公告"
    ):
        build(database, admin, kind="fund_allocation")  # the fund ledger has landed: no money yet
    # the assets module builds its notices: with no assets handed over there is nothing to post
    with pytest.raises(nb.NothingToNotice, match="陇县没有2022年度办理确权移交的资产"):
        build(database, admin, kind="asset_handover", year=2022)
    with pytest.raises(ValidationError, match="驻村考核结果公示不由项目库生成"):
        build(database, admin, kind="cadre_assessment")


@pytest.mark.parametrize(
    ("decimals", "shown", "total"), [(2, "29.86", "191.36"), (6, "29.862588", "191.362588")]
)
def test_pdf_shows_names_and_exact_wan_amounts(
    database, admin, library, decimals, shown, total
) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "display.wan_decimals", decimals, 0)
    [built] = build(
        database, admin, kind="project_library_publicity", village_id=library.places["上岔村"]
    )
    text = text_of(nb.render(built))
    assert "上岔村核桃项目" in text and "上岔村花椒项目" in text
    assert shown in text and f"其中财政资金{total}万元" in text
    assert "2022年5月9日至2022年5月18日" in text and "12317" in text and "0917-4651001" in text
    assert "固关镇上岔村村民委员会" in text and "村民代表大会民主评议，" in text


def test_completion_and_plan_texts(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    [done] = build(database, admin, kind="completion")
    text = text_of(nb.render(done))
    assert "2022年4月1日" in text  # the 开工实施 step, not the planned start
    assert "2022年9月2日" in text and "2022年9月9日" in text and "29.86" in text
    [plan] = build(database, admin, kind="annual_plan")
    text = text_of(nb.render(plan))
    # 2 × 398,625.88 元, by source: 2 × 30万 central, 2 × 9.862588万 provincial
    assert "安排财政资金79.73万元，其中中央衔接资金60.00万元、省级衔接资金19.73万元" in text
    [pre, _] = build(database, admin, kind="pre_implementation")
    text = text_of(nb.render(pre))
    assert "宝鸡路桥公司" in text and "2022年4月20日确定施工单位" in text


def test_fonts_are_embedded_subsets(database, admin, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    [built] = build(database, admin, kind="acceptance")
    path = tmp_path / "n.pdf"
    path.write_bytes(nb.render(built))
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+\S+", row[0]) and (row[-5], row[-4]) == ("yes", "yes")


def test_register_covers_projects_and_opens_the_gate(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        settings_service.set_value(s, admin, "publicity.window_days", 7, 0)
    [built] = build(
        database, admin, kind="project_library_publicity", village_id=library.places["上岔村"]
    )
    assert built.window.end == date(2022, 5, 15)
    with database.transaction(admin.audit()) as s:
        row = nb.register(s, admin, built, "上岔村村务公开栏", backdate_reason=BACKDATED)
    assert (row.level, row.window_end, row.posted_at) == (
        "village",
        date(2022, 5, 15),
        "上岔村村务公开栏",
    )
    assert {i for _, i in row.covers} == {library.ids["核桃"], library.ids["花椒"]}
    with database.read() as s:
        assert reg.window_cleared(
            s, "project", library.ids["核桃"], levels=["village"], today=date(2022, 5, 16)
        )
        again = nb.build_notices(s, admin, nb.request_for(reg.get_notice(s, admin, row.id)))
    assert again[0].title == built.title and again[0].window == built.window


def test_town_clerk_sees_only_their_town(database, user_factory, library) -> None:  # type: ignore[no-untyped-def]
    clerk = user_factory("gg", "town", "固关镇")
    [pre] = build(database, clerk, kind="pre_implementation")
    assert pre.project_ids == (library.ids["实施前"],)
    [county] = build(database, clerk, kind="project_library_announcement")
    with database.transaction(clerk.audit()) as s, pytest.raises(PermissionDenied):
        nb.register(s, clerk, county, backdate_reason=BACKDATED)
    with pytest.raises(Exception, match="不在您的数据范围内"):
        build(database, clerk, kind="acceptance", project_ids=(library.ids["已验收"],))


def test_hand_picked_projects_infer_level_and_warn(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    ids = (library.ids["核桃"], library.ids["花椒"])
    [built] = build(database, admin, kind="project_library_publicity", project_ids=ids, year=None)
    assert (built.level, built.division_name) == ("village", "上岔村")
    with database.read() as s:
        projects = [s.get(Project, library.ids[k]) for k in ("核桃", "圈舍")]
        assert nb.infer_level("project_library_publicity", projects) == "county"
        assert nb.status_mismatches("acceptance", projects, "county") == [
            "上岔村核桃项目（村级公示）",
            "柴家咀村圈舍项目（乡镇公示）",
        ]
    with pytest.raises(ValidationError, match="同一个村"):
        build(
            database,
            admin,
            kind="project_library_publicity",
            level="village",
            project_ids=(library.ids["核桃"], library.ids["产业路"]),
        )


def test_batch_one_per_village_and_file_names(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        items = batch_items(s, admin, "project_library_publicity", YEAR, "village", START)
        assert [(i.label, i.project_count) for i in items] == [
            ("固关镇上岔村", 2),
            ("固关镇柴家咀村", 1),
        ]
        built = nb.build_notices(s, admin, items[0].request)[0]
        per_project = batch_items(s, admin, "pre_implementation", YEAR, "project")
    assert file_name(built, items[0].label) == "2022年固关镇上岔村项目库公示.pdf"
    assert [i.label for i in per_project] == ["上岔村实施前项目", "东坡村实施前二项目"]


def test_approval_sheet_lists_every_step(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        sheet = approval_sheet(s, admin, library.ids["计划一"], today=date(2022, 6, 1))
    text = text_of(sheet.pdf())
    assert "项目审批表" in text and "柴家咀村" not in text
    assert "列入年度计划" in text and "已入库→列入年度计划" in text and "列入计划" in text
    assert "管理员" in text and "中央衔接资金30.00万元" in text and "打印日期：2022年6月1日" in text


def test_a_section_heading_never_ends_a_page_without_its_table() -> None:
    """Engine fix: the heading reserves what its table reserves (header and first rows)."""
    from fpr_desktop.documents import Column, Document, Section, Table, Text, pdf_bytes

    table = Table(
        [Column("阶段", "stage"), Column("结论", "result")], [{"stage": "终验", "result": "通过"}]
    )
    for n in range(18, 30):  # the heading reaches the foot of page 1 around n = 23
        doc = Document(
            title="测试",
            preamble=[Text(f"第{i}段。") for i in range(n)],
            sections=[Section("竣工验收", [table])],
            seal_space=False,
        )
        pages = [
            re.sub(r"\s+", "", p.extract_text())
            for p in PdfReader(io.BytesIO(pdf_bytes(doc))).pages
        ]
        heading = next(i for i, t in enumerate(pages) if "一、竣工验收" in t)
        assert "阶段" in pages[heading], n


# --- what a county reader checks on each kind ------------------------------------------


def _table(built: nb.BuiltNotice) -> Table:
    doc = built.document
    blocks = [*doc.preamble, *(b for s in doc.sections for b in s.blocks)]
    return next(b for b in blocks if isinstance(b, Table))


def test_annual_plan_has_a_column_per_source_that_adds_up(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:  # 苏陕协作 money for one planned project
        item = s.scalar(select(PlanItem).where(PlanItem.project_id == library.ids["计划一"]))
        s.add(
            PlanItem(
                plan_id=item.plan_id,
                project_id=item.project_id,
                source="苏陕协作资金",
                amount=Decimal("50000"),
            )
        )
    [plan] = build(database, admin, kind="annual_plan")
    table = _table(plan)
    titles = [c.title for c in table.columns]
    assert "中央\n衔接" in titles and "省级\n衔接" in titles and "苏陕\n协作" in titles
    keys = [c.key for c in table.columns if c.key.startswith(SOURCE_PREFIX)]
    for row in table.rows:
        assert sum((row.get(k) or Decimal(0) for k in keys), Decimal(0)) == row["fund_amount"]
    text = text_of(nb.render(plan))
    # 苏陕协作 is its own source, never counted under 衔接资金; the prose totals add up
    assert "安排财政资金84.73万元，其中中央衔接资金60.00万元、省级衔接资金19.73万元、" in text
    assert "苏陕协作资金5.00万元" in text
    assert "已经县委农村工作领导小组审定" in text
    assert "陇县农业农村局" in text  # 主管单位 of 产业发展/种植


def test_village_titles_name_the_project_and_county_titles_the_issuer(
    database, admin, library
) -> None:  # type: ignore[no-untyped-def]
    [village] = build(
        database, admin, kind="project_library_publicity", village_id=library.places["上岔村"]
    )
    assert "上岔村核桃项目" in village.title and "上岔村花椒项目" in village.title
    assert village.title.startswith("固关镇上岔村村民委员会关于")
    [plan] = build(database, admin, kind="annual_plan", doc_number="陇乡振发〔2022〕12号")
    assert plan.title.startswith("陇县乡村振兴局、陇县财政局关于2022年度")
    text = text_of(nb.render(plan))
    assert "陇乡振发〔2022〕12号" in text  # the 文号 under the title


def test_library_publicity_prints_nature_period_investment_and_bureau(
    database, admin, library
) -> None:  # type: ignore[no-untyped-def]
    [county] = build(database, admin, kind="project_library_publicity")
    row = _table(county).rows[0]
    assert row["construction_type"] == "新建" and row["period"] == "2022年3月—11月"
    assert row["investment"] == row["amount"] + 10000
    assert row["sources"] == "中央衔接33.33" and row["competent_unit"] == "陇县农业农村局"
    text = text_of(nb.render(county))
    assert "总投资34.33万元，其中财政资金33.33万元" in text  # prose: no thousands separators
    [ann] = build(database, admin, kind="project_library_announcement")
    assert {r["change"] for r in _table(ann).rows} == {"新增入库"}  # all of the year: new
    assert "受益农户120户410人" in text


def test_pre_implementation_form_has_no_empty_rows(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    pre = build(database, admin, kind="pre_implementation")
    second = next(b for b in pre if library.ids["实施前二"] in b.project_ids)
    text = text_of(nb.render(second))
    record = next(b for b in second.document.preamble if isinstance(b, Record))
    labels = [c.title for c in record.fields]
    assert "施工单位" in labels and "监理（监督）" in labels  # the template has them …
    assert "施工单位" not in text and "监理" not in text  # … but nothing known: not printed
    assert "主管部门陇县农业农村局" in text and "项目总投资21.00万元" in text
    assert "监督举报电话：陇县乡村振兴局0917-4621318；全国防止返贫监测" in text


def test_acceptance_notice_prints_completion_team_and_opinion(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    [accepted] = build(database, admin, kind="acceptance")
    row = _table(accepted).rows[0]
    assert row["team"] == "县验收组" and row["opinion"] == "工程质量合格"
    text = text_of(nb.render(accepted))
    assert "2022年9月1日" in text and "县验收组" in text and "工程质量合格" in text


def test_registering_needs_the_phone_of_the_notice_level(database, admin, library) -> None:  # type: ignore[no-untyped-def]
    fill_complaint_channels(database, admin)
    [village] = build(
        database, admin, kind="project_library_publicity", village_id=library.places["上岔村"]
    )
    assert village.complaint is not None
    assert village.complaint.unit == "上岔村村民委员会或固关镇人民政府"
    assert village.complaint.phone == "0917-4651001"
    assert re.search(r"（本地）", text_of(nb.render(village))) is None


def test_demo_quantities_match_the_money(database, admin) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.projects.demo import cost_table, fill_demo_projects

    with database.transaction(admin.audit()) as s:
        fill_demo_projects(s)
    costs = {k.indicator: k for k in cost_table()[0]}
    with database.read() as s:
        projects = s.scalars(select(Project)).all()
        assert len(projects) > 40
        checked = 0
        central_largest = 0
        for p in projects:
            out = s.scalar(
                select(ProjectTarget).where(
                    ProjectTarget.project_id == p.id, ProjectTarget.kind == "产出指标"
                )
            )
            kind = costs[out.indicator]
            funds = dict(
                s.execute(
                    select(ProjectFunding.source, ProjectFunding.amount).where(
                        ProjectFunding.project_id == p.id
                    )
                ).all()
            )
            assert sum(funds.values(), Decimal(0)) == p.fiscal_funds
            central_largest += max(funds, key=lambda k: funds[k]) == "中央衔接资金"
            assert p.total_investment >= p.fiscal_funds
            if kind.second is None:  # one cost line: money = quantity × unit cost, exactly
                assert p.fiscal_funds == Decimal(out.target_value) * kind.unit_cost
                checked += 1
        assert checked > 20 and central_largest == len(projects)
        names = " ".join(p.name for p in projects)
        for product in ("苹果", "食用菌", "中蜂", "奶山羊", "核桃", "帮扶车间", "村集体经济"):
            assert product in names
