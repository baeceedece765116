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

import numpy as np

from ..model import Finding, Severity
from ..rate_table import rate_table
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    table = rate_table(ctx)
    if table.empty:
        return []
    ctx.mark_checked(
        table.loc[table["outcome"] != "unchecked", ["completed", "planned", "rate"]]
        .to_numpy()
        .ravel()
    )
    findings = []
    for i in np.flatnonzero((table["outcome"] == "inconsistent").to_numpy()):
        row = table.iloc[i]
        c, p, r = (ctx.claims.loc[row[k]] for k in ("completed", "planned", "rate"))
        en = (
            f"rate {describe(r)} does not follow from {describe(c)} / {describe(p)} = {row['computed']}%; "
            f"it should read {row['expected']}%"
        )
        zh = f"完成率 {describe(r)} 与 {describe(c)} / {describe(p)} = {row['computed']}% 不符，应为 {row['expected']}%"
        findings.append(
            ctx.finding(
                RULE,
                [row["rate"], row["completed"], row["planned"]],
                en,
                zh,
                stated=r["text"],
                expected=row["expected"],
                fix_en=f"write {row['expected']}% or correct the figures",
                fix_zh=f"改为 {row['expected']}% 或更正相关数字",
            )
        )
    return findings


RULE = Rule(
    code="AC101",
    name="rate-mismatch",
    severity=Severity.ERROR,
    title_en="rate does not match completed / planned",
    title_zh="完成率与已完成/计划不符",
    check=check,
)
