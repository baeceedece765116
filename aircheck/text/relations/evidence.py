"""How much the words and the arithmetic support a (part, whole) pair for a stated rate.

Two kinds of evidence (design §4): the words around the figures (plan and
completion words, shared subject characters, distance, the whole named in the
rate's own clause; penalties for 其中 items, list items and per-unit figures) and
coincidence (the pair reproduces the stated rate under a rounding convention, worth
more the more significant digits the rate has).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ...ratios import classify_one, classify_ratios
from ...units import lookup
from ..document import Placed, subject_of
from ..scan import Figure
from ..vocabulary import COMPLETION, PLAN_WORDS, TOTAL_WORDS
from .found import is_count, own_words

#: outcomes of a pair that reproduce the stated rate (a truncation is loud, the others quiet)
MATCHES = ("consistent", "truncated", "input_rounding", "ceiled")


@lru_cache(maxsize=1 << 14)
def _exact(fig: Figure, unit_name: str) -> tuple[Fraction, Fraction]:
    """Exact value in base units and its half-width (0 for a whole count of items); the
    unit is the figure's own, else the other figure's (cached: a figure is tried often)."""
    unit = lookup(unit_name)
    value = _value(fig.digits, fig.magnitude)
    if unit is not None and unit.factor != 1:
        value *= unit.factor
    if _whole_count(fig):
        return value, Fraction(0)
    half = _half_unit(fig.decimals - fig.magnitude)
    return value, half * unit.factor if unit is not None and unit.factor != 1 else half


def _whole_count(fig: Figure) -> bool:
    """A whole number of items (12户): exact, no rounding half-width."""
    return is_count(fig) and not fig.decimals and not fig.magnitude and not fig.qualifier


def _plain(digits: str) -> tuple[int, int] | None:
    """Plain decimal digits as (mantissa, decimals): 12.50 → (1250, 2); None otherwise."""
    if not _PLAIN.fullmatch(digits):
        return None
    whole, _, decimals = digits.partition(".")
    return int(whole + decimals), len(decimals)


@lru_cache(maxsize=1 << 14)
def _value(digits: str, magnitude: int) -> Fraction:
    """digits × 10^magnitude exactly; plain decimals without a Decimal in between."""
    plain = _plain(digits)
    if plain is None:
        return Fraction(Decimal(digits)) * Fraction(10) ** magnitude
    mantissa, decimals = plain
    power = magnitude - decimals
    return Fraction(mantissa * 10**power) if power >= 0 else Fraction(mantissa, 10**-power)


@lru_cache(maxsize=64)
def _half_unit(decimals: int) -> Fraction:
    """Half of the last stated digit: the rounding half-width of a figure."""
    return Fraction(10) ** -decimals / 2


_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@lru_cache(maxsize=1 << 14)
def fit(part: Figure, whole: Figure, rate: Figure) -> str:
    """The outcome of part / whole × 100 against the stated rate (see :mod:`aircheck.ratios`).

    Cached: the resolver tries the same pair for a rate again (its other level, its
    siblings), and a figure is a function of its fields alone. Plain decimals are put
    over one denominator as integers, with no Fraction in between (most pairs)."""
    if part.lower_bound or whole.lower_bound:
        return "unchecked"  # 余, 多: no exact relation (classify_one says the same)
    c = _scaled(part, part.unit or whole.unit)
    p = _scaled(whole, whole.unit or part.unit)
    stated = _plain(rate.digits)
    if c is not None and p is not None and stated is not None:
        mantissa, decimals = stated
        r, r_half = (mantissa, 10**decimals), (1, 2 * 10**decimals)
        decided = classify_ratios((c[0], p[0], r, c[1], p[1], r_half), rate.digits[-1] in "02468")
        if decided is not None:
            return decided[0]
    return _fit_fractions(part, whole, rate)


Ratio = tuple[int, int]  # numerator, denominator (not reduced)


@lru_cache(maxsize=1 << 14)
def _scaled(fig: Figure, unit_name: str) -> tuple[Ratio, Ratio] | None:
    """What :func:`_exact` gives, as integer ratios; None for digits that are not plain."""
    plain = _plain(fig.digits)
    if plain is None:
        return None
    mantissa, decimals = plain
    unit = lookup(unit_name)
    top, bottom = (unit.factor.numerator, unit.factor.denominator) if unit else (1, 1)
    power = fig.magnitude - decimals
    up, down = (top * 10**power, bottom) if power >= 0 else (top, bottom * 10**-power)
    value = (mantissa * up, down)
    if _whole_count(fig):
        return value, (0, 1)
    return value, (up, 2 * down)


def _fit_fractions(part: Figure, whole: Figure, rate: Figure) -> str:
    """:func:`fit` in Fractions, the whole definition (lower bounds included; the test's
    oracle): any digits, and a zero in a denominator."""
    c, c_half = _exact(part, part.unit or whole.unit)
    p, p_half = _exact(whole, whole.unit or part.unit)
    r = _value(rate.digits, 0)
    r_half = _half_unit(rate.decimals)
    return classify_one(
        (c, p, r, c_half, p_half, r_half),
        rate.digits[-1] in "02468",
        part.lower_bound or whole.lower_bound,
    )


def significance(rate: Figure) -> int:
    """Significant digits of a stated rate: how unlikely a chance match is (1%: 1; 25.71%: 4)."""
    digits = rate.digits.replace(".", "").lstrip("0")
    if rate.digits in ("100", "100.0", "100.00"):
        return 1  # equal figures are common: 100% says little about which pair
    return len(digits)


def strong(rate: Figure) -> bool:
    """A match this precise is rarely a coincidence among a few candidates."""
    return significance(rate) >= 3


def plan_cued(placed: Placed) -> bool:
    """A plan word before the figure, or as the noun right after it (101.5万户改厕任务)."""
    return bool(PLAN_WORDS.search(placed.clause_text) or PLAN_WORDS.search(placed.after_text[:6]))


def total_cued(placed: Placed) -> bool:
    return bool(TOTAL_WORDS.search(own_words(placed)))


def completion_cued(placed: Placed) -> bool:
    return bool(COMPLETION.search(own_words(placed)))


@lru_cache(maxsize=1 << 14)
def char_pairs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def shared_subject(a: Placed, b: Placed) -> int:
    """Character pairs the two figures' subjects share (森林抚育 … 森林抚育).

    Read from the words, not ``Placed.subject``, which a resolved relation rewrites."""
    return len(char_pairs(subject_of(a)) & char_pairs(subject_of(b)))


@dataclass(slots=True)
class Candidate:
    """One possible whole for a rate, with the words that speak for it."""

    whole: Placed
    score: float
    why: str  # in English, for the finding
    why_zh: str
    plan: bool = False  # a plan word speaks for it (in its clause or leading its sentence)


def word_score(part: Placed, whole: Placed, same_sentence: bool, paragraphs_back: int) -> float:
    """Support from the words alone; no arithmetic."""
    score = 0.0
    if same_sentence:
        score += 3
    elif paragraphs_back == 0:
        score += 1
    else:
        score -= 0.5 * paragraphs_back
    if plan_cued(whole):
        score += 2
    elif total_cued(whole):
        score += 1
    if completion_cued(part) and not completion_cued(whole):
        score += 1
    score += min(shared_subject(part, whole), 3) * 0.5
    if whole.unit == part.unit:
        score += 0.5
    if "其中" in whole.clause_text:
        score -= 3  # an item of a breakdown is seldom the base of another figure
    if whole.depth > part.depth:
        score -= 1
    return score
