"""Every complete rate relation (completed, planned, rate), classified once.

Shared by the rate rules (AC101–AC103, AC105, AC106), AC402 and the report's rounding
convention, so the arithmetic is done once. Kept as parallel arrays, not a frame: the
rules pick rows by outcome, and a pandas selection cost a small report more than
classifying its rates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .i18n import in_language
from .model import Finding
from .rate_fractions import mark_fractions
from .ratios import classify, classify_exact, exact_percent, round_half_up
from .rulebase import Context, Rule, describe

_CACHE_ATTR = "_rate_table"
_EVEN = frozenset("02468")


@dataclass(frozen=True, slots=True)
class Rates:
    """The classified rate relations, one entry per relation in each array."""

    completed: np.ndarray  # claim positions, int64
    planned: np.ndarray
    rate: np.ndarray
    outcome: np.ndarray  # consistent, truncated, ceiled, input_rounding, inconsistent, …
    truncates: np.ndarray  # bool: the stated rate also fits truncation
    unit_mismatch: np.ndarray  # bool: completed and planned in different dimensions
    computed: list[str]  # completed / planned with two more decimals (flagged rows only)
    expected: list[str]  # the rate as it should read (flagged rows only)
    evidence: list[str]  # why the text reader chose the base ("" for tables)

    def claims(self, rows: np.ndarray) -> np.ndarray:
        """The positions of the completed, planned and rate claims of *rows* (a mask)."""
        return np.concatenate([self.completed[rows], self.planned[rows], self.rate[rows]])


def _no_rates() -> Rates:
    none = np.zeros(0, dtype="int64")
    no = np.zeros(0, dtype=bool)
    return Rates(none, none, none, np.zeros(0, dtype=object), no, no, [], [], [])


def rate_table(ctx: Context) -> Rates:
    """Classified rate relations of *ctx*; computed on first use and cached on it."""
    cached = getattr(ctx, _CACHE_ATTR, None)
    if cached is None:
        cached = _build(ctx)
        setattr(ctx, _CACHE_ATTR, cached)
    return cached


def _build(ctx: Context) -> Rates:
    """Classify every complete rate relation of *ctx* (exactly, near a boundary)."""
    wide = ctx.core.wide.get("ratio")
    if wide is None or not wide.has("completed", "planned", "rate"):
        return _no_rates()
    c, p, r = (wide.of(name) for name in ("completed", "planned", "rate"))
    complete = (c >= 0) & (p >= 0) & (r >= 0)
    relation_ids = wide.ids()[complete]
    c, p, r = c[complete], p[complete], r[complete]
    bounds = ctx.bound_arrays
    dimension, lower_bound = bounds["dimension"], bounds["lower_bound"]
    same_dimension = dimension[c] == dimension[p]
    bounded = lower_bound[c] | lower_bound[p] | ~same_dimension
    rate_text = ctx.column("text")[r]
    rate_even = np.array([t[-1:] in _EVEN for t in rate_text.tolist()], dtype=bool)
    rate_half = ctx.column("ulp")[r] / 2
    base, half = bounds["base"], bounds["half"]
    outcome, truncates, ambiguous = classify(
        base[c],
        base[p],
        ctx.column("value")[r],
        half[c],
        half[p],
        rate_half,
        rate_even,
        bounded,
    )
    if ambiguous.any():
        _reclassify_exactly(ctx, (c, p, r), outcome, truncates, ambiguous, rate_even, bounded)
    rate_decimals = ctx.column("decimals")[r]
    mark_fractions(ctx, outcome, truncates, (c, p, r), rate_even, bounded)  # 0.796 (AC106)
    computed: list[str] = [""] * len(c)
    expected: list[str] = [""] * len(c)
    for i in np.flatnonzero(np.isin(outcome, _FLAGGED)):
        value = exact_percent(ctx.exact_bounds(c[i])[0], ctx.exact_bounds(p[i])[0])
        decimals = int(rate_decimals[i])
        computed[i] = str(round_half_up(value, decimals + 2))
        expected[i] = str(round_half_up(value, decimals))
    evidence = _evidence(ctx, relation_ids)
    return Rates(c, p, r, outcome, truncates, ~same_dimension, computed, expected, evidence)


#: the outcomes a rule reports, for which the computed and expected rate are written out
_FLAGGED = ["truncated", "ceiled", "input_rounding", "inconsistent"]


def _evidence(ctx: Context, relation_ids: np.ndarray) -> list[str]:
    """Why each rate's base was chosen, as the text reader recorded it (empty for tables)."""
    if not ctx.core.details:
        return [""] * len(relation_ids)  # a table: no relation carries a reason
    rows = ctx.core.long["ratio"]
    rate = rows.roles == "rate"
    detail = dict(zip(rows.relation_ids[rate].tolist(), rows.details[rate].tolist()))
    return [str(detail.get(rid, "") or "") for rid in relation_ids.tolist()]


