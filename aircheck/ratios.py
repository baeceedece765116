"""Rate arithmetic under rounding conventions, exact and vectorised.

For a stated rate R with d decimals (half-unit h = 0.5·10⁻ᵈ) and the exact value
v = completed / planned × 100:

* ``consistent``: rounding v half-up or half-to-even gives R (GB/T 8170 or 四舍五入);
* ``truncated``: only cutting v off gives R (the seed's 69.86 → 69.8);
* ``input_rounding``: no convention gives R from the printed inputs, but it is
  reachable once each input stands for its interval (39.82 means 39.815–39.825);
* ``ceiled``: only rounding v up gives R, and the inputs' rounding cannot;
* ``inconsistent``: nothing gives R;
* ``unchecked``: no exact relation can be stated (a zero plan, a lower-bound 余/多).

The whole table is classified at once with float64 arrays; the few rows whose
value sits within 1e-9 of a decision boundary are classified again with exact
:class:`~fractions.Fraction` arithmetic by the same code, so the answer is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

OUTCOMES = ("consistent", "truncated", "ceiled", "input_rounding", "inconsistent", "unchecked")
_GUARD = 1e-9


def classify(
    completed: np.ndarray,
    planned: np.ndarray,
    rate: np.ndarray,
    completed_half: np.ndarray,
    planned_half: np.ndarray,
    rate_half: np.ndarray,
    rate_even: np.ndarray,
    bounded: np.ndarray,
    *,
    exact: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Outcome of each row, whether it also fits truncation, and the ambiguous mask.

    Inputs are parallel arrays (float64, or object arrays of Fractions when
    ``exact``); ``*_half`` are half a unit of each figure's last digit (already
    widened for approximate figures); ``rate_even`` says whether R's last digit is
    even (the half-to-even tie); ``bounded`` marks rows that cannot be checked.
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return _classify(
            completed,
            planned,
            rate,
            completed_half,
            planned_half,
            rate_half,
            rate_even,
            bounded,
            exact,
        )


def _classify(
    completed: np.ndarray,
    planned: np.ndarray,
    rate: np.ndarray,
    completed_half: np.ndarray,
    planned_half: np.ndarray,
    rate_half: np.ndarray,
    rate_even: np.ndarray,
    bounded: np.ndarray,
    exact: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(rate)
    zero = planned == 0
    safe_planned = np.where(zero, 1, planned)
    value = completed * 100 / safe_planned
    low_in = (completed - completed_half) * 100 / (safe_planned + planned_half)
    denom = safe_planned - planned_half
    positive_denom = denom > 0
    high_in = np.where(
        positive_denom,
        (completed + completed_half) * 100 / np.where(positive_denom, denom, 1),
        np.inf if not exact else np.array(Fraction(10**30), dtype=object),
    )
    two_h = rate_half * 2
    up = rate + rate_half
    down = rate - rate_half
    rounds = ((value >= down) & (value < up)) | ((value == up) & rate_even)
    truncates = (value >= rate) & (value < rate + two_h)
    ceils = (value > rate - two_h) & (value <= rate)
    reachable = (low_in <= up) & (high_in >= down)
    unchecked = zero | bounded
    outcome = np.full(n, "inconsistent", dtype=object)
    # rounding up is a rare convention: the inputs' own rounding is the likelier story
    outcome[ceils & ~truncates] = "ceiled"
    outcome[reachable] = "input_rounding"
    outcome[truncates] = "truncated"
    outcome[rounds] = "consistent"
    outcome[unchecked] = "unchecked"
    if exact:
        ambiguous = np.zeros(n, dtype=bool)
    else:
        scale = np.maximum(np.abs(value), 1.0) * _GUARD
        edges = (down, up, rate, rate + two_h, rate - two_h)
        ambiguous = np.zeros(n, dtype=bool)
        for edge in edges:
            ambiguous |= np.abs(value - edge) <= scale
        ambiguous |= np.abs(low_in - up) <= scale
        ambiguous |= np.abs(high_in - down) <= scale
        # figures beyond float range (a 300-digit cell) are decided exactly too
        ambiguous |= ~np.isfinite(value) | ~np.isfinite(low_in) | np.isnan(high_in)
        ambiguous |= ~np.isfinite(rate)
        ambiguous &= ~unchecked
    return outcome, truncates & ~unchecked, ambiguous


def classify_one(
    row: tuple[Fraction, Fraction, Fraction, Fraction, Fraction, Fraction],
    rate_even: bool,
    bounded: bool = False,
) -> str:
    """The outcome of one exact row (see :func:`classify_exact`), for the text resolver's
    many single candidate pairs: integers, no arrays."""
    if bounded:
        return "unchecked"
    decided = _classify_row(row, rate_even)
    if decided is None:
        outcome, _ = classify_exact([row], np.array([rate_even]), np.array([False]))
        return str(outcome[0])
    return str(decided[0])


def classify_exact(
    rows: list[tuple[Fraction, Fraction, Fraction, Fraction, Fraction, Fraction]],
    rate_even: np.ndarray,
    bounded: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """What ``classify(..., exact=True)`` gives, on Python integers instead of Fractions.

    Each row is (completed, planned, rate, completed_half, planned_half, rate_half).
    The six are put over one denominator D, and every comparison ``a / b ≤ e`` is made
    as ``a·b·D ≤ e·b²`` (b² > 0 keeps the sign right), so nothing is divided and no
    Fraction is built: a few integer products a row instead of dozens of Fraction
    operations, each with its gcd. Rows with a zero denominator go to ``classify``.
    """
    n = len(rows)
    outcome = np.full(n, "unchecked", dtype=object)
    truncates = np.zeros(n, dtype=bool)
    for i, row in enumerate(rows):
        if bounded[i]:
            continue
        decided = _classify_row(row, bool(rate_even[i]))
        if decided is None:  # a zero in a denominator: the Fraction code decides (or raises)
            c, p, r, hc, hp, hr = (fraction_array([x]) for x in row)
            even, no = np.array([rate_even[i]]), np.array([False])
            out, cut, _ = classify(c, p, r, hc, hp, hr, even, no, exact=True)
            outcome[i], truncates[i] = out[0], cut[0]
        else:
            outcome[i], truncates[i] = decided
    return outcome, truncates


def _classify_row(
    row: tuple[Fraction, Fraction, Fraction, Fraction, Fraction, Fraction], rate_even: bool
) -> tuple[str, bool] | None:
    """One row of :func:`classify_exact`, or None when a denominator is zero."""
    fractions = [x if type(x) is Fraction else Fraction(x) for x in row]  # most are already
    return classify_ratios([(f.numerator, f.denominator) for f in fractions], rate_even)


def classify_ratios(row: Sequence[tuple[int, int]], rate_even: bool) -> tuple[str, bool] | None:
    """:func:`_classify_row` of the six values as (numerator, denominator) pairs, reduced
    or not: they are put over one denominator and compared as integers (every comparison
    is exact, so which common denominator does not matter)."""
    scale = lcm(*(denominator for _, denominator in row))
    c, p, r, hc, hp, hr = (top * (scale // denominator) for top, denominator in row)
    if p == 0:
        return "unchecked", False
    low_denominator, high_denominator = p + hp, p - hp
    if low_denominator == 0:
        return None

    def at_least(top: int, bottom: int, edge: int) -> bool:  # top/bottom ≥ edge/scale
        return top * bottom * scale >= edge * bottom * bottom

    def at_most(top: int, bottom: int, edge: int) -> bool:  # top/bottom ≤ edge/scale
        return top * bottom * scale <= edge * bottom * bottom

    value = 100 * c
    down, up = r - hr, r + hr
    rounds = (at_least(value, p, down) and not at_least(value, p, up)) or (
        rate_even and at_least(value, p, up) and at_most(value, p, up)
    )
    cuts = at_least(value, p, r) and not at_least(value, p, r + 2 * hr)
    ceils = not at_most(value, p, r - 2 * hr) and at_most(value, p, r)
    reachable = at_most(100 * (c - hc), low_denominator, up) and (
        at_least(100 * (c + hc), high_denominator, down)
        if high_denominator > 0
        else 10**30 * scale >= down
    )
    if rounds:
        return "consistent", cuts
    if cuts:
        return "truncated", cuts
    if reachable:
        return "input_rounding", cuts
    if ceils:
        return "ceiled", cuts
    return "inconsistent", cuts


def to_fraction(text: str) -> Fraction:
    return Fraction(Decimal(text))


def fraction_array(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """Exact half-up rounding of a rational to *decimals* digits."""
    quantum = Decimal(1).scaleb(-decimals)
    # precision for every integer digit plus the decimals and guard digits: the default
    # 28 digits made a 300-digit figure raise InvalidOperation instead of rounding; the
    # digits are bounded by bits (log10 2 < 0.30103), as str() of an int over 4,300
    # digits raises
    whole = abs(value.numerator) // value.denominator
    whole_digits = whole.bit_length() * 30103 // 100000 + 1
    with localcontext() as context:
        context.prec = max(28, whole_digits + max(decimals, 0) + 30)
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(exact) != value:
            # nudge off a false tie: the true value lies strictly between representable ones
            exact = exact.next_plus() if Fraction(exact) < value else exact.next_minus()
        return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def exact_percent(completed: Fraction, planned: Fraction) -> Fraction:
    return completed * 100 / planned
