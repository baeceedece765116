"""Numbers are read as text: precision, magnitudes, qualifiers and units survive."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aircheck.numbers import NumberFormatError, format_decimal, parse_column, parse_quantity


@pytest.mark.parametrize(
    ("text", "value", "decimals", "percent", "unit", "qualifier"),
    [
        ("69.8", "69.8", 1, False, "", ""),
        ("69.8%", "69.8", 1, True, "", ""),
        ("69.8％", "69.8", 1, True, "", ""),
        ("125.0", "125.0", 1, False, "", ""),
        ("１２５．０", "125.0", 1, False, "", ""),
        ("1,293.17", "1293.17", 2, False, "", ""),
        (" 16 个 ", "16", 0, False, "个", ""),
        ("约790.15万吨", "7901500", 2, False, "吨", "约"),
        ("70家左右", "70", 0, False, "家", "左右"),
        ("10余万吨", "100000", 0, False, "吨", "余"),
        ("3.13万亩", "31300", 2, False, "亩", ""),
        ("101.76亿", "10176000000", 2, False, "", ""),
        ("-5", "-5", 0, False, "", ""),
        ("102 %", "102", 0, True, "", ""),
    ],
)
def test_parse_quantity_keeps_what_was_written(text, value, decimals, percent, unit, qualifier):
    q = parse_quantity(text)
    assert q.value == Decimal(value)
    assert q.decimals == decimals
    assert q.percent is percent
    assert q.unit == unit
    assert q.qualifier == qualifier


def test_stated_precision_is_data():
    assert parse_quantity("125.0").decimals == 1
    assert parse_quantity("125").decimals == 0
    assert parse_quantity("3.13万").unit_of_last_digit == Decimal(100)
    assert parse_quantity("39.82").unit_of_last_digit == Decimal("0.01")


@pytest.mark.parametrize("bad", ["", "abc", "69,8%", "1..2", "12,34", "about 70", "%"])
def test_not_a_number_is_an_error(bad):
    with pytest.raises(NumberFormatError):
        parse_quantity(bad)


@given(st.integers(0, 10**12), st.integers(0, 5), st.sampled_from(["", "%", "万", "亿"]))
def test_round_trip_through_text(mantissa: int, decimals: int, suffix: str):
    value = Decimal(mantissa).scaleb(-decimals)
    text = format_decimal(value, decimals) + suffix
    q = parse_quantity(text)
    assert q.mantissa == value
    assert q.decimals == decimals
    assert format_decimal(q.mantissa, q.decimals) + suffix == text
    assert q.percent is (suffix == "%")
    assert q.magnitude == {"万": 4, "亿": 8}.get(suffix, 0)


@given(
    st.lists(
        st.from_regex(r"(约)?-?[0-9]{1,7}(\.[0-9]{1,3})?(万|亿)?(%|个|公顷)?", fullmatch=True),
        max_size=20,
    )
)
def test_column_parser_agrees_with_scalar_parser(cells: list[str]):
    parsed = parse_column(pd.Series(cells, dtype=object))
    for cell, (_, row) in zip(cells, parsed.iterrows(), strict=True):
        q = parse_quantity(cell)
        assert Decimal(row["text"]) == q.value
        assert row["decimals"] == q.decimals
        assert row["percent"] == q.percent
        assert row["unit"] == q.unit
        assert row["qualifier"] == q.qualifier


def test_column_parser_marks_empty_and_unreadable():
    parsed = parse_column(pd.Series(["", "12", "n/a", None], dtype=object))
    assert list(parsed["present"]) == [False, True, True, False]
    assert list(parsed["ok"]) == [True, True, False, True]


def test_wan_yi_is_ten_to_the_twelfth():
    quantity = parse_quantity("1.86万亿元")
    assert (quantity.mantissa, quantity.magnitude, quantity.unit) == (Decimal("1.86"), 12, "元")
