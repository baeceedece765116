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

from typing import Any

from ..model import Finding, Severity
from ..pairs import PairWords, ordering_findings
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    wide = ctx.core.wide.get("part_whole")
    if wide is None or not wide.has("part", "whole"):
        return []
    part, whole = wide.of("part"), wide.of("whole")
    both = (part >= 0) & (whole >= 0)
    return ordering_findings(ctx, RULE, part[both], whole[both], _words)


def _words(part: dict[str, Any], whole: dict[str, Any]) -> PairWords:
    return (
        f"part {describe(part)} is larger than its whole {describe(whole)}",
        f"部分数 {describe(part)} 大于总数 {describe(whole)}",
        "correct the part or the whole",
        "更正部分数或总数",
    )


RULE = Rule(
    code="AC201",
    name="part-exceeds-whole",
    severity=Severity.ERROR,
    title_en="part larger than its whole",
    title_zh="部分大于总数",
    check=check,
)
