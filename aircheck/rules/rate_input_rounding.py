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

import numpy as np

from ..model import Finding, Severity
from ..rate_table import rate_table
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    table = rate_table(ctx)
    if table.empty:
        return []
    findings = []
    for i in np.flatnonzero((table["outcome"] == "input_rounding").to_numpy()):
        row = table.iloc[i]
        c, p, r = (ctx.claims.loc[row[k]] for k in ("completed", "planned", "rate"))
        en = (
            f"rate {describe(r)} needs unrounded inputs: {describe(c)} / {describe(p)} = {row['computed']}% "
            f"gives {row['expected']}% as printed"
        )
        zh = f"完成率 {describe(r)} 须按未修约的原始数计算方可得到：{describe(c)} / {describe(p)} = {row['computed']}%，按所列数字应为 {row['expected']}%"
        findings.append(
            ctx.finding(
                RULE,
                [row["rate"], row["completed"], row["planned"]],
                en,
                zh,
                stated=r["text"],
                expected=row["expected"],
            )
        )
    return findings


RULE = Rule(
    code="AC103",
    name="rate-input-rounding",
    severity=Severity.INFO,
    title_en="rate consistent only allowing for the inputs' rounding",
    title_zh="完成率仅在考虑原始数修约时成立",
    check=check,
)
