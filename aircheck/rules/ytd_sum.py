"""AC703 ytd-sum: a year-to-date figure that differs from the sum of its months.

**What it checks.** Across the reports of one series and year, a figure stated
for a run of months (``1—6月份检查经营户 …``) must equal the sum of the same
figure stated month by month (``5月份 …``, ``6月份 …``), where every month of the
run is stated somewhere, within the combined precision of all the figures.
Where a month is missing the rule abstains.

**Why it matters.** A year-to-date total that does not add up hides a month
left out, counted twice, or mistyped.

**Bad:** 5月份检查 60000 户 … 6月份检查 71287 户 … 1—6月份累计检查 141287 户 (with 1—4月 stated too)

**Good:** the 1—6月 figure equals the sum of the six monthly figures
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import GUARD, Context, Rule, describe
from .totals import Mismatch, checkable, findings, mismatches


def check(ctx: Context) -> list[Finding]:
    found = checkable(ctx, "ytd")
    if found is None:
        return []
    rel, groups, bounds, valid = found
    signed = np.where(rel.roles == "total", -bounds["base"], bounds["base"])
    ctx.mark_checked(rel.claims[valid[groups.of]])
    relations = np.flatnonzero(valid)
    with np.errstate(invalid="ignore"):  # inf - inf beyond float range: decided exactly
        excess = (np.abs(groups.sum(signed)) - groups.sum(bounds["half"]))[relations]
    scale = (np.maximum(np.abs(groups.max(bounds["base"])), 1.0) * GUARD)[relations]
    wrong = mismatches(ctx, rel, groups, relations, excess, scale, ordered=True)
    return findings(ctx, RULE, wrong, _messages, _FIX)


_FIX = "correct the year-to-date figure or the month that is wrong", "更正累计数或有误的月度数"


def _messages(m: Mismatch) -> tuple[str, str]:
    subject, total = m.total["subject"], describe(m.total)
    return (
        f"year-to-date {subject} {total} differs from the sum of its {m.parts} monthly figures: "
        f"{m.listed} = {m.shown}",
        f"年度累计 {subject} {total} 与 {m.parts} 个月度数之和不符：{m.listed} = {m.shown}",
    )


RULE = Rule(
    code="AC703",
    name="ytd-sum",
    severity=Severity.ERROR,
    title_en="year-to-date figure differs from the sum of the months",
    title_zh="累计数与各月数之和不符",
    check=check,
)
