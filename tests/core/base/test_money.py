"""Money: exact 分 storage, 元/万元 conversions, and no float anywhere."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, type_coerce

from fpr_desktop.base.models.columns import Money
from fpr_desktop.base.money import (
    MoneyError,
    MoneyUnit,
    fen_to_yuan,
    format_amount,
    parse_amount,
    wan_to_yuan,
    yuan_to_fen,
    yuan_to_wan,
)

fen_values = st.integers(min_value=-(10**15), max_value=10**15)


@given(fen_values)
def test_fen_yuan_round_trip(fen: int) -> None:
    assert yuan_to_fen(fen_to_yuan(fen)) == fen


@given(fen_values)
def test_wan_round_trip_is_exact(fen: int) -> None:
    yuan = fen_to_yuan(fen)
    wan = yuan_to_wan(yuan)
    assert wan_to_yuan(wan) == yuan
    # 1 分 is 0.000001 万元: six decimals always suffice
    assert -wan.as_tuple().exponent <= 6 if isinstance(wan.as_tuple().exponent, int) else True


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False))
def test_six_decimal_wan_text_parses_exactly(wan: Decimal) -> None:
    assert parse_amount(f"{wan:f}", MoneyUnit.WAN) == wan * 10000


def test_notice_amounts_keep_their_decimals() -> None:
    assert wan_to_yuan("29.862588") == Decimal("298625.88")
    assert format_amount(Decimal("298625.88"), MoneyUnit.WAN, 6) == "29.862588"
    assert format_amount(Decimal("1615000"), MoneyUnit.WAN) == "161.50"
    assert format_amount(Decimal("1234567.8")) == "1,234,567.80"


def test_half_up_not_bankers() -> None:
    assert format_amount(Decimal("2.675"), decimals=2) == "2.68"
    assert yuan_to_fen("2.675", exact=False) == 268


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        yuan_to_fen(0.1)  # type: ignore[arg-type]


def test_sub_fen_is_refused_with_chinese_message() -> None:
    with pytest.raises(MoneyError, match="分"):
        parse_amount("1.234")
    with pytest.raises(MoneyError, match="不是有效的金额"):
        parse_amount("一百")


def test_sum_in_database_is_exact(database) -> None:  # type: ignore[no-untyped-def]
    """1,004 amounts that drift by a 分 as REAL sum exactly as integer 分."""
    from sqlalchemy import BigInteger, Column, Integer, MetaData, Table

    md = MetaData()
    t = Table("money_probe", md, Column("id", Integer, primary_key=True), Column("amt", Money))
    md.create_all(database.engine)
    try:
        values = [Decimal("0.10"), Decimal("0.20"), Decimal("1234567.89")] * 334 + [
            Decimal("0.01"),
            Decimal("0.03"),
        ]
        with database.engine.begin() as conn:
            conn.execute(t.insert(), [{"amt": v} for v in values])
            total = conn.scalar(select(type_coerce(func.sum(t.c.amt), Money)))
            raw = conn.scalar(select(func.sum(type_coerce(t.c.amt, BigInteger))))
        assert total == sum(values)
        assert raw == sum(values) * 100  # stored as whole 分, summed without rounding
    finally:
        md.drop_all(database.engine)


@pytest.mark.parametrize(
    ("typed", "default", "yuan"),
    [
        ("120万", MoneyUnit.YUAN, Decimal("1200000.00")),
        ("120万元", MoneyUnit.YUAN, Decimal("1200000.00")),
        ("120 萬元", MoneyUnit.YUAN, Decimal("1200000.00")),
        ("1,200,000元", MoneyUnit.WAN, Decimal("1200000.00")),
        ("0.5亿元", MoneyUnit.WAN, Decimal("50000000.00")),
        ("120", MoneyUnit.WAN, Decimal("1200000.00")),  # a bare number is in the form's unit
        ("29.862588", MoneyUnit.WAN, Decimal("298625.88")),  # six 万元 decimals are whole 分
        ("120", MoneyUnit.YUAN, Decimal("120.00")),
    ],
)
def test_typed_amounts_carry_their_own_unit(typed: str, default: MoneyUnit, yuan: Decimal) -> None:
    assert parse_amount(typed, default) == yuan


def test_typed_amount_errors_say_what_is_expected() -> None:
    with pytest.raises(MoneyError, match="120万 或 1,200,000元"):
        parse_amount("一百二十万", MoneyUnit.WAN)
    with pytest.raises(MoneyError, match="精确到了分以下"):
        parse_amount("1.2345678万")
    with pytest.raises(MoneyError, match="不能为空"):
        parse_amount("万元")
