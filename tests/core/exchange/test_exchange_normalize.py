"""Cell normalisers: amounts to exact 元, dates and periods, names, IDs, codes, row kinds."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.exchange import (
    Division,
    DivisionDirectory,
    DivisionLevel,
    NormalizeError,
    Period,
    normalize_amount,
    normalize_code,
    normalize_date,
    normalize_enum,
    normalize_id_number,
    normalize_int,
    normalize_name,
    normalize_period,
    normalize_text,
    unit_in_header,
    unit_in_line,
)
from fpr_desktop.exchange.dates import EXCEL_EPOCH
from fpr_desktop.exchange.normalize import id_check_digit
from fpr_desktop.exchange.problems import SkipKind
from fpr_desktop.exchange.rowkinds import classify

WAN, YUAN, YI = MoneyUnit.WAN, MoneyUnit.YUAN, MoneyUnit.YI
FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

wan_amounts = st.decimals(
    min_value=0, max_value=Decimal("99999999.999999"), places=6, allow_nan=False
)


# --- amounts ----------------------------------------------------------------------------------


@given(wan_amounts, st.sampled_from(["{}万元", "{}", " {} 万元 ", "¥{}万"]))
def test_wan_text_round_trips_to_exact_yuan(d: Decimal, pattern: str) -> None:
    out = normalize_amount(pattern.format(d), WAN)
    assert out.value == d * 10000
    assert out.warnings == ()


@given(wan_amounts)
def test_grouped_and_fullwidth_wan_text(d: Decimal) -> None:
    assert normalize_amount(f"{d:,}", WAN).value == d * 10000
    assert normalize_amount(f"{d:,}万元".translate(FULL), YUAN).value == d * 10000


@given(wan_amounts)
def test_wan_float_from_calamine_is_exact(d: Decimal) -> None:
    # calamine hands numbers over as floats; ≤ 15 significant digits survive repr() exactly
    assert normalize_amount(float(d), WAN).value == d * 10000


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_sub_fen_rounds_half_up_with_warning(d: Decimal) -> None:
    out = normalize_amount(str(d), YUAN, allow_negative=True)
    expected = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert out.value == expected
    assert bool(out.warnings) == (expected != d)


@pytest.mark.parametrize(
    ("raw", "unit", "yuan"),
    [
        ("20万元", YUAN, "200000.00"),
        ("20元", WAN, "20.00"),
        ("1.5亿元", WAN, "150000000.00"),
        ("29.862588", WAN, "298625.88"),
        (29.862588, WAN, "298625.88"),
        (161.5, WAN, "1615000.00"),
        (2.675, YUAN, "2.68"),  # ROUND_HALF_UP, never round()
        (1234.5600000000001, YUAN, "1234.56"),  # formula noise: silent
        (3, WAN, "30000.00"),
        ("１，２３４．５", YUAN, "1234.50"),
        ("人民币1,000元", YUAN, "1000.00"),
    ],
)
def test_amount_examples(raw: object, unit: MoneyUnit, yuan: str) -> None:
    assert normalize_amount(raw, unit).value == Decimal(yuan)


def test_amount_with_note_keeps_number_and_warns() -> None:
    out = normalize_amount("10(其中灾情6万元)", WAN)
    assert out.value == Decimal("100000.00")
    assert "其中灾情6万元" in out.warnings[0] and "已忽略" in out.warnings[0]


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", "/", "无"])
def test_amount_blank_markers(raw: object) -> None:
    assert normalize_amount(raw, WAN).value is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "不是金额"),
        ("12,34", "千分位"),
        ("15%", "百分比"),
        (-3.0, "负数"),
        ("#DIV/0!", "公式错误"),
        (dt.date(2021, 1, 1), "不是金额"),
        (True, "不是金额"),
        (float("nan"), "不是有效"),
    ],
)
def test_amount_errors_say_what_and_expected(raw: object, reason: str) -> None:
    with pytest.raises(NormalizeError) as info:
        normalize_amount(raw, WAN)
    assert reason in info.value.reason
    assert "万元" in info.value.expected


def test_units_from_headers_and_lines() -> None:
    assert unit_in_header("计划投资（万元）") is WAN
    assert unit_in_header("金额(元)") is YUAN
    assert unit_in_header("资金 (亿元)") is YI
    assert unit_in_header("项目名称") is None
    assert unit_in_line("单位：万元") is WAN
    assert unit_in_line("（金额单位: 元）") is YUAN
    assert unit_in_line("陇县2021年项目表") is None


# --- dates and periods ------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))
FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year} 年 {d.month:02d} 月 {d.day:02d} 日",
    lambda d: f"{d:%Y%m%d}",
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: d.isoformat().translate(str.maketrans("0123456789-", "０１２３４５６７８９－")),
]


@given(days, st.sampled_from(FORMATS))
def test_date_text_round_trips(d: dt.date, fmt) -> None:
    assert normalize_date(fmt(d)).value == d


@given(days)
def test_date_cells_and_serials(d: dt.date) -> None:
    serial = (d - EXCEL_EPOCH).days
    assert normalize_date(float(serial)).value == d  # .xlsx general-format number
    assert normalize_date(serial).value == d  # .xls gives int
    assert normalize_date(float(serial) + 0.75).value == d  # time of day dropped
    assert normalize_date(dt.datetime.combine(d, dt.time(13, 5))).value == d
    assert normalize_date(d).value == d


@given(days)
def test_month_only_is_first_day_with_warning(d: dt.date) -> None:
    out = normalize_date(f"{d.year}年{d.month}月")
    assert out.value == d.replace(day=1)
    assert out.warnings
    with pytest.raises(NormalizeError):
        normalize_date(f"{d.year}年{d.month}月", allow_month=False)


@given(
    days,
    days,
    st.sampled_from(
        [
            "{a.year}.{a.month}-{b.year}.{b.month}",
            "{a.year}年{a.month}月至{b.year}年{b.month}月",
            "{a.year}.{a.month}~{b.year}.{b.month}",
        ]
    ),
)
def test_month_periods(a: dt.date, b: dt.date, pattern: str) -> None:
    a, b = min(a, b), max(a, b)
    out = normalize_period(pattern.format(a=a, b=b))
    last = calendar.monthrange(b.year, b.month)[1]
    assert out.value == Period(a.replace(day=1), b.replace(day=last))


@given(days, days)
def test_day_periods(a: dt.date, b: dt.date) -> None:
    a, b = min(a, b), max(a, b)
    assert normalize_period(f"{a.isoformat()}-{b.isoformat()}").value == Period(a, b)
    assert normalize_period(f"{a:%Y.%-m.%-d}—{b:%Y.%-m.%-d}").value == Period(a, b)


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("2021.3-10", "2021-03-01", "2021-10-31"),
        ("2021年3月至10月", "2021-03-01", "2021-10-31"),
        ("2021.3.5-10.20", "2021-03-05", "2021-10-20"),
        ("2021-2022", "2021-01-01", "2022-12-31"),
        ("2024.2-2024.2", "2024-02-01", "2024-02-29"),
    ],
)
def test_period_examples(raw: str, start: str, end: str) -> None:
    assert normalize_period(raw).value == Period(
        dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2021-02-30", "不存在"),
        ("2021", "年份"),
        (2021, "年份"),
        ("明年春天", "不是可识别"),
        (1.5, "不像日期"),
        ("1850-01-01", "合理范围"),
        (dt.time(8, 0), "不是日期"),
    ],
)
def test_date_errors(raw: object, reason: str) -> None:
    with pytest.raises(NormalizeError) as info:
        normalize_date(raw)
    assert reason in info.value.reason
    assert "2021-07-22" in info.value.expected


def test_period_end_before_start_is_an_error() -> None:
    with pytest.raises(NormalizeError, match="早于"):
        normalize_period("2021.10-2021.3")


# --- text, names, IDs, codes, enums, integers ---------------------------------------------------

cjk = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=8
)


@given(
    cjk,
    st.lists(st.sampled_from([" ", "\u3000", "\t", "\u00a0", "\u200b"]), max_size=4),
    st.integers(min_value=0, max_value=8),
)
def test_name_drops_every_space(name: str, spaces: list[str], at: int) -> None:
    messy = name[:at] + "".join(spaces) + name[at:]
    assert normalize_name(f" {messy} ").value == name
    assert normalize_name(normalize_name(messy).value).value == name


def test_text_collapses_spaces_but_keeps_lines() -> None:
    assert normalize_text("  需配套   管网 \n 二期 ").value == "需配套 管网\n二期"
    assert normalize_text(12.0).value == "12"
    assert normalize_text("   ").value is None
    with pytest.raises(NormalizeError, match="过长"):
        normalize_text("长" * 11, max_length=10)


@given(st.integers(min_value=0, max_value=10**16 - 1), days)
def test_id_numbers(seq: int, birth: dt.date) -> None:
    body = f"610327{birth:%Y%m%d}{seq % 1000:03d}"
    good = body + id_check_digit(body)
    assert normalize_id_number(good).value == good
    assert normalize_id_number(" " + good.lower() + " ").value == good
    bad = body + ("0" if good[-1] != "0" else "1")
    with pytest.raises(NormalizeError, match="校验位"):
        normalize_id_number(bad)


def test_id_number_as_number_is_refused() -> None:
    with pytest.raises(NormalizeError, match="数字保存"):
        normalize_id_number(6.10327199001011e17)
    with pytest.raises(NormalizeError, match="位数"):
        normalize_id_number("61032719900101")
    with pytest.raises(NormalizeError, match="出生日期"):
        normalize_id_number("610327199013011236")


def test_codes_stay_text() -> None:
    assert normalize_code(610327109001.0).value == "610327109001"
    assert normalize_code("'00123").value == "00123"
    assert normalize_code(" 陇财 〔2021〕 12号 ").value == "陇财〔2021〕12号"
    with pytest.raises(NormalizeError, match="数字保存"):
        normalize_code(1.2345678901234567e19)


def test_integers() -> None:
    assert normalize_int(38.0).value == 38
    assert normalize_int("38户", unit="户").value == 38
    assert normalize_int("1,200").value == 1200
    out = normalize_int("38人", unit="户")
    assert out.value == 38 and out.warnings
    for bad in ("3.5", 3.5, "abc", "-2"):
        with pytest.raises(NormalizeError):
            normalize_int(bad)


def test_enum_suggests_the_closest() -> None:
    values = ["产业发展", "就业", "乡村建设"]
    assert normalize_enum(" 乡村 建设 ", values).value == "乡村建设"
    assert normalize_enum("产业", values, {"产业": "产业发展"}).value == "产业发展"
    with pytest.raises(NormalizeError) as info:
        normalize_enum("产业", values)
    assert "产业发展" in info.value.reason and "乡村建设" in info.value.expected


# --- divisions ----------------------------------------------------------------------------------

VILLAGES = {
    "固关镇": ["上岔村", "柴家咀村", "固关街村"],
    "东风镇": ["东风村", "示例社区"],
    "河北镇": ["东坡村"],
}


@pytest.fixture(scope="module")
def directory() -> DivisionDirectory:
    items = [Division(t, t, DivisionLevel.TOWN) for t in VILLAGES]
    items += [
        Division(f"{t}/{v}", v, DivisionLevel.VILLAGE, t) for t, vs in VILLAGES.items() for v in vs
    ]
    return DivisionDirectory(items, county_names=["陇县"])


@pytest.mark.parametrize(
    "written",
    [
        "上岔村",
        "上岔",
        "上 岔 村",
        "固关镇上岔村",
        "固关上岔村",
        "陇县固关镇上岔村",
        "上岔村委会",
        "固关镇 上岔村",
        "上岔村三组",
    ],
)
def test_village_forms(directory: DivisionDirectory, written: str) -> None:
    assert directory(written, DivisionLevel.VILLAGE).value.id == "固关镇/上岔村"


def test_village_named_like_a_town_stem(directory: DivisionDirectory) -> None:
    assert directory("东风村", DivisionLevel.VILLAGE).value.id == "东风镇/东风村"
    assert directory("东风镇东风村", DivisionLevel.VILLAGE).value.id == "东风镇/东风村"
    assert directory("示例", DivisionLevel.VILLAGE).value.id == "东风镇/示例社区"


def test_unknown_village_suggests_closest(directory: DivisionDirectory) -> None:
    with pytest.raises(NormalizeError) as info:
        directory("上叉村", DivisionLevel.VILLAGE)
    assert "上岔村" in info.value.reason


def test_village_in_the_wrong_town(directory: DivisionDirectory) -> None:
    town = directory("河北镇", DivisionLevel.TOWN).value
    with pytest.raises(NormalizeError, match="固关镇"):
        directory("上岔村", DivisionLevel.VILLAGE, town)
    with pytest.raises(NormalizeError, match="不一致"):
        directory("固关镇上岔村", DivisionLevel.VILLAGE, town)


def test_towns(directory: DivisionDirectory) -> None:
    assert directory("固关", DivisionLevel.TOWN).value.id == "固关镇"
    assert directory(" 固关 镇", DivisionLevel.TOWN).value.id == "固关镇"
    with pytest.raises(NormalizeError, match="固关镇"):
        directory("固官镇", DivisionLevel.TOWN)


# --- row kinds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["合 计", "", "", 120.5], SkipKind.SUMMARY),
        (["", "小计", 50], SkipKind.SUMMARY),
        (["", "固关镇小计", 50], SkipKind.SUMMARY),
        (["其中：中央资金", 30], SkipKind.SUMMARY),
        (["一、产业发展类", "", 50], SkipKind.SECTION),
        (["（二）乡村建设", ""], SkipKind.SECTION),
        (["第一部分"], SkipKind.SECTION),
        (["1、种植业", "", ""], SkipKind.SECTION),
        (["备注：金额单位为万元"], SkipKind.FOOTER),
        (["填表人：张三", "", "审核人：李四"], SkipKind.FOOTER),
    ],
)
def test_non_data_rows(cells: list[object], kind: SkipKind) -> None:
    why = classify(cells, filled_required=0, required_total=3)
    assert why is not None and why[0] is kind


@pytest.mark.parametrize(
    "cells",
    [
        [1.0, "上岔村核桃种植", "上岔村", 30.0],
        ["1、", "累计完成道路硬化", "上岔村", 30.0],
        ["1", "合计村道路（村名）", "上岔村", 30.0],
    ],
)
def test_data_rows_stay_data(cells: list[object]) -> None:
    assert classify(cells, filled_required=3, required_total=3) is None


def test_column_number_row_only_before_data() -> None:
    row = [1, 2, 3, 4, 5, 6]
    assert classify(row, filled_required=3, required_total=3, before_data=True) == (
        SkipKind.HEADER,
        "栏次",
    )
    assert classify(row, filled_required=3, required_total=3) is None
