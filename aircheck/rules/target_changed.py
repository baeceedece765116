"""AC702 target-changed: an annual target (计划) that differs from the previous report.

**What it checks.** Across the reports of one series and year (see AC701 for
how reports are ordered and figures matched), the planned figure of an item
must read the same from month to month, within stated precision.

**Why it matters.** An annual target is set once; a changed 计划 is either a
typing slip or a revision the report should say it made. Completion rates
computed against a moved target are not comparable between months.

**Bad:** 5月: 计划新建改造供热管网57公里 … 6月: 计划新建改造供热管网75公里

**Good:** 5月: 计划新建改造供热管网57公里 … 6月: 计划新建改造供热管网57公里
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..pairs import exceeds, over_time
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    pairs = over_time(ctx, "target")
    if pairs is None:
        return []
    earlier_at, later_at, periods = pairs
    comparable, up = exceeds(ctx, later_at, earlier_at)
    _, down = exceeds(ctx, earlier_at, later_at)
    ctx.mark_checked(np.concatenate([earlier_at[comparable], later_at[comparable]]))
    findings = []
    for i in np.flatnonzero(up | down).tolist():
        earlier, later = int(earlier_at[i]), int(later_at[i])
        a, b = ctx.claim(earlier), ctx.claim(later)
        before, _, after = periods[i].partition("→")
        findings.append(
            ctx.finding(
                RULE,
                [earlier, later],
                f"target {b['subject']} changed from {describe(a)} ({before}, {a['file']}) "
                f"to {describe(b)} ({after}, {b['file']})",
                f"目标任务 {b['subject']} 由 {describe(a)}（{before}，{a['file']}）"
                f"变为 {describe(b)}（{after}，{b['file']}）",
                stated=b["text"],
                expected=a["text"],
                fix_en="use the same annual target in every report, or say that it was revised",
                fix_zh="各期报告使用同一年度目标；如确有调整，应予说明",
            )
        )
    return findings


RULE = Rule(
    code="AC702",
    name="target-changed",
    severity=Severity.WARNING,
    title_en="annual target differs from the previous report",
    title_zh="年度目标与上期不一致",
    check=check,
)
