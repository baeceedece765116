"""AC204 sum-mismatch: listed parts that do not add up to their stated total.

**What it checks.** A total followed by its breakdown ("X，其中A…、B…", "X（甲A，乙B…）",
a 合计 row) must equal the sum of the parts, within the combined half-unit rounding
of every figure (seven one-decimal shares may add to 100.1).

**Why it matters.** A county breakdown that does not add up means a county was
dropped or a figure mistyped.

**Bad:** 计划建成540公里（雨城区70公里，名山区32公里，荥经县14公里）

**Good:** 计划建成116公里（雨城区70公里，名山区32公里，荥经县14公里）
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..model import Finding, Severity
from ..rulebase import GUARD, Context, Rule, describe, max_decimals


def check(ctx: Context) -> list[Finding]:
    rel = ctx.relations_of("sum")
    if rel.empty:
        return []
    bounds = ctx.bounds.loc[rel["claim_id"].to_numpy()].set_index(rel.index)
    rel = rel.assign(
        base=bounds["base"], half=bounds["half"], dim=bounds["dimension"], low=bounds["lower_bound"]
    )
    is_total = rel["role"] == "total"
    grouped = rel.groupby("relation_id", sort=True)
    dims = grouped["dim"].nunique()
    has_total = grouped["role"].apply(lambda r: (r == "total").sum() == 1)
    parts = rel[~is_total].groupby("relation_id")
    total = rel[is_total].set_index("relation_id")
    frame = total[["claim_id", "base", "half"]].join(parts["base"].sum().rename("parts"))
    frame = frame.join(parts["half"].sum().rename("parts_half")).join(parts.size().rename("n"))
    frame = frame.join(grouped["low"].any().rename("bounded"))
    valid = (
        (dims.reindex(frame.index) == 1)
        & has_total.reindex(frame.index)
        & (frame["n"] >= 2)
        & ~frame["bounded"]
    )
    frame = frame[valid]
    if frame.empty:
        return []
    ctx.mark_checked(rel.loc[rel["relation_id"].isin(frame.index), "claim_id"])
    gap = (frame["parts"] - frame["base"]).abs() - (frame["half"] + frame["parts_half"])
    scale = np.maximum(frame["base"].abs(), 1.0) * GUARD
    wrong = gap > scale
    for relation_id in frame.index[gap.abs() <= scale]:
        wrong[relation_id] = _exact_gap(ctx, rel[rel["relation_id"] == relation_id]) > 0
    findings = []
    for relation_id in frame.index[wrong.to_numpy()]:
        members = rel[rel["relation_id"] == relation_id]
        total_id = members.loc[members["role"] == "total", "claim_id"].iloc[0]
        part_ids = list(members.loc[members["role"] != "total", "claim_id"])
        t = ctx.claims.loc[total_id]
        exact_sum = sum((ctx.exact_bounds(i)[0] for i in part_ids), Fraction(0))
        shown = ctx.display(exact_sum, total_id, extra_decimals=max_decimals(ctx, part_ids))
        listed = " + ".join(describe(ctx.claims.loc[i]) for i in part_ids)
        findings.append(
            ctx.finding(
                RULE,
                [total_id, *part_ids],
                f"total {describe(t)} differs from the sum of its {len(part_ids)} parts: {listed} = {shown}",
                f"合计 {describe(t)} 与 {len(part_ids)} 项分项之和不符：{listed} = {shown}",
                stated=t["text"],
                expected=shown,
                fix_en="correct the total or the missing / mistyped part",
                fix_zh="更正合计数，或补正缺漏、错误的分项",
            )
        )
    return findings


def _exact_gap(ctx: Context, members) -> Fraction:  # type: ignore[no-untyped-def]
    total = Fraction(0)
    width = Fraction(0)
    for claim_id, role in zip(members["claim_id"], members["role"]):
        value, lo, hi = ctx.exact_bounds(claim_id)
        total += -value if role == "total" else value
        width += (hi - lo) / 2
    return abs(total) - width


RULE = Rule(
    code="AC204",
    name="sum-mismatch",
    severity=Severity.ERROR,
    title_en="parts do not add up to the total",
    title_zh="分项之和与合计不符",
    check=check,
)
