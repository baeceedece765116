"""AC206 shares-sum: the shares of a complete list that do not add up to 100%.

**What it checks.** When the counts of a share list add up exactly to the whole the
shares are of (县级19件、科级9件、其他7件 of 35件), the list is complete, so its shares
must add up to 100%, within the combined half-unit rounding of the shares (seven
one-decimal shares may add to 100.3 or 99.7).

**Why it matters.** A share list one point short of 100% has a mistyped share (a
slipped digit: 53.29% for 54.29%) even where each share alone looks plausible.

**Bad:** 共35件，县级干部19件、占比53.29%，科级干部9件、占比25.71%，其他7件、占20%

**Good:** 共35件，县级干部19件、占比54.29%，科级干部9件、占比25.71%，其他7件、占20%
"""

from __future__ import annotations

from fractions import Fraction

from ..model import Finding, Severity
from ..ratios import round_half_up
from ..rulebase import Context, Rule, describe, max_decimals


def check(ctx: Context) -> list[Finding]:
    rel = ctx.members("shares")
    groups = rel.groups()
    findings = []
    for group in range(len(groups)):
        ids = rel.claims[groups.members(group)].tolist()
        if len(ids) < 2 or min(ids) < 0:  # a share naming no claim: the list is not whole
            continue
        ctx.mark_checked(ids)
        bounds = [ctx.exact_bounds(i) for i in ids]
        total = sum((value for value, _, _ in bounds), Fraction(0))
        slack = sum(((hi - lo) / 2 for _, lo, hi in bounds), Fraction(0))
        if abs(total - 100) <= slack:
            continue
        decimals = max_decimals(ctx, ids)
        shown = str(round_half_up(total, decimals))
        listed = " + ".join(describe(ctx.claim(i)) for i in ids)
        findings.append(
            ctx.finding(
                RULE,
                ids,
                f"the {len(ids)} shares of a complete list add up to {shown}%, not 100%: {listed}",
                f"完整列举的 {len(ids)} 项占比之和为 {shown}%，不是 100%：{listed}",
                stated=shown,
                expected="100",
                fix_en="correct the mistyped share (each is checked against its count too)",
                fix_zh="更正写错的占比（各占比也已按其数量核对）",
            )
        )
    return findings


RULE = Rule(
    code="AC206",
    name="shares-sum",
    severity=Severity.ERROR,
    title_en="shares of a complete list do not add up to 100%",
    title_zh="完整列举的占比之和不等于 100%",
    check=check,
)
