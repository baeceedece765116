"""AC101 rate-mismatch: a completion rate that no rounding of completed / planned gives.

**What it checks.** For every rate stated with its plan and its completed figure,
the exact value completed / planned × 100 is computed in exact arithmetic and
rounded to the rate's stated decimals, half-up and half-to-even (GB/T 8170). If
neither gives the stated rate, nor truncation or rounding up, nor any value the
inputs could stand for given their own rounding (39.82 means 39.815–39.825), the
rate is wrong.

**Why it matters.** A rate that matches no arithmetic is a typo or a stale figure;
it is the error a reader of the report notices first.

**Bad:** 计划新建改造供热管网57公里，已完成39.82公里，完成率72.1%  (39.82/57 = 69.86%)

**Good:** 计划新建改造供热管网57公里，已完成39.82公里，完成率69.9%
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..rate_table import RateCase, Words, rate_findings, rate_table
from ..rulebase import Context, Rule


def check(ctx: Context) -> list[Finding]:
    table = rate_table(ctx)
    ctx.mark_checked(table.claims(table.outcome != "unchecked"))
    return rate_findings(ctx, RULE, ("inconsistent",), _words)


def _words(case: RateCase) -> Words:
    return (
        f"rate {case.rate} does not follow from {case.completed} / {case.planned} = "
        f"{case.computed}%; it should read {case.expected}%",
        f"完成率 {case.rate} 与 {case.completed} / {case.planned} = {case.computed}% 不符，"
        f"应为 {case.expected}%",
        f"write {case.expected}% or correct the figures",
        f"改为 {case.expected}% 或更正相关数字",
    )


RULE = Rule(
    code="AC101",
    name="rate-mismatch",
    severity=Severity.ERROR,
    title_en="rate does not match completed / planned",
    title_zh="完成率与已完成/计划不符",
    check=check,
)
