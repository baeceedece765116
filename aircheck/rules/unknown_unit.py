"""AC401 unknown-unit: a unit aircheck does not know, so it cannot convert it.

**What it checks.** Every figure's unit is looked up in the unit table (area,
length, power, energy, mass, money and counting words). An unknown unit is
reported once per unit and place; figures in it are still compared with figures
in the very same unit.

**Why it matters.** A misspelt unit (公倾) hides a conversion the checker would
otherwise make, and may be a typo a reader will notice.

**Bad:** 已完成治理 1161.14 公倾

**Good:** 已完成治理 1161.14 公顷
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    import numpy as np

    # the boolean first: stripping every unit is slow
    candidates = np.flatnonzero(~ctx.bound_arrays["known_unit"].astype(bool))
    unknown, seen = [], set()
    for i in candidates.tolist():
        row = ctx.claim(i)
        place = (row["file"], row["line"], row["unit"])  # one finding per unit and line
        if str(row["unit"]).strip() and place not in seen:
            seen.add(place)
            unknown.append((i, row))
    return [
        ctx.finding(
            RULE,
            [claim_id],
            f"unknown unit {row['unit']!r} in {describe(row)}; figures in it are compared only with the same unit",
            f"未知单位“{row['unit']}”（{describe(row)}），仅与相同单位比较",
            stated=row["unit"],
            fix_en="use a standard unit (亩, 公顷, 公里, 万千瓦, 吨, 元, 个, 家 …)",
            fix_zh="使用标准单位（亩、公顷、公里、万千瓦、吨、元、个、家等）",
        )
        for claim_id, row in unknown
    ]


RULE = Rule(
    code="AC401",
    name="unknown-unit",
    severity=Severity.WARNING,
    title_en="unit not in the unit table",
    title_zh="单位不在单位表中",
    check=check,
)
