"""AC104 rate-unpaired: a rate with no base to check it, or a plan and result with no rate.

**What it checks.** A progress row (or sentence) states a rate but not both the
plan and the completed figure, or states both but no rate. Either way the rate
arithmetic cannot be checked; the figure is counted as unchecked.

**Why it matters.** A reviewer should know which rates nothing verified.

**Bad (info):** 完成投资5.6亿元，完成率55%  (no plan stated)

**Good:** 计划投资10.2亿元，完成投资5.6亿元，完成率55%
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    wide = ctx.core.wide.get("ratio")
    if wide is None or not len(wide):
        return []
    c, p, r = (wide.of(role) for role in ("completed", "planned", "rate"))
    base = (c >= 0) & (p >= 0)
    findings = []
    for i in np.flatnonzero((r >= 0) & ~base).tolist():
        rate = ctx.claim(r[i])
        findings.append(
            ctx.finding(
                RULE,
                [r[i], c[i], p[i]],
                f"rate {describe(rate)} is stated without both its plan and its completed figure; not checked",
                f"完成率 {describe(rate)} 缺少计划数或完成数，无法核对",
                stated=rate["text"],
            )
        )
    for i in np.flatnonzero((r < 0) & base).tolist():
        findings.append(
            ctx.finding(
                RULE,
                [c[i], p[i]],
                "plan and completed figure are stated without a rate",
                "列有计划数和完成数，但未列完成率",
            )
        )
    return findings


RULE = Rule(
    code="AC104",
    name="rate-unpaired",
    severity=Severity.INFO,
    title_en="rate without base, or base without rate",
    title_zh="完成率缺少基数，或有基数无完成率",
    check=check,
)
