"""Helpers for the exchange tests: fill a generated template the way a town clerk does.

Imported as `from helpers import import_support as sup` by the import/export/register/CLI/GUI tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from fpr_desktop.base.context import Actor
from fpr_desktop.db.engine import Database
from fpr_desktop.exchange.layout import META_SHEET
from fpr_desktop.submissions.files import write_kind_template
from fpr_desktop.submissions.kinds import get_kind


def project_row(n: int = 1, **over: Any) -> dict[str, Any]:
    """A valid proposal row for 固关镇上岔村 (money in 万元, as in the template)."""
    row: dict[str, Any] = {
        "seq": n,
        "year": 2025,
        "name": f"上岔村核桃提质增效项目{n}",
        "category": "种植",
        "construction_type": "新建",
        "town": "固关镇",
        "village": "上岔村",
        "content": f"新建核桃示范园 {100 + n} 亩",
        "planned_start": "2025-03-01",
        "planned_end": "2025-10-31",
        "responsible_unit": "固关镇人民政府",
        "total_investment": 30,
        "fiscal_funds": 20,
        "fund_source:1": "中央衔接资金",
        "fund_amount:1": 15,
        "fund_source:2": "省级衔接资金",
        "fund_amount:2": 5,
        "households": 45,
        "people": 150,
        "poverty_households": 12,
        "poverty_people": 40,
        "benefit_mechanism": "务工",
        "target:产出指标": f"新建核桃园：{100 + n}亩",
        "target:满意度指标": "受益群众满意度：≥95%",
    }
    row.update(over)
    return row


def template(db: Database, actor: Actor, kind: str, path: Path, town_id: int | None = None) -> Path:
    with db.read() as session:
        return write_kind_template(session, actor, kind, path, town_id=town_id)


def fill(
    db: Database,
    kind: str,
    template_path: Path,
    out: Path,
    rows: Sequence[Mapping[str, Any]],
) -> Path:
    """Type `rows` ({column key: value}) into the template below its header and save as `out`."""
    k = get_kind(kind)
    with db.read() as session:
        spec = k.spec(session)
    keys = [c.key for c in spec.columns if c.key not in k.template_skip]
    grouped = any("/" in c.title for c in spec.columns if c.key in keys)
    wb = load_workbook(template_path)
    header_row = int(wb[META_SHEET]["B"][_meta_index(wb, "header_row")].value)
    first = header_row + (2 if grouped else 1)
    ws = wb.worksheets[0]
    for r, values in enumerate(rows, first):
        for key, value in values.items():
            ws.cell(row=r, column=keys.index(key) + 1, value=value)
    wb.save(out)
    return out


def _meta_index(wb: Any, key: str) -> int:
    for i, cell in enumerate(wb[META_SHEET]["A"]):
        if cell.value == key:
            return i
    raise KeyError(key)


def cell_of(db: Database, kind: str, key: str, excel_row: int) -> str:
    """The template coordinate (“D8”) of column `key` in data row `excel_row`."""
    from openpyxl.utils import get_column_letter

    k = get_kind(kind)
    with db.read() as session:
        spec = k.spec(session)
    keys = [c.key for c in spec.columns if c.key not in k.template_skip]
    return f"{get_column_letter(keys.index(key) + 1)}{excel_row}"


def messy_projects_file(folder: Path, name: str = "固关镇2025年项目申报（报送稿）.xlsx") -> Path:
    """A town's own workbook: a 说明 sheet first, title and unit lines, headers in their own
        words (实施年度 is not a known name: the user must map it), a 小计 and a 合计 row, a note
        column, two mistakes (a village of another town, a text amount) and a row without content
    (imported as a draft that needs it)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "填表说明"
    ws["A1"] = "请在“项目表”中填写，金额单位万元。"
    ws = wb.create_sheet("项目表")
    ws["A1"] = "固关镇2025年度巩固衔接项目库申报汇总表"
    ws.merge_cells("A1:L1")
    ws["A2"] = "填报单位（盖章）：固关镇人民政府"
    ws["J2"] = "单位：万元"
    ws.append(
        [
            "序号",
            "实施年度",
            "项目名称",
            "项目类别",
            "建设性质",
            "乡镇",
            "建设地点",
            "建设内容",
            "项目总投资",
            "财政资金",
            "中央衔接资金",
            "备注",
        ]
    )
    data = [
        [
            1,
            2025,
            "上岔村核桃提质增效项目",
            "种植",
            "新建",
            "固关镇",
            "上岔村",
            "核桃园提质 300 亩",
            30,
            20,
            20,
            "",
        ],
        [
            2,
            2025,
            "水滩村肉牛养殖圈舍",
            "养殖",
            "新建",
            "固关",
            "水滩村",
            "新建圈舍 800 平方米",
            45.5,
            40,
            40,
            "村集体经济",
        ],
        [
            3,
            2025,
            "东坡村道路硬化",
            "道路",
            "改建",
            "固关镇",
            "东坡村",
            "硬化 2 公里",
            60,
            60,
            60,
            "",
        ],
        [None, None, "小计", None, None, None, None, None, 135.5, 120, 120, None],
        [
            4,
            2025,
            "殿咀村饮水工程",
            "饮水",
            "新建",
            "固关镇",
            "殿咀",
            "管网 5 公里",
            "三十",
            25,
            25,
            "",
        ],
        [
            5,
            2025,
            "苟家沟村人居环境整治",
            "人居环境",
            "维修",
            "固关镇",
            "苟家沟村",
            None,
            12,
            10,
            10,
            "  需配套 ",
        ],
        [
            6,
            2025,
            "北大山村产业路",
            "产业配套设施",
            "新建",
            "固关镇",
            "北大山村",
            "新修产业路 1.5 公里",
            35,
            30,
            30,
            "",
        ],
    ]
    for row in data:
        ws.append(row)
    ws.append(["合计", None, None, None, None, None, None, None, 212.5, 185, 185])
    ws.append([])
    ws.append(["填表人：王五", None, None, "审核人：赵六", None, None, "填报日期：2025年3月1日"])
    path = folder / name
    wb.save(path)
    return path