def _reclassify_exactly(
    ctx: Context,
    members: tuple[np.ndarray, np.ndarray, np.ndarray],
    outcome: np.ndarray,
    truncates: np.ndarray,
    ambiguous: np.ndarray,
    rate_even: np.ndarray,
    bounded: np.ndarray,
) -> None:
    """Decide the rows near a boundary with Fractions (in place on *outcome*, *truncates*)."""
    c, p, r = (ctx.exact_halves(m[ambiguous]) for m in members)
    # the same figures recur (390 / 650 = 60.0 % on many rows): each distinct case once
    cases = zip(zip(c, p, r), rate_even[ambiguous].tolist(), bounded[ambiguous].tolist())
    index: dict[Any, int] = {}
    which = np.array([index.setdefault(case, len(index)) for case in cases], dtype="int64")
    distinct = list(index)
    figures = [(a[0], b[0], x[0], a[1], b[1], x[1]) for (a, b, x), _, _ in distinct]
    even = np.array([e for _, e, _ in distinct], dtype=bool)
    cut_off = np.array([b for _, _, b in distinct], dtype=bool)
    exact_outcome, exact_truncates = classify_exact(figures, even, cut_off)
    outcome[ambiguous] = exact_outcome[which]
    truncates[ambiguous] = exact_truncates[which]


def document_convention(table: Rates) -> str:
    """truncation, rounding, mixed or undetermined, from the rows that decide it."""
    return convention_of(*convention_counts(table))


def convention_counts(table: Rates) -> tuple[int, int]:
    """How many rates of *table* decide for truncation, and how many for rounding."""
    truncating = int((table.outcome == "truncated").sum())
    rounding = int(((table.outcome == "consistent") & ~table.truncates).sum())
    return truncating, rounding


def convention_of(truncating: int, rounding: int) -> str:
    """The convention that many deciding rates show (counts add up over a table's blocks)."""
    if truncating and rounding:
        return "mixed"
    if truncating:
        return "truncation"
    if rounding:
        return "rounding"
    return "undetermined"


@dataclass(frozen=True, slots=True)
class RateCase:
    """One classified rate with its figures as written, for a rule's message."""

    rate: str
    completed: str
    planned: str
    computed: str
    expected: str
    outcome: str


#: A rule's words for one case: (English, Chinese, fix in English, fix in Chinese).
Words = tuple[str, str, str, str]


def rate_findings(
    ctx: Context, rule: Rule, outcomes: tuple[str, ...], words: Callable[[RateCase], Words]
) -> list[Finding]:
    """A finding of *rule* for every rate whose outcome is one of *outcomes*."""
    table = rate_table(ctx)
    findings = []
    for i in np.flatnonzero(np.isin(table.outcome, list(outcomes))).tolist():
        ids = [int(table.rate[i]), int(table.completed[i]), int(table.planned[i])]
        rate, completed, planned = (ctx.claim(k) for k in ids)
        case = RateCase(
            describe(rate),
            describe(completed),
            describe(planned),
            table.computed[i],
            table.expected[i],
            str(table.outcome[i]),
        )
        en, zh, fix_en, fix_zh = words(case)
        evidence = table.evidence[i]
        if evidence:  # a text rate: say why this base was taken
            en += f" (base: {in_language(evidence, 'en')})"
            zh += f"（总数依据：{in_language(evidence, 'zh')}）"
        findings.append(
            ctx.finding(
                rule,
                ids,
                en,
                zh,
                stated=rate["text"],
                expected=table.expected[i],
                fix_en=fix_en,
                fix_zh=fix_zh,
            )
        )
    return findings
