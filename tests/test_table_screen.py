"""The float screen of a table's relations (``aircheck.text.table_screen``).

Two properties carry it: it counts the rows a loop over the cells counts (the same floats,
added in the same order, the same rows checked), and every row that keeps a relation
exactly is among its near rows, so no relation the exact test would establish is
screened out. The loop below is the screen as it was written before it was vectorised,
with the exact test's conditions for a row to be checked; it stays here as the oracle."""

from __future__ import annotations

import math
from decimal import Decimal
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from aircheck.numbers import parse_quantity
from aircheck.text.grid import Cell
from aircheck.text.table_relations import Pattern, Values, evaluate
from aircheck.text.table_screen import Screen, ratio_counts, screen_rows, sum_counts

WIDTH = 5


def _loop(kind: str, columns: tuple[int, ...], screen: Screen) -> tuple[int, int]:
    """(near, checked) for one candidate, row by row."""
    near = checked = 0
    for r in range(len(screen.values)):
        cells = [
            (screen.values[r, c], screen.halves[r, c], screen.dimensions[r, c], screen.signs[r, c])
            for c in columns
        ]
        if any(math.isnan(v) for v, _, _, _ in cells):
            continue
        measured_dims = [d for _, _, d, _ in (cells[:2] if kind == "ratio" else cells)]
        if len(set(measured_dims) - {0}) > 1:
            continue
        vals = [float(v) for v, _, _, _ in cells]
        if kind == "ratio":
            if cells[1][3] <= 0 or cells[0][3] < 0:
                continue
            # b is positive, yet 0.0 as a float: the ratio cannot be judged (inf or NaN)
            measured = vals[0] * 100 / vals[1] if vals[1] else math.inf
            stated = float(screen.printed[r, columns[2]])  # the rate as printed
            ok = not math.isfinite(measured) or abs(measured - stated) <= 1.5
        else:
            slack = sum(float(h) for _, h, _, _ in cells) + 1e-6 * abs(vals[0]) + 1e-9
            gap = abs(vals[0] - sum(vals[1:]))
            ok = not math.isfinite(gap) or gap <= slack
        checked += 1
        near += ok
    return near, checked


# plain figures, the awkward ones (no value, zero, negative, beyond the float range) and
# ones made to lie on the screen's edges: a rate 1.5 off, a sum off by its slack
_FIGURE = st.one_of(
    st.floats(0.01, 1e6, allow_nan=False),
    st.sampled_from([math.nan, 0.0, -0.0, -3.0, math.inf, -math.inf, 1e308, 5e-324]),
    st.integers(0, 300).map(float),
)


@st.composite
def screens(draw: st.DrawFn) -> Screen:
    rows = draw(st.integers(0, 12))
    values = np.array(
        [[draw(_FIGURE) for _ in range(WIDTH)] for _ in range(rows)], dtype=float
    ).reshape(rows, WIDTH)
    for row in values:  # relations the rows keep, exactly or at the edge
        edge = draw(st.sampled_from([0.0, 1.5, -1.5, 1.4999999, 2.0, 0.25, 5e-10]))
        first, second = float(row[0]), float(row[1])  # Python floats: inf, not a warning
        if draw(st.booleans()) and second > 0 and math.isfinite(second):
            row[2] = first * 100 / second + edge
        if draw(st.booleans()):
            row[3] = first + second + edge
    halves = np.array(
        [[draw(st.sampled_from([0.0, 0.5, 0.05, 0.005, math.inf])) for _ in range(WIDTH)]] * rows,
        dtype=float,
    ).reshape(rows, WIDTH)
    dimensions = np.array(
        [[draw(st.sampled_from([0, 0, 1, 1, 2])) for _ in range(WIDTH)] for _ in range(rows)],
        dtype=np.int64,
    ).reshape(rows, WIDTH)
    signs = np.sign(np.nan_to_num(values)).astype(np.int8)
    zeros = list(zip(*np.nonzero(values == 0)))
    if zeros and draw(st.booleans()):  # a value too small for a float: positive, yet 0.0
        signs[draw(st.sampled_from(zeros))] = 1
    # as printed: the value, or a tenth of it (a rate column whose header names a unit)
    printed = values * draw(st.sampled_from([1.0, 1.0, 0.1]))
    return Screen(values, printed, halves, dimensions, signs)


@settings(max_examples=300, deadline=None)
@given(screens())
def test_ratio_screen_counts_the_rows_the_loop_counts(screen: Screen) -> None:
    for rate in range(WIDTH):
        near, checked = ratio_counts(screen, rate)
        for a in range(WIDTH):
            for b in range(WIDTH):
                got = (near[a, b], checked[a, b])
                assert got == _loop("ratio", (a, b, rate), screen), (a, b, rate)


@settings(max_examples=300, deadline=None)
@given(screens())
def test_sum_screen_counts_the_rows_the_loop_counts(screen: Screen) -> None:
    for total in range(WIDTH):
        others = [j for j in range(WIDTH) if j != total]
        for size in (2, 3):
            parts = list(combinations(others, size))
            near, checked = sum_counts(screen, total, parts)
            expected = [_loop("sum", (total, *p), screen) for p in parts]
            assert list(zip(near.tolist(), checked.tolist())) == expected, (total, size)


