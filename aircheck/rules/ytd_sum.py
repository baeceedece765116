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

from fractions import Fraction

import numpy as np

from ..model import Finding, Severity
from ..rulebase import GUARD, Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    rel = ctx.relations_of("ytd")
    if rel.empty:
        return []
    bounds = ctx.bounds.loc[rel["claim_id"].to_numpy()].set_index(rel.index)
    rel = rel.assign(base=bounds["base"], half=bounds["half"], dim=bounds["dimension"])
    rel = rel.assign(signed=np.where(rel["role"] == "total", -rel["base"], rel["base"]))
    grouped = rel.groupby("relation_id")
    frame = grouped.agg(gap=("signed", "sum"), width=("half", "sum"), dims=("dim", "nunique"))
    frame = frame[frame["dims"] == 1]
    ctx.mark_checked(rel.loc[rel["relation_id"].isin(frame.index), "claim_id"])
    excess = frame["gap"].abs() - frame["width"]
    scale = np.maximum(grouped["base"].max().reindex(frame.index).abs(), 1.0) * GUARD
    wrong = excess > scale
    for relation_id in frame.index[excess.abs() <= scale]:
        wrong[relation_id] = _exact_excess(ctx, rel[rel["relation_id"] == relation_id]) > 0
    findings = []
    for relation_id in frame.index[wrong.to_numpy()]:
        members = rel[rel["relation_id"] == relation_id].sort_values("order")
        total_id = members.loc[members["role"] == "total", "claim_id"].iloc[0]
        part_ids = list(members.loc[members["role"] == "part", "claim_id"])
        total = ctx.claims.loc[total_id]
        exact = sum((ctx.exact_bounds(i)[0] for i in part_ids), Fraction(0))
        shown = ctx.display(exact, total_id)
        listed = " + ".join(describe(ctx.claims.loc[i]) for i in part_ids)
        findings.append(
            ctx.finding(
                RULE,
                [total_id, *part_ids],
                f"year-to-date {total['subject']} {describe(total)} differs from the sum of its "
                f"{len(part_ids)} monthly figures: {listed} = {shown}",
                f"年度累计 {total['subject']} {describe(total)} 与 {len(part_ids)} 个月度数之和不符："
                f"{listed} = {shown}",
                stated=total["text"],
                expected=shown,
                fix_en="correct the year-to-date figure or the month that is wrong",
                fix_zh="更正累计数或有误的月度数",
            )
        )
    return findings


def _exact_excess(ctx: Context, members) -> Fraction:  # type: ignore[no-untyped-def]
    gap = Fraction(0)
    width = Fraction(0)
    for claim_id, role in zip(members["claim_id"], members["role"]):
        value, lo, hi = ctx.exact_bounds(claim_id)
        gap += -value if role == "total" else value
        width += (hi - lo) / 2
    return abs(gap) - width


RULE = Rule(
    code="AC703",
    name="ytd-sum",
    severity=Severity.ERROR,
    title_en="year-to-date figure differs from the sum of the months",
    title_zh="累计数与各月数之和不符",
    check=check,
)
