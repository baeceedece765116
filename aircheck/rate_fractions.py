"""A table's rate column typed as fractions (0.796 meaning 79.6%), found on the whole column.

An XLSX cell 0.796 without the percent format, or a CSV exported that way, reads as
0.796%. If every rate cell of a table lies in [0, 1.5] with no % sign, and most of its
rows' completed / planned match the cell only when it is multiplied by 100 (and more
rows so than unscaled), the column holds fractions: those rows get the outcome
``fraction`` in the rate table, so AC106 reports the column once instead of AC101
reporting a wrong rate on every row. The scaled rows are classified as the rates are
(a float screen, exact integer arithmetic for the rows near a boundary), so the
decision is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .ratios import classify, classify_exact

if TYPE_CHECKING:  # pragma: no cover
    from .rulebase import Context

FRACTION = "fraction"
#: the largest cell a fraction column holds (150%)
LIMIT = Fraction(3, 2)
_GUARD = 1e-9


@dataclass(slots=True)
class FractionTally:
    """What a table's rows say about its rate column holding fractions, added up block by
    block when a table too large for memory is checked in pieces (:mod:`aircheck.chunked`).

    Set as ``ctx.fraction_tally``, it makes :func:`mark_fractions` record instead of
    decide: the decision needs every block, so each block's rate findings are kept with
    the lines of its rows that match as fractions, and dropped at the end if it holds.
    """

    rates: int = 0  # rate cells seen
    in_range: bool = True  # every one in [0, 1.5] with no % sign
    decidable: int = 0
    matches: int = 0
    plain: int = 0
    truncated_matched: int = 0  # matching rows that would count for the convention (AC105)
    rounded_matched: int = 0
    matched_lines: list[np.ndarray] = field(default_factory=list)
    first: tuple[int, int, int] | None = None  # the block's first match: rate, completed, planned

    @property
    def fractions(self) -> bool:
        return (
            self.rates > 0 and self.in_range and _decides(self.matches, self.decidable, self.plain)
        )

    def add(self, other: FractionTally) -> None:
        """Add a later block's tally (checked on its own, in another process, say)."""
        self.rates += other.rates
        self.in_range &= other.in_range
        self.decidable += other.decidable
        self.matches += other.matches
        self.plain += other.plain
        self.truncated_matched += other.truncated_matched
        self.rounded_matched += other.rounded_matched
        self.matched_lines += other.matched_lines

    def see_rates(self, ctx: Context, file: str) -> None:
        """Add the rate cells of a block (every rate cell, with or without its plan)."""
        count, in_range = rate_cells_in_range(ctx, file)
        self.rates += count
        self.in_range &= in_range


def _decides(matches: int, decidable: int, plain: int) -> bool:
    """Most decidable rows match as fractions, and more than match as they stand."""
    return 2 * matches > decidable and matches > plain


def mark_fractions(
    ctx: Context,
    outcome: np.ndarray,
    truncates: np.ndarray,
    positions: tuple[np.ndarray, np.ndarray, np.ndarray],
    rate_even: np.ndarray,
    bounded: np.ndarray,
) -> None:
    """Set *outcome* to ``fraction`` (in place) on the rows of each fraction column, or,
    with ``ctx.fraction_tally`` set, add the rows' evidence to it and change nothing.

    *positions* are the claim positions of completed, planned and rate of each row;
    *outcome* and *truncates* say how each row classified as it stands.
    """
    if not len(outcome):
        return
    tally: FractionTally | None = getattr(ctx, "fraction_tally", None)
    c, p, r = positions
    rate_files = ctx.column("file")[r]
    for file in dict.fromkeys(rate_files.tolist()):
        if not _is_table(str(file)) or not _column_in_range(ctx, file):
            continue
        if tally is not None and not tally.in_range:
            continue  # an earlier block settled it: not fractions
        rows = np.flatnonzero(rate_files == file)
        scaled = _scaled_outcomes(ctx, c[rows], p[rows], r[rows], rate_even[rows], bounded[rows])
        decidable = scaled != "unchecked"
        matches = decidable & (scaled != "inconsistent")
        plain = ~np.isin(outcome[rows], ["inconsistent", "unchecked"])
        counts = int(matches.sum()), int(decidable.sum()), int(plain.sum())
        if tally is not None:
            _record(ctx, tally, outcome, truncates, rows[matches], (c, p, r), counts)
        elif _decides(*counts):
            outcome[rows[matches]] = FRACTION  # rows of one file: no other file's count moves


