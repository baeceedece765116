"""Fuzzing the number parser: one text, one answer, whichever way it is parsed.

Every text gives a :class:`Quantity` or a :class:`NumberFormatError`, never another
exception, and the vectorised :func:`parse_column` reads each cell exactly as
:func:`parse_quantity` reads it alone (its fast path for plain cells included).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from aircheck.numbers import (
    PREFIX_QUALIFIERS,
    NumberFormatError,
    Quantity,
    format_decimal,
    normalise,
    parse_column,
    parse_quantity,
)
from aircheck.units import MAGNITUDE_WORDS, MAGNITUDES

DIGITS = st.text("0123456789", min_size=1, max_size=25)

number_like = st.builds(
    lambda pre, sign, whole, frac, space, mag, pct, unit, post: (
        f"{pre}{sign}{whole}{'.' + frac if frac else ''}{space}{mag}{pct}{unit}{post}"
    ),
    st.sampled_from(["", "约", "累计", "近", " ", "　"]),
    st.sampled_from(["", "-", "+", "－", "--"]),
    st.one_of(DIGITS, st.sampled_from(["1,293", "12,345,678", "1,2", "０７", "٣"])),
    st.one_of(st.just(""), DIGITS, st.just(".")),
    st.sampled_from(["", " ", "\u00a0", "\n"]),
    st.sampled_from(["", "万", "亿", "万亿"]),
    st.sampled_from(["", "%", "％", "%%"]),
    st.sampled_from(["", "公里", "万亩", "家", "台", "x", "e5", "NaN", "亩左右"]),
    st.sampled_from(["", "余", "多", "左右", " ", "5"]),
)
cells = st.one_of(number_like, st.text(max_size=30), st.sampled_from(["NaN", "inf", "-Infinity"]))


def _agree(cell: str, row: pd.Series) -> None:
    try:
        q = parse_quantity(cell)
    except NumberFormatError:
        assert (not row["ok"]) or (not row["present"]), cell
        return
    assert row["present"] and row["ok"], cell
    assert Decimal(row["text"]) == q.value, cell
    assert row["decimals"] == q.decimals and row["magnitude"] == q.magnitude, cell
    assert bool(row["percent"]) == q.percent, cell
    assert row["unit"] == q.unit and row["qualifier"] == q.qualifier, cell
    expected = float(q.value)
    assert math.isclose(row["value"], expected, rel_tol=1e-12) or row["value"] == expected, cell


@given(st.one_of(st.text(), number_like))
@example("1" + " " * 5000 + "x1")
@example("9" * 5000)
@example("约-0.50万亩")
@example("70家左右")
@example("1,293.17余万元")
def test_any_text_is_a_quantity_or_a_format_error(text):
    try:
        q = parse_quantity(text)
    except NumberFormatError as exc:
        assert repr(text) in str(exc)  # the message quotes the text that is not a figure
        return
    # what was parsed is what was written: the magnitude word's power, the digits after the
    # point, and the value as the mantissa times that power (exact, in Decimal)
    assert q.magnitude in {0, *MAGNITUDES.values()}, text
    words = [w for w, power in MAGNITUDES.items() if power == q.magnitude]
    assert not words or words[0] in normalise(text), text
    assert q.decimals == max(0, -q.mantissa.as_tuple().exponent), text
    assert q.value == Decimal(f"{q.mantissa}E{q.magnitude}"), text  # exact, no context rounding
    # formatted back, it parses to the same figure: digits, precision, magnitude, %, unit
    again = parse_quantity(written(q))
    assert (again.mantissa, again.decimals, again.magnitude) == (
        q.mantissa,
        q.decimals,
        q.magnitude,
    )
    assert (again.percent, again.unit, again.qualifier) == (q.percent, q.unit, q.qualifier), text
    assert again.value == q.value and written(again) == written(q), text


def written(q: Quantity) -> str:
    """The figure written out canonically: qualifier in its place, digits, 万/亿, %, unit."""
    pre = q.qualifier if q.qualifier in PREFIX_QUALIFIERS else ""
    post = q.qualifier if q.qualifier in ("余", "多") else ""
    about = q.qualifier if q.qualifier == "左右" else ""
    word = MAGNITUDE_WORDS.get(q.magnitude, "")
    digits = format_decimal(q.mantissa, q.decimals)
    return f"{pre}{digits}{post}{word}{'%' if q.percent else ''}{q.unit}{about}"


@example(Decimal("3.130"), "万亿")
@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=0, max_value=10**9),
    st.sampled_from(["", "万", "亿", "万亿"]),
)
def test_a_written_figure_parses_back_to_its_digits(value, word):
    q = parse_quantity(f"{value:f}{word}")
    assert q.mantissa == value and q.decimals == 3
    assert q.magnitude == MAGNITUDES.get(word, 0)
    assert q.value == Decimal(f"{value}E{q.magnitude}")


@given(st.lists(cells, min_size=1, max_size=20))
@example(["69.8%", "-0.50", "007", "1.", ".5", "-", "3.13万亩", "1,293.17", "٣", "１２.5％"])
def test_parse_column_agrees_with_parse_quantity(column):
    parsed = parse_column(pd.Series(column, dtype=object))
    assert len(parsed) == len(column)
    for cell, (_, row) in zip(column, parsed.iterrows()):
        _agree(cell, row)


def test_parse_column_takes_missing_cells_and_non_text():
    parsed = parse_column(pd.Series([None, float("nan"), 12, "", "5"], dtype=object))
    assert list(parsed["present"]) == [False, False, True, False, True]
    assert list(parsed["text"]) == ["", "", "12", "", "5"]


def test_huge_figures_keep_their_digits():
    digits = "9" * 400
    q = parse_quantity(digits + ".5万")
    assert q.value == Decimal(digits + "5000")  # exact: every digit kept, none rounded
    row = parse_column(pd.Series([digits + ".5万"])).iloc[0]
    assert Decimal(row["text"]) == q.value and math.isinf(row["value"])
