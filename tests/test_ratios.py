"""Rate arithmetic: exact, rounding-aware, and the same whether screened by floats or not."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import aircheck
from aircheck.ratios import classify, fraction_array, round_half_up


def rate_findings(planned: str, completed: str, rate: str) -> list[str]:
    frame = pd.DataFrame(
        {
            "item": ["x"],
            "unit": ["个"],
            "planned": [planned],
            "completed": [completed],
            "rate": [rate],
        }
    )
    return [f.code for f in aircheck.validate(frame).findings if f.code.startswith("AC10")]


def test_seed_truncations_are_warnings_naming_the_rounded_value():
    report = aircheck.validate(
        pd.DataFrame(
            {
                "item": ["供热管网"],
                "unit": ["公里"],
                "planned": ["57"],
                "completed": ["39.82"],
                "rate": ["69.8%"],
            }
        )
    )
    warning = next(f for f in report.findings if f.code == "AC102")
    assert warning.expected == "69.9"
    assert "69.860" in warning.message("en")
    assert report.convention == "truncation"
    assert report.ok


def test_ties_accept_half_up_and_half_even():
    # 1089 / 400 = 272.25% exactly: half-up gives 272.3, half-even 272.2
    assert rate_findings("400.00", "1089.00", "272.3") == []
    assert rate_findings("400.00", "1089.00", "272.2") == []
    assert "AC101" in rate_findings("400.00", "1089.00", "272.0")


def test_rate_above_hundred_is_legitimate_for_plans():
    assert rate_findings("3.13", "4.03", "128.8") == []


def test_input_rounding_is_information_only():
    # 7.7 / 67.9 = 11.34%; 11.4% needs 7.7 to stand for >= 7.72
    assert rate_findings("67.9", "7.7", "11.4%") == ["AC103"]


def test_zero_plan_is_not_checked():
    assert rate_findings("0", "5", "100%") == []


def _percent(completed: Fraction, planned: Fraction) -> Fraction:
    return completed * 100 / planned


amounts = st.tuples(st.integers(1, 10**7), st.integers(0, 3))


def _dec(pair: tuple[int, int]) -> Decimal:
    return Decimal(pair[0]).scaleb(-pair[1])


@settings(max_examples=60, deadline=None)
@given(
    amounts,
    amounts,
    st.integers(0, 2),
    st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN]),
)
def test_a_rate_made_under_a_convention_is_never_an_error(planned, completed, decimals, mode):
    p, c = _dec(planned), _dec(completed)
    exact = Decimal(c) * 100 / Decimal(p)
    rate = exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)
    codes = rate_findings(f"{p:.{planned[1]}f}", f"{c:.{completed[1]}f}", f"{rate}%")
    assert "AC101" not in codes


@settings(max_examples=60, deadline=None)
@given(amounts, amounts, st.integers(0, 2), st.integers(1, 50))
def test_a_rate_beyond_every_rounding_is_an_error(planned, completed, decimals, extra):
    p, c = _dec(planned), _dec(completed)
    half_p = Fraction(1, 2 * 10 ** planned[1])
    half_c = Fraction(1, 2 * 10 ** completed[1])
    highest = (
        (Fraction(c) + half_c) * 100 / (Fraction(p) - half_p) if Fraction(p) > half_p else None
    )
    if highest is None:
        return
    step = Fraction(1, 10**decimals)
    # a rate whose whole rounding interval lies above anything the inputs can give
    steps_up = int((highest + 2 * step) / step) + extra
    rate = Decimal(steps_up).scaleb(-decimals)
    codes = rate_findings(f"{p:.{planned[1]}f}", f"{c:.{completed[1]}f}", f"{rate}%")
    assert "AC101" in codes


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(amounts, amounts, st.integers(0, 2), st.integers(-3, 3)), min_size=1, max_size=30
    )
)
def test_float_screening_agrees_with_exact_arithmetic(rows):
    def arrays(exact: bool):
        conv = (lambda x: x) if exact else float
        cols: dict[str, list] = {k: [] for k in "cprhckhphr"}
        cs, ps, rs, hcs, hps, hrs, even = [], [], [], [], [], [], []
        for planned, completed, decimals, nudge in rows:
            p, c = Fraction(_dec(planned)), Fraction(_dec(completed))
            step = Fraction(1, 10**decimals)
            r = Fraction(round_half_up(_percent(c, p), decimals)) + nudge * step
            cs.append(conv(c))
            ps.append(conv(p))
            rs.append(conv(r))
            hcs.append(conv(Fraction(1, 2 * 10 ** completed[1])))
            hps.append(conv(Fraction(1, 2 * 10 ** planned[1])))
            hrs.append(conv(step / 2))
            even.append((r / step).numerator % 2 == 0)
        del cols
        make = fraction_array if exact else (lambda v: np.array(v, dtype=float))
        return [make(v) for v in (cs, ps, rs, hcs, hps, hrs)] + [np.array(even)]

    fast, _, ambiguous = classify(*arrays(False), np.zeros(len(rows), dtype=bool))
    slow, _, _ = classify(*arrays(True), np.zeros(len(rows), dtype=bool), exact=True)
    clear = ~ambiguous
    assert list(fast[clear]) == list(slow[clear])


def test_round_half_up_is_exact():
    assert str(round_half_up(Fraction(27225, 100), 1)) == "272.3"
    assert str(round_half_up(Fraction(2675, 1000), 2)) == "2.68"  # round(2.675, 2) is 2.67


def _near_ties():
    """Fractions with the small denominators figures have (10^k, 3, 15), often on a tie."""
    small = st.fractions(min_value=-50, max_value=2000, max_denominator=1000)
    tied = st.builds(lambda n, k: Fraction(n, 10**k), st.integers(-500, 500_000), st.integers(0, 3))
    return st.one_of(small, tied, st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(50)]))


_halves = st.one_of(
    st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(1, 20), Fraction(1, 200)]),
    st.fractions(min_value=0, max_value=600, max_denominator=300),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            _near_ties(), _near_ties(), _near_ties(), _halves, _halves, _halves, st.booleans()
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_integer_classification_equals_the_fraction_path(rows, bounded):
    from aircheck.ratios import classify_exact

    # a stated figure is a whole number of its last digit and its half is half that digit, so
    # a plan is never minus its own half (planned + half = 0 would need a digit it lacks)
    assume(all(row[1] + row[4] != 0 for row in rows))
    even = np.array([row[6] for row in rows])
    cut = np.array(bounded[: len(rows)])
    columns = [fraction_array([row[k] for row in rows]) for k in range(6)]
    try:
        slow, slow_cut, _ = classify(*columns, even, cut, exact=True)
    except ZeroDivisionError:  # a zero denominator: the integer path must raise as well
        with pytest.raises(ZeroDivisionError):
            classify_exact([row[:6] for row in rows], even, cut)
        return
    fast, fast_cut = classify_exact([row[:6] for row in rows], even, cut)
    assert list(fast) == list(slow)
    assert list(fast_cut) == list(slow_cut)


def test_integer_classification_on_exact_ties():
    from aircheck.ratios import classify_exact

    tie = Fraction(1, 20)  # half of 0.1
    rows = [
        (Fraction(390), Fraction(650), Fraction(60), Fraction(0), Fraction(0), tie),  # 60.0
        (Fraction(1), Fraction(8), Fraction(125, 10), Fraction(0), Fraction(0), tie),  # 12.5
        (Fraction(3), Fraction(8), Fraction(375, 10), Fraction(0), Fraction(0), tie),  # 37.5
        (Fraction(6986, 100), Fraction(100), Fraction(698, 10), 0, 0, tie),  # cut, 69.86
        (Fraction(1), Fraction(0), Fraction(0), 0, 0, tie),  # a zero plan
    ]
    outcome, cuts = classify_exact(
        rows, np.array([True, False, False, True, True]), np.zeros(5, bool)
    )
    assert list(outcome) == ["consistent", "consistent", "consistent", "truncated", "unchecked"]
    assert list(cuts) == [True, True, True, True, False]


def _figure_strategy(units: list[str]):
    from aircheck.text.scan import Figure

    digits = st.builds(
        lambda whole, decimals: whole + (f".{decimals}" if decimals else ""),
        st.integers(0, 99999).map(str),
        st.sampled_from(["", "0", "5", "25", "125", "05"]),
    )
    return st.builds(
        lambda d, magnitude, unit, qualifier: Figure(0, 1, 1, d, magnitude, unit, qualifier),
        digits,
        st.sampled_from([0, 0, 4, 8]),
        st.sampled_from(units),
        st.sampled_from(["", "", "约", "余"]),
    )


@settings(max_examples=600, deadline=None)
@given(
    _figure_strategy(["公里", "米", "万元", "元", "个", "户", "亩", "公顷", ""]),
    _figure_strategy(["公里", "米", "万元", "元", "个", "户", "亩", "公顷", ""]),
    st.integers(0, 2),
    st.sampled_from(["round", "cut", "up", "off"]),
)
def test_the_resolvers_integer_fit_equals_the_fraction_path(part, whole, decimals, mode):
    """A candidate pair is judged on integers over one denominator; the Fractions must agree
    (units with factors: 公里 against 米, 亩 against 公顷; counts without a half-width), on
    rates made from the pair by rounding, cutting off, rounding up or one digit off."""
    import math

    from aircheck.text.relations.evidence import _exact, _fit_fractions, fit
    from aircheck.text.scan import Figure

    c, _ = _exact(part, part.unit or whole.unit)
    p, _ = _exact(whole, whole.unit or part.unit)
    assume(p != 0)
    scaled = c * 100 / p * 10**decimals
    digit = {"round": round(scaled), "cut": math.floor(scaled), "up": math.ceil(scaled)}
    stated = digit.get(mode, math.floor(scaled) + 1)
    text = str(stated) if not decimals else f"{stated / 10**decimals:.{decimals}f}"
    rate = Figure(0, 1, 1, text, 0, "%", "")
    assert fit.__wrapped__(part, whole, rate) == _fit_fractions(part, whole, rate)
