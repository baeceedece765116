"""AC103 rate-input-rounding: a rate reachable only through the inputs' own rounding.

**What it checks.** No rounding convention gives the stated rate from the figures
as printed, but it is reachable once each printed figure stands for its interval
(7.7 may be anything from 7.65 to 7.75), as statcheck and GRIM reason.

**Why it matters.** Usually the report computed the rate from unrounded figures:
not an error, but a reviewer may want to know which figures were rounded.

**Bad (info):** 年度投资计划67.9亿元，完成投资7.7亿元，完成年度计划的11.4%  (7.7/67.9 = 11.34%)

**Good:** 年度投资计划67.9亿元，完成投资7.7亿元，完成年度计划的11.3%
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..rate_table import RateCase, Words, rate_findings
from ..rulebase import Context, Rule


def check(ctx: Context) -> list[Finding]:
    return rate_findings(ctx, RULE, ("input_rounding",), _words)


def _words(case: RateCase) -> Words:
    return (
        f"rate {case.rate} needs unrounded inputs: {case.completed} / {case.planned} = "
        f"{case.computed}% gives {case.expected}% as printed",
        f"完成率 {case.rate} 须按未修约的原始数计算方可得到：{case.completed} / {case.planned} = "
        f"{case.computed}%，按所列数字应为 {case.expected}%",
        "",
        "",
    )


RULE = Rule(
    code="AC103",
    name="rate-input-rounding",
    severity=Severity.INFO,
    title_en="rate consistent only allowing for the inputs' rounding",
    title_zh="完成率仅在考虑原始数修约时成立",
    check=check,
)
