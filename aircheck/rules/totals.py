"""What AC204 (sums) and AC703 (year-to-date sums) share: a total against its parts.

Both rules first compare in floats with a guard, then decide the near cases in
exact fractions, and describe a mismatch the same way; only the relation kind
and the wording differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..rulebase import Context, Rule, describe, max_decimals

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from ..arrays import Groups
    from ..core import Members


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One total whose parts do not add up to it."""

    total: dict[str, Any]  # the total's claim, field by field
    ids: list[int]  # claim positions: the total's, then the parts'
    shown: str  # the parts' exact sum, shown in the total's unit
    listed: str  # "a + b + c", each part as stated

    @property
    def parts(self) -> int:
        return len(self.ids) - 1


def checkable(
    ctx: Context, kind: str
) -> tuple[Members, Groups, dict[str, np.ndarray], np.ndarray] | None:
    """The members of *kind* by relation, each member's bounds, and which relations can
    be checked: every member names a claim (the parts present are not the whole list)
    and all are in one dimension. None where the run has no relation of *kind*."""
    import numpy as np

    rel = ctx.members(kind)
    if not len(rel):
        return None
    groups = rel.groups()
    named = rel.claims >= 0
    bounds = ctx.bounds_at(np.where(named, rel.claims, 0))
    valid = (groups.count(~named) == 0) & (groups.nunique(bounds["dimension"]) == 1)
    return rel, groups, bounds, valid


def mismatches(
    ctx: Context,
    rel: Members,
    groups: Groups,
    relations: np.ndarray,
    gap: np.ndarray,
    scale: np.ndarray,
    *,
    ordered: bool = False,
    extra_decimals: bool = False,
) -> Iterator[Mismatch]:
    """The relations (groups of *rel* at *relations*) whose total differs from the sum of
    the parts.

    *gap* is |parts - total| less the combined half-units in floats, *scale* its guard,
    both in step with *relations*; a gap within *scale* of zero, or not a number (figures
    beyond float range), is decided exactly.
    *ordered* lists the parts by ``order``; *extra_decimals* shows the sum with the
    decimals of its most precise part.
    """
    import numpy as np

    wrong = gap > scale
    for i in np.flatnonzero((np.abs(gap) <= scale) | np.isnan(gap)):
        wrong[i] = _exact_gap(ctx, rel, groups.members(int(relations[i]))) > 0
    for group in relations[wrong].tolist():
        rows = groups.members(group)
        if ordered:
            rows = rows[np.argsort(rel.order[rows], kind="stable")]
        is_total = rel.roles[rows] == "total"
        total_id = int(rel.claims[rows][is_total][0])
        part_ids = rel.claims[rows][~is_total].tolist()
        parts_sum = sum((ctx.exact_bounds(i)[0] for i in part_ids), Fraction(0))
        extra = max_decimals(ctx, part_ids) if extra_decimals else 0
        shown = ctx.display(parts_sum, total_id, extra_decimals=extra)
        listed = " + ".join(describe(ctx.claim(i)) for i in part_ids)
        yield Mismatch(ctx.claim(total_id), [total_id, *part_ids], shown, listed)


def findings(
    ctx: Context,
    rule: Rule,
    found: Iterable[Mismatch],
    messages: Callable[[Mismatch], tuple[str, str]],
    fix: tuple[str, str],
) -> list[Finding]:
    """One finding per mismatch, at the total and its parts, worded by *messages* (en, zh)."""
    return [
        ctx.finding(rule, m.ids, *messages(m), stated=m.total["text"], expected=m.shown, fix_en=fix[0], fix_zh=fix[1])
        for m in found
    ]  # fmt: skip


def _exact_gap(ctx: Context, rel: Members, rows: np.ndarray) -> Fraction:
    """|parts - total| less the combined half-units, exactly; > 0 means they differ."""
    total = Fraction(0)
    width = Fraction(0)
    for claim_id, role in zip(rel.claims[rows].tolist(), rel.roles[rows].tolist()):
        value, lo, hi = ctx.exact_bounds(claim_id)
        total += -value if role == "total" else value
        width += (hi - lo) / 2
    return abs(total) - width
