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

import numpy as np

from ..model import Finding, Severity
from ..rulebase import GUARD, Context, Rule, describe
from .totals import Mismatch, findings, mismatches


def check(ctx: Context) -> list[Finding]:
    rel = ctx.relations_of("sum")
    if rel.empty:
        return []
    bounds = ctx.bounds_at(rel["claim_id"].to_numpy(dtype="int64"))
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
    return findings(
        ctx, RULE, mismatches(ctx, rel, gap, scale, extra_decimals=True), _messages, _FIX
    )


_FIX = "correct the total or the missing / mistyped part", "更正合计数，或补正缺漏、错误的分项"


def _messages(m: Mismatch) -> tuple[str, str]:
    total = describe(m.total)
    return (
        f"total {total} differs from the sum of its {m.parts} parts: {m.listed} = {m.shown}",
        f"合计 {total} 与 {m.parts} 项分项之和不符：{m.listed} = {m.shown}",
    )


RULE = Rule(
    code="AC204",
    name="sum-mismatch",
    severity=Severity.ERROR,
    title_en="parts do not add up to the total",
    title_zh="分项之和与合计不符",
    check=check,
)
