"""Project lists as towns and counties publish them, imported: what is clear comes in, what is
incomplete comes in as a draft that says what it needs, what is filled in is said, and what
cannot be understood still rejects the file with the cell marked. Files are written by code."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from helpers.real_lists import Item, Shape, to_xls, with_sources, write_list
from sqlalchemy import select

from fpr_desktop.base.models import Division
from fpr_desktop.projects.models import Project, ProjectCategory, ProjectFunding, ProjectVillage
from fpr_desktop.submissions.importer import ImportOptions, run_import

D = Decimal
ITEMS = [
    Item("固关镇", ("上岔村",), "上岔村产业路硬化工程", D("20"), "硬化道路3公里"),
    Item("固关镇", ("柴家咀村",), "柴家咀村人饮工程", D("12.5"), "新建蓄水池1座"),
    Item("固关镇", ("殿咀村", "苟家沟村"), "肉牛养殖场建设项目", D("35.2"), "新建牛舍2栋"),
    Item("天成镇", ("关山村",), "关山村小额信贷贴息", D("8"), "贴息80户"),
    Item("天成镇", ("铁塬村",), "铁塬村村史馆", D("6"), "修缮村史馆1处"),
]
TITLE = "陇县2024年度巩固拓展脱贫攻坚成果项目计划表"


def stored(db) -> list[tuple[str, str, tuple[str, ...], Decimal, Decimal]]:  # type: ignore[no-untyped-def]
    """(name, town, villages, fiscal 万元, total 万元) of every project, in id order."""
    with db.read() as s:
        names = dict(s.execute(select(Division.id, Division.name)).all())
        out = []
        for p in s.scalars(select(Project).order_by(Project.id)):
            more = s.scalars(
                select(ProjectVillage.village_id)
                .where(ProjectVillage.project_id == p.id)
                .order_by(ProjectVillage.id)
            )
            villages = tuple(names[v] for v in (p.village_id, *more) if v)
            out.append(
                (
                    p.name,
                    names[p.town_id],
                    villages,
                    p.fiscal_funds / 10000,
                    p.total_investment / 10000,
                )
            )
        return out


def expected(items: list[Item]) -> list[tuple[str, str, tuple[str, ...], Decimal, Decimal]]:
    return [(i.name, i.town, i.villages, i.amount, i.amount) for i in items]


def test_plain_published_list_comes_in_as_drafts_that_say_what_they_need(
    database, admin, tmp_path: Path
) -> None:
    path = write_list(tmp_path / "计划表.xlsx", ITEMS, Shape(title=TITLE, unit_line="单位：万元"))
    out = run_import(database, admin, path, "projects")
    assert out.ok and out.created == 5, out.lines()
    assert stored(database) == expected(ITEMS)
    text = "\n".join(out.lines())
    assert "其中完整 0 行，待完善草稿 5 行（缺绩效目标 5 行，缺项目类别 1 行）" in text
    assert f"年度按标题“{TITLE}”取 2024 年，5 行" in text
    assert "建设性质未填，按“新建”，5 行" in text and "总投资未填，按申请财政资金，5 行" in text
    assert "已按关键词建议项目类别（请核对）：" in text
    with database.read() as s:
        cats = dict(s.execute(select(ProjectCategory.id, ProjectCategory.name)).all())
        rows = list(s.scalars(select(Project).order_by(Project.id)))
    assert [cats[p.category_id] for p in rows if p.category_id] == [
        "道路",
        "饮水",
        "养殖",
        "小额信贷贴息",
    ]
    assert rows[4].category_id is None  # 村史馆: no keyword, left to the user
    assert {p.year for p in rows} == {2024} and {p.construction_type for p in rows} == {"新建"}
    suggested = [w for w in out.result.warnings if w.key == "category"]
    assert "按名称中的“产业路”建议为“道路”" in suggested[0].reason and suggested[0].location.row
    drafts = [w for w in out.result.warnings if "待完善" in w.reason]
    assert len(drafts) == 5 and "缺少绩效目标、项目类别" in drafts[4].reason


def test_traditional_characters_total_first_and_subtotals(database, admin, tmp_path: Path) -> None:
    shape = Shape(
        title=TITLE,
        money_header="資金規模（萬元）",
        total_first=True,
        subtotals=True,
        total_label="合計",
    )
    out = run_import(database, admin, write_list(tmp_path / "繁体.xlsx", ITEMS, shape), "projects")
    assert out.ok and out.created == 5, out.lines()
    assert stored(database) == expected(ITEMS)  # 萬元: amounts ×10,000, not taken as 元
    assert sum(1 for s in out.result.skipped if s.kind.value == "合计行") == 3


@pytest.mark.parametrize("seq", ["restart", "missing"])
def test_seq_restarting_or_missing(database, admin, tmp_path: Path, seq: str) -> None:
    path = write_list(tmp_path / f"序号{seq}.xlsx", ITEMS, Shape(title=TITLE, seq=seq))
    out = run_import(database, admin, path, "projects")
    assert out.ok and stored(database) == expected(ITEMS), out.lines()


@pytest.mark.parametrize("style", ["text_unit", "wan", "remark"])
def test_amounts_written_with_units_or_remarks(database, admin, tmp_path: Path, style: str) -> None:
    shape = Shape(title=TITLE, money_header="资金规模", amount_style=style)
    out = run_import(
        database, admin, write_list(tmp_path / f"{style}.xlsx", ITEMS, shape), "projects"
    )
    assert out.ok and stored(database) == expected(ITEMS), out.lines()
    if style == "remark":
        assert any("附注文字“(其中,灾情因素" in w.reason for w in out.result.warnings)


def test_four_to_six_decimals_are_kept_exactly(database, admin, tmp_path: Path) -> None:
    items = [
        replace(ITEMS[0], amount=D("12.3456")),
        replace(ITEMS[1], amount=D("3.14159")),
        replace(ITEMS[3], amount=D("0.123456")),
    ]
    shape = Shape(title=TITLE, amount_style="exact")
    out = run_import(database, admin, write_list(tmp_path / "小数.xlsx", items, shape), "projects")
    assert out.ok, out.lines()
    assert [row[3] for row in stored(database)] == [D("12.3456"), D("3.14159"), D("0.123456")]


def test_location_cell_naming_several_villages(database, admin, tmp_path: Path) -> None:
    path = write_list(tmp_path / "地点.xlsx", ITEMS, Shape(title=TITLE, place="together"))
    out = run_import(database, admin, path, "projects")
    assert out.ok, out.lines()
    assert stored(database) == expected(ITEMS)
    assert stored(database)[2][2] == ("殿咀村", "苟家沟村")  # one project, two villages


def test_merged_town_cells_and_a_row_broken_in_two(database, admin, tmp_path: Path) -> None:
    shape = Shape(title=TITLE, merged_town=True, broken_rows=True)
    out = run_import(database, admin, write_list(tmp_path / "合并.xlsx", ITEMS, shape), "projects")
    assert out.ok and out.created == 5, out.lines()
    assert stored(database) == expected(ITEMS)
    assert any("续行" in w.reason for w in out.result.warnings)


def test_two_level_fund_source_header_maps_onto_funding_by_source(
    database, admin, tmp_path: Path
) -> None:
    items = [with_sources(i) for i in ITEMS]
    shape = Shape(title=TITLE, money_header="资金规模", sources_header=True)
    out = run_import(database, admin, write_list(tmp_path / "来源.xlsx", items, shape), "projects")
    assert out.ok, out.lines()
    assert stored(database) == expected(items)
    with database.read() as s:
        first = s.scalars(select(Project.id).order_by(Project.id)).first()
        funds = dict(
            s.execute(
                select(ProjectFunding.source, ProjectFunding.amount).where(
                    ProjectFunding.project_id == first
                )
            ).all()
        )
    assert funds == {
        "中央衔接资金": D("120000"),
        "省级衔接资金": D("60000"),
        "市级衔接资金": D("20000"),
    }


@pytest.mark.parametrize(
    "header",
    [
        "投资规模",
        "计划投资（万元）",
        "资金金额",
        "补助资金",
        "投资概算(万元)",
        "衔接资金",
        "中央衔接资金",
    ],
)
def test_money_columns_by_their_real_names(database, admin, tmp_path: Path, header: str) -> None:
    path = write_list(
        tmp_path / "金额.xlsx",
        ITEMS,
        Shape(title=TITLE, money_header=header, unit_line="单位：万元"),
    )
    out = run_import(database, admin, path, "projects")
    assert out.ok and stored(database) == expected(ITEMS), out.lines()
    if header == "中央衔接资金":  # a source's own column is that source's amount
        with database.read() as s:
            assert set(s.scalars(select(ProjectFunding.source))) == {"中央衔接资金"}


def test_total_and_subsidy_columns_keep_their_meaning(database, admin, tmp_path: Path) -> None:
    items = [replace(i, amount=i.amount / 2) for i in ITEMS]
    shape = Shape(title=TITLE, total_header="总投资（万元）", money_header="补助资金（万元）")
    path = write_list(tmp_path / "总投资.xlsx", items, shape)
    # the writer puts the item's amount in both; make the total twice the subsidy
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    col = next(c.column for c in ws[2] if c.value == "总投资（万元）")
    for r in range(3, 3 + len(items)):
        ws.cell(r, col).value = ws.cell(r, col).value * 2
    wb.save(path)
    out = run_import(database, admin, path, "projects")
    assert out.ok, out.lines()
    assert [(r[3], r[4]) for r in stored(database)] == [(i.amount, i.amount * 2) for i in items]


def test_source_text_column_names_the_source(database, admin, tmp_path: Path) -> None:
    shape = Shape(title=TITLE, source_text="中央衔接资金", merged_town=True)
    out = run_import(
        database, admin, write_list(tmp_path / "来源文字.xlsx", ITEMS, shape), "projects"
    )
    assert out.ok, out.lines()
    with database.read() as s:
        assert set(s.scalars(select(ProjectFunding.source))) == {"中央衔接资金"}
        assert len(list(s.scalars(select(ProjectFunding)))) == 5


def test_what_cannot_be_understood_rejects_the_file_with_the_cell_marked(
    database, admin, tmp_path: Path
) -> None:
    items = [*ITEMS, replace(ITEMS[0], name="无名村道路", villages=("无此村",))]
    path = write_list(tmp_path / "错.xlsx", items, Shape(title=TITLE, amount_style="text_unit"))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    col = next(c.column for c in ws[2] if c.value == "资金规模（万元）")
    ws.cell(4, col).value = "约十二万"  # unreadable amount
    wb.save(path)
    out = run_import(database, admin, path, "projects")
    assert not out.ok and out.created == 0
    marked = {(p.location.row, p.location.header) for p in out.result.problems}
    assert (4, "资金规模（万元）") in marked and (6, "村") in marked  # 固关镇 rows come first
    assert stored(database) == []


def test_year_from_option_or_file_name_and_refused_without_any(
    database, admin, tmp_path: Path
) -> None:
    path = write_list(tmp_path / "无年份.xlsx", ITEMS[:2], Shape())
    out = run_import(database, admin, path, "projects", ImportOptions(dry_run=True))
    assert not out.ok and "没有年度" in out.result.problems[0].message
    out = run_import(database, admin, path, "projects", ImportOptions(year=2023))
    assert out.ok and "年度按导入时指定的年度取 2023 年" in "\n".join(out.lines())
    named = write_list(tmp_path / "固关镇2022年项目.xlsx", ITEMS[2:3], Shape())
    out = run_import(database, admin, named, "projects")
    assert out.ok and "文件名“固关镇2022年项目.xlsx”" in "\n".join(out.lines())
    with database.read() as s:
        assert sorted(s.scalars(select(Project.year))) == [2022, 2023, 2023]


def test_the_same_list_as_xls(database, admin, tmp_path: Path) -> None:
    shape = Shape(title=TITLE, unit_line="單位：萬元", merged_town=True, subtotals=True)
    xls = to_xls(write_list(tmp_path / "旧格式.xlsx", ITEMS, shape), tmp_path)
    out = run_import(database, admin, xls, "projects")
    assert out.ok and stored(database) == expected(ITEMS), out.lines()


def test_an_imported_draft_is_refused_at_submit_until_complete(
    database, admin, tmp_path: Path
) -> None:
    from fpr_desktop.base.errors import ValidationError
    from fpr_desktop.projects import flow
    from fpr_desktop.projects.proposals import TargetInput, get_project, update_project

    shape = Shape(title=TITLE, content=False)
    out = run_import(
        database, admin, write_list(tmp_path / "无内容.xlsx", ITEMS[4:], shape), "projects"
    )
    assert out.ok and "缺建设内容及规模 1 行" in "\n".join(out.lines()), out.lines()
    with database.read() as s:
        pid = s.scalars(select(Project.id)).one()
        detail = get_project(s, admin, pid)
    with pytest.raises(ValidationError) as err, database.transaction(admin.audit()) as s:
        flow.take_step(s, admin, pid, detail.version, "submit")
    assert "建设内容及规模、绩效目标、项目类别" in str(err.value)  # every missing item at once
    with database.read() as s:
        culture = s.scalars(
            select(ProjectCategory.id).where(ProjectCategory.name == "小型公益设施")
        ).one()
    values = replace(
        detail.values,
        content="修缮村史馆1处",
        category_id=culture,
        targets=[TargetInput("产出指标", "修缮村史馆", "处", "1")],
    )
    with database.transaction(admin.audit()) as s:
        update_project(s, admin, pid, detail.version, values)
    with database.transaction(admin.audit()) as s:
        flow.take_step(s, admin, pid, detail.version + 1, "submit")
    with database.read() as s:
        assert s.get(Project, pid).status == "village_publicity"


def test_a_file_with_several_towns_counts_as_each_towns_submission(
    database, admin, user_factory, tmp_path: Path
) -> None:
    from fpr_desktop.submissions import register as reg

    out = run_import(
        database, admin, write_list(tmp_path / "全县.xlsx", ITEMS, Shape(title=TITLE)), "projects"
    )
    assert out.ok and "已登记报送：固关镇、天成镇（2 个乡镇） 2024年" in "\n".join(out.lines())
    with database.read() as s:
        status = {t.town_name: t for t in reg.town_status(s, admin, "projects", 2024)}
        assert status["固关镇"].status != "missing" and status["天成镇"].status != "missing"
        assert status["河北镇"].status in ("missing", "overdue")
        rows = reg.list_submissions(s, admin, kind="projects")
        assert rows[0].town_name == "固关镇、天成镇"
    clerk = user_factory("gg", "town", "固关镇")
    with database.read() as s:  # the town's clerk sees the county-wide file that holds its rows
        assert [r.id for r in reg.list_submissions(s, clerk, kind="projects")] == [rows[0].id]
