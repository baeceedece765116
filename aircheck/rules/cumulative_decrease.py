"""AC701 cumulative-decrease: a cumulative figure smaller than in the previous report.

**What it checks.** When several reports of one series are validated together
(``aircheck validate 2021-05.txt 2021-06.txt``), each is placed in its period
(title ``6月份`` / ``1—5月``, ``--period``, or the file name) and figures are
matched by section + subject (or a rule pack's key). Within one year a
cumulative figure (累计, 截至目前, a plan's completed figure, the completion
rate of an unchanged plan) may not fall from one report to the next, beyond the
precision each is stated with. The finding points at both reports.

**Why it matters.** A year-to-date count that shrinks means one month's figure
was mistyped, or a monthly figure was reported as a cumulative one.

**Bad:** 5月: 已完成治理 1201.14 公顷 … 6月: 已完成治理 1161.14 公顷

**Good:** 5月: 已完成治理 1101.14 公顷 … 6月: 已完成治理 1161.14 公顷
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..pairs import exceeds, over_time
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    pairs = over_time(ctx, "cumulative")
    if pairs is None:
        return []
    earlier_at, later_at, periods = pairs
    comparable, fell = exceeds(ctx, earlier_at, later_at)
    ctx.mark_checked(np.concatenate([earlier_at[comparable], later_at[comparable]]))
    findings = []
    for i in np.flatnonzero(fell).tolist():
        earlier, later = int(earlier_at[i]), int(later_at[i])
        a, b = ctx.claim(earlier), ctx.claim(later)
        before, _, after = periods[i].partition("→")
        findings.append(
            ctx.finding(
                RULE,
                [earlier, later],
                f"cumulative figure {b['subject']} fell from {describe(a)} ({before}, {a['file']}) "
                f"to {describe(b)} ({after}, {b['file']})",
                f"累计数 {b['subject']} 由 {describe(a)}（{before}，{a['file']}）"
                f"降至 {describe(b)}（{after}，{b['file']}）",
                stated=b["text"],
                expected=f">= {a['text']}",
                fix_en="correct one of the two reports; a cumulative figure cannot fall within a year",
                fix_zh="更正其中一期报告的数字；年内累计数不应下降",
            )
        )
    return findings


RULE = Rule(
    code="AC701",
    name="cumulative-decrease",
    severity=Severity.ERROR,
    title_en="cumulative figure fell since the previous report",
    title_zh="累计数较上期下降",
    check=check,
)
