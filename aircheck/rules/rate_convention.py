"""AC102 rate-convention: a rate that matches only when truncated (or rounded up).

**What it checks.** The exact value completed / planned × 100 gives the stated
rate only when its extra digits are cut off (69.86 → 69.8), not under half-up or
half-to-even rounding; or only when rounded up, where not even the inputs' own
rounding explains it. The finding names the correctly rounded value. With
``--rounding truncate`` (or ``any``) these are accepted silently.

**Why it matters.** It is a convention error, not an arithmetic one: readers
assume 四舍五入, so a truncated 69.8 understates 69.86 by a visible digit.

**Bad:** 计划57公里，已完成39.82公里，完成率69.8%  (39.82/57 = 69.86% → 69.9)

**Good:** 计划57公里，已完成39.82公里，完成率69.9%
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..rate_table import RateCase, Words, rate_findings
from ..rulebase import Context, Rule

_HOW = {"truncated": ("truncated", "截断"), "ceiled": ("rounded up", "进位")}


def check(ctx: Context) -> list[Finding]:
    if ctx.options.rounding in ("truncate", "any"):
        return []
    return rate_findings(ctx, RULE, tuple(_HOW), _words)


def _words(case: RateCase) -> Words:
    how_en, how_zh = _HOW[case.outcome]
    return (
        f"rate {case.rate} is {case.completed} / {case.planned} = {case.computed}% {how_en}, "
        f"not rounded; rounded it reads {case.expected}%",
        f"完成率 {case.rate} 是 {case.completed} / {case.planned} = {case.computed}% "
        f"{how_zh}所得，按四舍五入应为 {case.expected}%",
        f"write {case.expected}%",
        f"改为 {case.expected}%",
    )


RULE = Rule(
    code="AC102",
    name="rate-convention",
    severity=Severity.WARNING,
    title_en="rate truncated or rounded up instead of rounded",
    title_zh="完成率为截断或进位所得，未四舍五入",
    check=check,
)
