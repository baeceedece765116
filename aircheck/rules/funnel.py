"""AC203 funnel-order: a later stage of a funnel larger than the stage before it.

**What it checks.** Sequences where each stage is a subset of the previous one
(需提升 → 已通过方案 → 已完成安装 → 完成联网; 开工 → 竣工 → 入住): every stage must
be no larger than the one before, within stated precision.

**Why it matters.** 1105 installed out of 1292 approved is plausible; 1305 is not.

**Bad:** 需提升1874个，已通过方案1292个，已完成安装1305个，完成联网980个

**Good:** 需提升1874个，已通过方案1292个，已完成安装1105个，完成联网980个
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe, exceeds


def check(ctx: Context) -> list[Finding]:
    rel = ctx.relations[(ctx.relations["kind"] == "funnel") & (ctx.relations["role"] == "stage")]
    if rel.empty:
        return []
    rel = rel.sort_values(["relation_id", "order"], kind="stable")
    previous = rel.groupby("relation_id")["claim_id"].shift(1)
    pairs = rel.assign(previous=previous).dropna(subset=["previous"])
    comparable, above = exceeds(ctx, pairs["claim_id"], pairs["previous"])
    ctx.mark_checked(pairs.loc[comparable, ["claim_id", "previous"]].to_numpy().ravel())
    findings = []
    for i in np.flatnonzero(above):
        later, earlier = pairs["claim_id"].iloc[i], pairs["previous"].iloc[i]
        a, b = ctx.claims.loc[later], ctx.claims.loc[earlier]
        findings.append(
            ctx.finding(
                RULE,
                [later, earlier],
                f"stage {a['subject']} {describe(a)} is larger than the stage before it, {b['subject']} {describe(b)}",
                f"后一环节 {a['subject']} {describe(a)} 大于前一环节 {b['subject']} {describe(b)}",
                stated=a["text"],
                expected=f"<= {b['text']}",
                fix_en="correct one of the two stages",
                fix_zh="更正其中一个环节的数字",
            )
        )
    return findings


RULE = Rule(
    code="AC203",
    name="funnel-order",
    severity=Severity.ERROR,
    title_en="later stage larger than the one before",
    title_zh="后一环节大于前一环节",
    check=check,
)
