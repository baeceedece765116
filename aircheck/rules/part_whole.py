"""AC201 part-exceeds-whole: a part larger than the whole it belongs to.

**What it checks.** For every part/whole pair (a ``share`` row of a table; "30 台…
已联网 21 台", "全市环卫车 10267 辆，新能源车 7313 辆" in a text), the part may not
exceed the whole, allowing for the precision each figure is stated with. Figures
in different dimensions (家 and 个) are not compared.

**Why it matters.** Unlike a plan, which may be over-fulfilled, a part can never
be bigger than its whole: one of the two figures is wrong.

**Bad:** 30 台固定遥感设备已联网数量 31 台

**Good:** 30 台固定遥感设备已联网数量 21 台
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe, exceeds


def check(ctx: Context) -> list[Finding]:
    wide = ctx.roles("part_whole")
    if wide.empty or not {"part", "whole"} <= set(wide.columns):
        return []
    wide = wide.dropna(subset=["part", "whole"])
    comparable, above = exceeds(ctx, wide["part"], wide["whole"])
    ctx.mark_checked(wide.loc[comparable, ["part", "whole"]].to_numpy().ravel())
    findings = []
    for i in np.flatnonzero(above):
        part, whole = wide["part"].iloc[i], wide["whole"].iloc[i]
        p, w = ctx.claims.loc[part], ctx.claims.loc[whole]
        findings.append(
            ctx.finding(
                RULE,
                [part, whole],
                f"part {describe(p)} is larger than its whole {describe(w)}",
                f"部分数 {describe(p)} 大于总数 {describe(w)}",
                stated=p["text"],
                expected=f"<= {w['text']}",
                fix_en="correct the part or the whole",
                fix_zh="更正部分数或总数",
            )
        )
    return findings


RULE = Rule(
    code="AC201",
    name="part-exceeds-whole",
    severity=Severity.ERROR,
    title_en="part larger than its whole",
    title_zh="部分大于总数",
    check=check,
)
