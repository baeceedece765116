"""The float screen of a table's relations, vectorised, counts the rows a loop over the
cells counts: the same floats, added in the same order, compared the same way.

The loop below is the screen as it was written before it was vectorised (one call per
column triple or quadruple); it stays here as the oracle."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from aircheck.text.table_relations import Screen, _near_ratios, _near_sums

WIDTH = 5


def _loop(kind: str, columns: tuple[int, ...], screen: Screen) -> int:
    near = 0
    for values, halves in zip(screen.values.tolist(), screen.halves.tolist()):
        cells = [(values[c], halves[c]) for c in columns]
        if any(math.isnan(v) for v, _ in cells):
            continue
        vals = [v for v, _ in cells]
        if kind == "ratio":
            if vals[1] <= 0:
                continue
            measured = vals[0] * 100 / vals[1]
            ok = not math.isfinite(measured) or abs(measured - vals[2]) <= 1.5
        else:
            slack = sum(h for _, h in cells) + 1e-6 * abs(vals[0]) + 1e-9
            gap = abs(vals[0] - sum(vals[1:]))
            ok = not math.isfinite(gap) or gap <= slack
        near += ok
    return near


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
    return Screen(values, halves)


@settings(max_examples=300, deadline=None)
@given(screens())
def test_ratio_screen_counts_the_rows_the_loop_counts(screen: Screen) -> None:
    for rate in range(WIDTH):
        near = _near_ratios(screen, rate)
        for a in range(WIDTH):
            for b in range(WIDTH):
                assert near[a, b] == _loop("ratio", (a, b, rate), screen), (a, b, rate)


@settings(max_examples=300, deadline=None)
@given(screens())
def test_sum_screen_counts_the_rows_the_loop_counts(screen: Screen) -> None:
    for total in range(WIDTH):
        others = [j for j in range(WIDTH) if j != total]
        for size in (2, 3):
            parts = list(combinations(others, size))
            near = _near_sums(screen, total, parts)
            assert near == [_loop("sum", (total, *p), screen) for p in parts], (total, size)


def test_a_long_table_is_screened_in_pieces_with_the_same_counts(monkeypatch) -> None:
    """A table longer than one piece gives the counts of one piece."""
    rng = np.random.default_rng(7)
    values = rng.integers(1, 50, size=(40, WIDTH)).astype(float)
    values[:, 2] = values[:, 0] * 100 / values[:, 1]
    values[:, 3] = values[:, 0] + values[:, 1]
    screen = Screen(values, np.full((40, WIDTH), 0.5))
    whole = (_near_ratios(screen, 2), _near_sums(screen, 3, [(0, 1), (1, 4)]))
    monkeypatch.setattr("aircheck.text.table_relations._SCREEN_CELLS", 7)
    pieces = (_near_ratios(screen, 2), _near_sums(screen, 3, [(0, 1), (1, 4)]))
    assert (whole[0] == pieces[0]).all() and whole[1] == pieces[1]
    assert whole[0][0, 1] == 40 and whole[1][0] == 40
