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

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .ratios import classify, classify_exact

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .rulebase import Context

FRACTION = "fraction"
#: the largest cell a fraction column holds (150%)
LIMIT = Fraction(3, 2)
_GUARD = 1e-9


def mark_fractions(
    ctx: Context,
    wide: pd.DataFrame,
    positions: tuple[np.ndarray, np.ndarray, np.ndarray],
    rate_even: np.ndarray,
    bounded: np.ndarray,
) -> None:
    """Set ``outcome`` to ``fraction`` (in place) on the rows of each fraction column.

    *positions* are the claim positions of completed, planned and rate of *wide*'s rows.
    """
    if wide.empty:
        return
    c, p, r = positions
    rate_files = ctx.column("file")[r]
    outcome = wide["outcome"].to_numpy(dtype=object).copy()
    changed = False
    for file in dict.fromkeys(rate_files.tolist()):
        if not _is_table(str(file)) or not _column_in_range(ctx, file):
            continue
        rows = np.flatnonzero(rate_files == file)
        scaled = _scaled_outcomes(ctx, wide.iloc[rows], c[rows], p[rows], r[rows],
                                  rate_even[rows], bounded[rows])  # fmt: skip
        decidable = scaled != "unchecked"
        matches = decidable & (scaled != "inconsistent")
        plain = ~np.isin(outcome[rows], ["inconsistent", "unchecked"])
        if 2 * int(matches.sum()) > int(decidable.sum()) and matches.sum() > plain.sum():
            outcome[rows[matches]] = FRACTION
            changed = True
    if changed:
        wide["outcome"] = outcome


def _is_table(file: str) -> bool:
    from .office import OFFICE_TABLE
    from .tables import TABLE_SUFFIXES

    return file.startswith("<") or Path(file).suffix.lower() in TABLE_SUFFIXES | OFFICE_TABLE


def _column_in_range(ctx: Context, file: object) -> bool:
    """Every rate cell of *file* (with or without its plan) in [0, 1.5], none with a % sign."""
    mask = (ctx.column("file") == file) & (ctx.column("field") == "rate")
    raw = ctx.column("raw")[mask]
    if not len(raw) or any("%" in str(cell) or "％" in str(cell) for cell in raw.tolist()):
        return False
    values = ctx.column("value")[mask].astype(float)
    if (values < 0).any() or (values > 1.5 + _GUARD).any():
        return False
    near = np.abs(values - 1.5) <= _GUARD  # decided on the digits, not on the float
    texts = ctx.column("text")[mask][near].tolist()
    return all(Fraction(Decimal(str(t))) <= LIMIT for t in texts)


def _scaled_outcomes(
    ctx: Context,
    rows: pd.DataFrame,
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
        picked = rows[ambiguous]
        figures: list[Any] = []
        for ids in zip(*(picked[n].tolist() for n in ("completed", "planned", "rate"))):
            (cv, ch), (pv, ph), (rv, rh) = (ctx.exact_half(i) for i in ids)
            figures.append((cv, pv, rv * 100, ch, ph, rh * 100))
        outcome[ambiguous], _ = classify_exact(figures, rate_even[ambiguous], bounded[ambiguous])
    return outcome


def as_percent(text: str) -> str:
    """``0.796`` → ``79.6``: a fraction's digits as the percentage it stands for."""
    return f"{Decimal(text).scaleb(2):f}"
