"""Comparing claims in pairs (a part and its whole, funnel stages, targets over time).

Shared by the ordering rules; the float screen decides most pairs and the few within
:data:`~aircheck.rulebase.GUARD` of each other are decided exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .model import Finding
from .rulebase import GUARD, Context, Rule

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def exceeds(ctx: Context, small: Any, big: Any) -> tuple[np.ndarray, np.ndarray]:
    """For pairs of claim positions (arrays or Series, in step): (comparable, small
    certainly above big even within precision).

    Rounding is monotone, so two figures stated to the same step (21 台 and 30 台,
    both exact to 1) are compared as stated; otherwise the part exceeds the whole
    only if its lowest reading is above the whole's highest. Rows within the float
    guard are decided exactly.
    """
    import numpy as np

    at_a, at_b = ctx.positions(small), ctx.positions(big)
    a, b = ctx.bounds_at(at_a), ctx.bounds_at(at_b)  # by position: no frame built
    comparable = (a["dimension"] == b["dimension"]) & ~a["lower_bound"].astype(bool)
    as_stated = same_precision(a, b)
    low = np.where(as_stated, a["base"], a["lo"])
    high = np.where(as_stated, b["base"], b["hi"])
    with np.errstate(invalid="ignore"):
        gap = low - high  # inf - inf for figures beyond float range: decided exactly below
    scale = np.maximum(np.abs(a["base"]), 1.0) * GUARD
    above = gap > scale
    for i in np.flatnonzero(((np.abs(gap) <= scale) | np.isnan(gap)) & comparable):
        part, whole = ctx.exact_bounds(at_a[i]), ctx.exact_bounds(at_b[i])
        above[i] = part[0] > whole[0] if as_stated[i] else part[1] > whole[2]
    return comparable, above & comparable


def over_time(ctx: Context, kind: str) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """The (earlier, later) claim positions of the *kind* relations (``cumulative``,
    ``target``: one figure in two reports of a series) that name both, with each one's
    periods as its detail gives them (``5月→6月``); None where there are none."""
    wide = ctx.core.wide.get(kind)
    if wide is None or not wide.has("earlier", "later"):
        return None
    both = (wide.of("earlier") >= 0) & (wide.of("later") >= 0)
    detail = ctx.members(kind).first_details()
    periods = [str(detail.get(i, "")) for i in wide.ids()[both].tolist()]
    return wide.of("earlier")[both], wide.of("later")[both], periods


def same_precision(a: Any, b: Any) -> np.ndarray:
    """Pairs stated to the same step in the same dimension, neither approximate.

    *a* and *b* are bounds frames or dicts of their columns as arrays.
    """
    import numpy as np

    step_a, step_b = np.asarray(a["step"], dtype="float64"), np.asarray(b["step"], dtype="float64")
    return (
        np.isclose(step_a, step_b, rtol=1e-9, atol=0)
        & ~np.asarray(a["approximate"], dtype=bool)
        & ~np.asarray(b["approximate"], dtype=bool)
    )


#: A rule's words for one pair: (English, Chinese, fix in English, fix in Chinese).
PairWords = tuple[str, str, str, str]


def ordering_findings(
    ctx: Context,
    rule: Rule,
    smaller: Any,
    larger: Any,
    words: Callable[[dict[str, Any], dict[str, Any]], PairWords],
) -> list[Finding]:
    """Findings where a claim that must not exceed another does (parts, funnel stages);
    *smaller* and *larger* are claim positions in step (arrays or Series)."""
    import numpy as np

    smaller, larger = ctx.positions(smaller), ctx.positions(larger)
    comparable, above = exceeds(ctx, smaller, larger)
    ctx.mark_checked(smaller[comparable])
    ctx.mark_checked(larger[comparable])
    findings = []
    for i in np.flatnonzero(above).tolist():
        small_id, large_id = int(smaller[i]), int(larger[i])
        small, large = ctx.claim(small_id), ctx.claim(large_id)
        en, zh, fix_en, fix_zh = words(small, large)
        findings.append(
            ctx.finding(
                rule,
                [small_id, large_id],
                en,
                zh,
                stated=small["text"],
                expected=f"<= {large['text']}",
                fix_en=fix_en,
                fix_zh=fix_zh,
            )
        )
    return findings
