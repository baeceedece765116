"""AC402 unit-mismatch: two figures that must be compared are in different dimensions.

**What it checks.** A rate's completed and planned figures, or two statements
of the same figure, in units that cannot be converted into each other (家 and 个,
公顷 and 公里). Counting words are each their own dimension: 15 家 is not 15 个.

**Why it matters.** The relation cannot be checked, and usually the wrong level
was quoted (enterprises instead of kilns).

**Bad:** 计划完成222家企业整治，已完成72个炉窑，完成率32.4%

**Good:** 计划完成444个炉窑整治，已完成72个炉窑，完成率16.2%
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rate_table import rate_table
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    return rate_mismatches(ctx) + same_mismatches(ctx)


def rate_mismatches(ctx: Context) -> list[Finding]:
    """A rate's completed and planned figures in units of different dimensions."""
    rates = rate_table(ctx)
    rows = rates.unit_mismatch
    pairs = zip(rates.completed[rows].tolist(), rates.planned[rows].tolist())
    return [_finding(ctx, [c, p]) for c, p in pairs]


def same_mismatches(ctx: Context) -> list[Finding]:
    """Statements of the same figure in units of different dimensions."""
    rel = ctx.members("same")
    rel = rel.take(rel.claims >= 0)  # a statement naming no claim: the others compared
    if not len(rel):
        return []
    groups = rel.groups()
    mixed = groups.nunique(ctx.bound_arrays["dimension"][rel.claims]) > 1
    return [
        _finding(ctx, rel.claims[groups.members(group)].tolist())
        for group in np.flatnonzero(mixed).tolist()
    ]


def _finding(ctx: Context, ids: list[int]) -> Finding:
    shown = [describe(ctx.claim(i)) for i in ids]
    units = sorted({str(ctx.claim(i)["unit"]) or "—" for i in ids})
    return ctx.finding(
        RULE,
        ids,
        f"{' and '.join(shown)} cannot be compared: units {', '.join(units)} measure different things",
        f"{'与'.join(shown)} 单位（{'、'.join(units)}）不同类，无法比较",
        fix_en="quote both figures at the same level and in convertible units",
        fix_zh="两处数字应取同一口径、可换算的单位",
    )


RULE = Rule(
    code="AC402",
    name="unit-mismatch",
    severity=Severity.ERROR,
    title_en="compared figures in incompatible units",
    title_zh="比较的数字单位不同类",
    check=check,
)