def test_a_long_table_is_screened_in_pieces_with_the_same_counts(monkeypatch) -> None:
    """A table longer than one piece gives the counts of one piece."""
    rng = np.random.default_rng(7)
    values = rng.integers(1, 50, size=(40, WIDTH)).astype(float)
    values[:, 2] = values[:, 0] * 100 / values[:, 1]
    values[:, 3] = values[:, 0] + values[:, 1]
    signs = np.ones((40, WIDTH), dtype=np.int8)
    halves, dimensions = np.full((40, WIDTH), 0.5), np.zeros((40, WIDTH), np.int64)
    screen = Screen(values, values, halves, dimensions, signs)

    def counts() -> list[list[int]]:
        near, checked = ratio_counts(screen, 2)
        sums = sum_counts(screen, 3, [(0, 1), (1, 4)])
        return [near.ravel().tolist(), checked.ravel().tolist(), *(s.tolist() for s in sums)]

    whole = counts()
    monkeypatch.setattr("aircheck.text.table_screen.SCREEN_CELLS", 7)
    assert counts() == whole
    assert whole[0][0 * WIDTH + 1] == 40 and whole[2][0] == 40 and whole[3] == [40, 40]


# -- every row the exact test keeps is near -----------------------------------------------

# units with a factor (公顷, 公里), with 万 or 亿, counted, or none
_UNITS = st.sampled_from(["", "万", "亿", "万元", "亿元", "公里", "亩", "公顷", "万户"])


def _digits(decimals: int) -> st.SearchStrategy[Decimal]:
    return st.integers(0, 10**7).map(lambda n: Decimal(n).scaleb(-decimals))


def _cell(text: str) -> Cell:
    return Cell(text, None, 0, len(text), parse_quantity(text))  # type: ignore[arg-type]


@st.composite
def kept_rows(draw: st.DrawFn) -> tuple[list[tuple[Cell, ...]], Values]:
    """Rows (completed, planned, rate, part, part, total) whose rate and sum the exact test
    keeps: the rate printed from the ratio rounded half-up, half-even or cut off, perhaps
    without % under a header naming a unit; the total, last in its row as a table's 合计
    column often is, the parts' sum rounded to fewer decimals."""
    rate_header = draw(st.sampled_from(["", "公顷"]))
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        unit, decimals = draw(_UNITS), draw(st.integers(0, 2))
        completed, planned = draw(_digits(decimals)), draw(_digits(decimals))
        planned = planned or Decimal(1)
        rounding = draw(st.sampled_from(["ROUND_HALF_UP", "ROUND_DOWN", "ROUND_HALF_EVEN"]))
        places = Decimal(1).scaleb(-draw(st.integers(0, 2)))
        rate = (completed * 100 / planned).quantize(places, rounding=rounding)
        sum_unit, part_decimals = draw(_UNITS), draw(st.integers(0, 2))
        a, b = draw(_digits(part_decimals)), draw(_digits(part_decimals))
        total_places = Decimal(1).scaleb(-draw(st.integers(0, part_decimals)))
        total = (a + b).quantize(total_places, rounding="ROUND_HALF_UP")
        percent = "" if rate_header else "%"
        cells = (f"{completed}{unit}", f"{planned}{unit}", f"{rate}{percent}")
        cells += (f"{a}{sum_unit}", f"{b}{sum_unit}", f"{total}{sum_unit}")
        rows.append(tuple(_cell(c) for c in cells))
    return rows, Values(["", "", rate_header, "", "", ""])


@settings(max_examples=400, deadline=None)
@given(kept_rows())
def test_every_row_the_exact_test_keeps_is_near(case) -> None:
    rows, values = case
    screen = screen_rows(rows, values)
    near, checked = ratio_counts(screen, 2)
    ratio = Pattern("ratio", (0, 1, 2), 0, 0)
    kept = [evaluate(ratio, row, values) for row in rows]
    assert checked[0, 1] == sum(k is not None for k in kept)
    assert near[0, 1] >= sum(k is True for k in kept) == len(rows)
    total = Pattern("sum", (5, 3, 4), 0, 0)
    kept = [evaluate(total, row, values) for row in rows]
    sum_near, sum_checked = sum_counts(screen, 5, [(3, 4)])
    assert sum_checked[0] == sum(k is not None for k in kept)
    assert sum_near[0] >= sum(k is True for k in kept) == len(rows)


def test_a_candidate_is_kept_only_while_enough_checked_rows_are_near() -> None:
    """At least three near rows, and near rows at least the share of the checked: the rows
    the exact test keeps are among the near ones, so fewer could not establish it."""
    from fractions import Fraction

    from aircheck.text.table_relations import _may_hold

    assert _may_hold(4, 5, Fraction(4, 5)) and _may_hold(3, 3, Fraction(4, 5))
    assert not _may_hold(3, 5, Fraction(4, 5)) and _may_hold(2 * 2, 6, Fraction(2, 3))
    assert not _may_hold(2, 2, Fraction(2, 3)) and not _may_hold(3, 100, Fraction(2, 3))
