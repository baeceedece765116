"""AC203 funnel-order: a later stage of a funnel larger than the stage before it.

**What it checks.** Sequences where each stage is a subset of the previous one
(需提升 → 已通过方案 → 已完成安装 → 完成联网; 开工 → 竣工 → 入住): every stage must
be no larger than the one before, within stated precision.

**Why it matters.** 1105 installed out of 1292 approved is plausible; 1305 is not.

**Bad:** 需提升1874个，已通过方案1292个，已完成安装1305个，完成联网980个

**Good:** 需提升1874个，已通过方案1292个，已完成安装1105个，完成联网980个
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import Finding, Severity
from ..pairs import PairWords, ordering_findings
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    rel = ctx.members("funnel", "stage")
    rel = rel.take(rel.claims >= 0)  # a stage naming no claim: its neighbours compared
    if not len(rel):
        return []
    groups = rel.groups()
    rows = np.lexsort((rel.order, groups.of))  # by relation, then stage order (stable)
    follows = groups.of[rows][1:] == groups.of[rows][:-1]  # a stage after one of its own
    later, earlier = rel.claims[rows][1:][follows], rel.claims[rows][:-1][follows]
    return ordering_findings(ctx, RULE, later, earlier, _words)


def _words(later: dict[str, Any], earlier: dict[str, Any]) -> PairWords:
    return (
        f"stage {later['subject']} {describe(later)} is larger than the stage before it, "
        f"{earlier['subject']} {describe(earlier)}",
        f"后一环节 {later['subject']} {describe(later)} 大于前一环节 "
        f"{earlier['subject']} {describe(earlier)}",
        "correct one of the two stages",
        "更正其中一个环节的数字",
    )


RULE = Rule(
    code="AC203",
    name="funnel-order",
    severity=Severity.ERROR,
    title_en="later stage larger than the one before",
    title_zh="后一环节大于前一环节",
    check=check,
)
