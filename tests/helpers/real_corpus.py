"""A corpus of project lists in the shapes counties publish, for three made-up counties (one
with 街道/社区), each with its flat division list. Deterministic (seeded); used by
tests/bench/bench_real_lists.py and the corpus test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from helpers.real_lists import Item, Place, Shape, with_sources, write_list

COUNTIES = (
    Place(
        "临城县",
        {
            "临城镇": ("北驾廻村", "陈家崇村", "南台村", "东街社区"),
            "郝庄镇": ("郝庄村", "王家庄村", "南程村"),
            "西竖镇": ("西竖村", "上围寺村", "下围寺村"),
            "黑城乡": ("黑城村", "鸭鸽营村", "西泉村"),
            "赵庄乡": ("赵庄村", "解村", "石窑村"),
        },
    ),
    Place(
        "平利县",
        {
            "城关镇": ("三里垭村", "龙头村", "药妇沟村"),
            "长安镇": ("高峰村", "中坝村", "金沙村"),
            "老县镇": ("錾子沟村", "蒋家坪村", "新城村"),
            "大贵镇": ("儒林堡村", "王家坡村", "太平村"),
        },
    ),
    Place(
        "渭滨区",
        {
            "金陵街道": ("东岭社区", "清姜社区", "上马营村"),
            "神农镇": ("陈家村", "大湾铺村", "益门村"),
            "石鼓镇": ("石嘴头村", "金河村", "晁峪村"),
        },
    ),
)
CODES = {"临城县": "130522", "平利县": "610926", "渭滨区": "610302"}
TEMPLATES = (
    ("{v}产业路硬化工程", "硬化道路{n}公里，宽4.5米"),
    ("{v}人饮安全巩固提升工程", "新建蓄水池{n}座，铺设管网"),
    ("{v}肉牛养殖场建设项目", "新建标准化牛舍{n}栋"),
    ("{v}小额信贷贴息", "为{n}0户脱贫户贴息"),
    ("{v}核桃提质增效项目", "改造核桃园{n}00亩"),
    ("{v}村史馆修缮", "修缮村史馆{n}处"),  # no keyword: the category stays to be done
    ("{v}农产品冷库建设", "新建冷库{n}座"),
    ("{v}危房改造", "改造危房{n}户"),
    ("{v}人居环境整治", "改厕{n}0户"),
)


@dataclass(frozen=True)
class CorpusFile:
    """One workbook of the corpus and what it should bring in."""

    county: str
    path: Path
    items: tuple[Item, ...]
    year_option: int | None  # the --year to pass (None: the file says it)


def shapes() -> list[Shape]:
    """The layouts the corpus cycles through (each a habit of real lists)."""
    money = ("资金规模（万元）", "投资规模（万元）", "计划投资（万元）", "资金金额（万元）")
    money += ("补助资金（万元）", "投资概算(万元)", "衔接资金（万元）", "中央衔接资金（万元）")
    base = [Shape(money_header=m) for m in money]
    return [
        *base,
        Shape(money_header="资金规模", unit_line="单位：万元"),
        Shape(money_header="資金規模（萬元）", total_first=True, total_label="合計"),
        Shape(subtotals=True, total_first=True),
        Shape(seq="restart", subtotals=True),
        Shape(seq="missing"),
        Shape(money_header="资金规模（万）"),
        Shape(money_header="资金规模", amount_style="wan", unit_line=None),
        Shape(money_header="资金规模", amount_style="text_unit"),
        Shape(amount_style="remark"),
        Shape(amount_style="exact"),
        Shape(place="together"),
        Shape(place="village"),
        Shape(merged_town=True),
        Shape(broken_rows=True),
        Shape(sources_header=True, money_header="资金规模"),
        Shape(source_text="中央衔接资金", merged_town=True),
        Shape(total_header="总投资（万元）", money_header="补助资金（万元）"),
        Shape(content=False),
        Shape(year_column=True),
        Shape(merged_town=True, subtotals=True, broken_rows=True, unit_line="单位：万元"),
        Shape(place="together", amount_style="text_unit", total_first=True),
        Shape(seq="restart", money_header="投资规模", unit_line="單位：萬元"),
    ]


def _items(rng: random.Random, place: Place, used: set[str], shape: Shape) -> list[Item]:
    out: list[Item] = []
    towns = rng.sample(sorted(place.towns), k=min(len(place.towns), rng.choice((1, 2, 3))))
    for town in towns:
        villages = list(place.towns[town])
        for _ in range(rng.randint(3, 6)):
            name_t, content_t = rng.choice(TEMPLATES)
            several = shape.place != "apart" and rng.random() < 0.25
            chosen = tuple(rng.sample(villages, k=2)) if several else (rng.choice(villages),)
            name = name_t.format(v=chosen[0] if not several else town)
            if name in used:
                continue
            used.add(name)
            places = 6 if shape.amount_style == "exact" else rng.choice((0, 1, 2, 2, 4))
            amount = Decimal(rng.randint(1, 200)) + Decimal(rng.randint(0, 10**places - 1)).scaleb(
                -places
            )
            content = content_t.format(n=rng.randint(1, 9))
            out.append(Item(town, chosen, name, amount.normalize(), content))
    return out


def division_list(place: Place, folder: Path, style: int) -> Path:
    """The county's divisions as a flat list (three ways of writing it)."""
    wb = Workbook()
    ws = wb.active
    ws.append([f"{place.county}行政区划一览表"])
    if style == 0:
        ws.append(["县", "乡镇（街道）", "村（社区）"])
        rows = [[place.county, t, v] for t, vs in place.towns.items() for v in vs]
    elif style == 1:
        ws.append(["序号", "乡镇", "村"])
        rows = [[n, t, v] for n, (t, v) in enumerate(_pairs(place), 1)]
    else:
        ws.append(["序号", "村（社区）"])
        rows = [[n, t + v] for n, (t, v) in enumerate(_pairs(place), 1)]
    for row in rows:
        ws.append(row)
    path = folder / f"{place.county}区划.xlsx"
    wb.save(path)
    return path


def _pairs(place: Place) -> list[tuple[str, str]]:
    return [(t, v) for t, vs in place.towns.items() for v in vs]


def build(folder: Path, per_county: int = 11, seed: int = 20241201) -> list[CorpusFile]:
    """`per_county` workbooks per county (33 by default), every shape used at least once."""
    rng = random.Random(seed)
    layouts = shapes()
    files: list[CorpusFile] = []
    n = 0
    for place in COUNTIES:
        used: set[str] = set()
        for k in range(per_county):
            shape = layouts[n % len(layouts)]
            n += 1
            year = 2021 + k % 4
            mode = k % 3  # where the year comes from: title, file name, option
            title = f"{place.county}{year}年度巩固拓展脱贫攻坚成果项目计划表" if mode == 0 else None
            shape = replace(shape, title=title)
            items = _items(rng, place, used, shape)
            if shape.sources_header:
                items = [with_sources(i) for i in items]
            name = (
                f"{place.county}{year}年项目清单{k + 1:02d}.xlsx"
                if mode == 1
                else f"清单{n:02d}.xlsx"
            )
            (folder / place.county).mkdir(parents=True, exist_ok=True)
            path = write_list(folder / place.county / name, items, shape)
            files.append(CorpusFile(place.county, path, tuple(items), year if mode == 2 else None))
    return files
