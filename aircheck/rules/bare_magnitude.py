"""AC403 magnitude-without-unit: a figure with 万 or 亿 but no unit.

**What it checks.** A quantity written with a magnitude word and nothing after
it (已实现外电入郑 101.76 亿) leaves the reader to guess the unit.

**Why it matters.** 101.76 亿 what: 千瓦时, 元? The figure cannot be compared or
converted, and a reader may misread it by orders of magnitude. It is reported as
information, not a warning: real reports often leave the unit to the context
(约17.8亿 in a paragraph of 亿元), and the figure itself may well be right.

**Bad:** 已实现外电入郑 101.76 亿

**Good:** 已实现外电入郑 101.76 亿千瓦时
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    import numpy as np

    from ..arrays import factorize

    # the numeric test first (cheap), then each distinct unit of the figures it leaves
    # (a table's 万亩 column scales a quarter of its claims)
    scaled = np.flatnonzero((ctx.column("magnitude") > 0) & ~ctx.column("percent").astype(bool))
    codes, units = factorize(ctx.column("unit")[scaled])
    blank = np.array([not str(u).strip() for u in units] + [False], dtype=bool)
    bare = scaled[blank[codes]].tolist()
    return [
        ctx.finding(
            RULE,
            [claim_id],
            f"{describe(row)} has a magnitude (万/亿) but no unit",
            f"{describe(row)} 只有数量级（万/亿），缺少单位",
            stated=row["raw"],
            fix_en="add the unit, e.g. 亿千瓦时 or 亿元",
            fix_zh="补上单位，如 亿千瓦时、亿元",
        )
        for claim_id, row in ((i, ctx.claim(i)) for i in bare)
    ]


RULE = Rule(
    code="AC403",
    name="magnitude-without-unit",
    severity=Severity.INFO,
    title_en="万/亿 with no unit",
    title_zh="有万/亿而无单位",
    check=check,
)