def _record(
    ctx: Context,
    tally: FractionTally,
    outcome: np.ndarray,
    truncates: np.ndarray,
    matched: np.ndarray,
    positions: tuple[np.ndarray, np.ndarray, np.ndarray],
    counts: tuple[int, int, int],
) -> None:
    """Add one block's fraction evidence to *tally* (see :class:`FractionTally`)."""
    c, p, r = positions
    tally.matches += counts[0]
    tally.decidable += counts[1]
    tally.plain += counts[2]
    matched_outcome = outcome[matched]
    tally.truncated_matched += int((matched_outcome == "truncated").sum())
    tally.rounded_matched += int(((matched_outcome == "consistent") & ~truncates[matched]).sum())
    tally.matched_lines.append(ctx.column("line")[r[matched]])
    if len(matched):
        first = int(matched[0])
        tally.first = (int(r[first]), int(c[first]), int(p[first]))


def _is_table(file: str) -> bool:
    from .office import OFFICE_TABLE
    from .tables import TABLE_SUFFIXES

    return file.startswith("<") or Path(file).suffix.lower() in TABLE_SUFFIXES | OFFICE_TABLE


def _column_in_range(ctx: Context, file: object) -> bool:
    """Every rate cell of *file* (with or without its plan) in [0, 1.5], none with a % sign."""
    count, in_range = rate_cells_in_range(ctx, file)
    return count > 0 and in_range


def rate_cells_in_range(ctx: Context, file: object) -> tuple[int, bool]:
    """How many rate cells *file* has, and whether every one lies in [0, 1.5] with no % sign."""
    mask = (ctx.column("file") == file) & (ctx.column("field") == "rate")
    raw = ctx.column("raw")[mask]
    if not len(raw):
        return 0, True
    if any("%" in str(cell) or "％" in str(cell) for cell in raw.tolist()):
        return len(raw), False
    values = ctx.column("value")[mask].astype(float)
    if (values < 0).any() or (values > 1.5 + _GUARD).any():
        return len(raw), False
    near = np.abs(values - 1.5) <= _GUARD  # decided on the digits, not on the float
    texts = ctx.column("text")[mask][near].tolist()
    return len(raw), all(Fraction(Decimal(str(t))) <= LIMIT for t in texts)


def _scaled_outcomes(
    ctx: Context,
    c: np.ndarray,
    p: np.ndarray,
    r: np.ndarray,
    rate_even: np.ndarray,
    bounded: np.ndarray,
) -> np.ndarray:
    """The rows' outcomes with each rate read as a fraction (× 100)."""
    bounds = ctx.bound_arrays
    base, half = bounds["base"], bounds["half"]
    rate = ctx.column("value")[r].astype(float) * 100
    rate_half = ctx.column("ulp")[r].astype(float) * 50
    outcome, _, ambiguous = classify(
        base[c], base[p], rate, half[c], half[p], rate_half, rate_even, bounded
    )
    if ambiguous.any():
        figures: list[Any] = []
        for ids in zip(c[ambiguous].tolist(), p[ambiguous].tolist(), r[ambiguous].tolist()):
            (cv, ch), (pv, ph), (rv, rh) = (ctx.exact_half(i) for i in ids)
            figures.append((cv, pv, rv * 100, ch, ph, rh * 100))
        outcome[ambiguous], _ = classify_exact(figures, rate_even[ambiguous], bounded[ambiguous])
    return outcome


def as_percent(text: str) -> str:
    """``0.796`` → ``79.6``: a fraction's digits as the percentage it stands for."""
    return f"{Decimal(text).scaleb(2):f}"
