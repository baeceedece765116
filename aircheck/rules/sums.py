"""AC204 sum-mismatch: listed parts that do not add up to their stated total.

**What it checks.** A total followed by its breakdown ("X，其中A…、B…", "X（甲A，乙B…）",
a 合计 row) must equal the sum of the parts, within the combined half-unit rounding
of every figure (seven one-decimal shares may add to 100.1). A distribution list
("X。按地区分布为：甲区…、乙区…、丙区…") is checked only when it partitions the stated
total before it: a selection (排名前三的地区分别为…), an incomplete list (主要…, …等), a
list after progress (已办结…) or of another quantity, and approximate items (约…) are
left unchecked.

**Why it matters.** A county breakdown that does not add up means a county was
dropped or a figure mistyped.

**Bad:** 计划建成540公里（雨城区70公里，名山区32公里，荥经县14公里）

**Good:** 计划建成116公里（雨城区70公里，名山区32公里，荥经县14公里）
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import GUARD, Context, Rule, describe
from .totals import Mismatch, checkable, findings, mismatches


def check(ctx: Context) -> list[Finding]:
    found = checkable(ctx, "sum")
    if found is None:
        return []
    rel, groups, bounds, valid = found
    is_total = rel.roles == "total"
    valid &= (
        (groups.count(is_total) == 1)
        & (groups.count(~is_total) >= 2)
        & ~groups.any(bounds["lower_bound"])
    )
    if not valid.any():
        return []
    ctx.mark_checked(rel.claims[valid[groups.of]])
    total_at = np.zeros(len(groups), dtype=np.intp)  # each valid relation's one total
    total_at[groups.of[is_total]] = np.flatnonzero(is_total)
    # in the order their totals were read (relations sharing a total keep that order)
    relations = np.flatnonzero(valid)
    relations = relations[np.argsort(total_at[relations], kind="stable")]
    total, total_half = bounds["base"][total_at], bounds["half"][total_at]
    with np.errstate(invalid="ignore"):  # inf - inf beyond float range: decided exactly
        parts_sum = groups.sum(np.where(is_total, 0.0, bounds["base"]))
        parts_half = groups.sum(np.where(is_total, 0.0, bounds["half"]))
        gap = (np.abs(parts_sum - total) - (total_half + parts_half))[relations]
    scale = (np.maximum(np.abs(total), 1.0) * GUARD)[relations]
    wrong = mismatches(ctx, rel, groups, relations, gap, scale, extra_decimals=True)
    return findings(ctx, RULE, wrong, _messages, _FIX)


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
