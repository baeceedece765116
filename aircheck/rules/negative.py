"""AC202 negative-value: a negative plan, completed figure or count.

**What it checks.** Planned and completed figures, parts, wholes and counts are
never negative. Changes (同比增减) are not checked by this rule.

**Why it matters.** A minus sign in a plan is a typing slip or a column mixed up
with a change column.

**Bad:** 计划 -57 公里

**Good:** 计划 57 公里
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe

_FIELDS = ("planned", "completed", "value", "rate")


def check(ctx: Context) -> list[Finding]:
    import numpy as np

    below = np.flatnonzero(ctx.column("value") < 0)  # numeric test first, then the field
    bad = [int(i) for i, f in zip(below.tolist(), ctx.column("field")[below]) if f in _FIELDS]
    return [
        ctx.finding(
            RULE,
            [claim_id],
            f"{row['field']} figure {describe(row)} is negative",
            f"{row['field']} 数字 {describe(row)} 为负数",
            stated=row["text"],
            expected=">= 0",
            fix_en="remove the minus sign or move the figure to a change column",
            fix_zh="去掉负号，或将其填入增减列",
        )
        for claim_id, row in ((i, ctx.claim(i)) for i in bad)
    ]


RULE = Rule(
    code="AC202",
    name="negative-value",
    severity=Severity.ERROR,
    title_en="negative plan, completed figure or count",
    title_zh="计划数、完成数或计数为负",
    check=check,
)
