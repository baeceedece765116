"""AC106 rate-fraction: a table's rate column typed as fractions (0.796 for 79.6%).

**What it checks.** A table whose every rate cell lies between 0 and 1.5, none
with a % sign, while completed / planned of its rows match the cells only when
they are multiplied by 100 (most rows, and more than match as they stand). The
match is decided with the same exact arithmetic as AC101. The column is reported
once, naming how many rows it covers, and those rows get no AC101 each.

**Why it matters.** An Excel cell 0.796 without the percent format prints as 0.796,
not 79.6%; one finding on the column says what happened, a hundred "should read
79.583%" findings do not.

**Bad:** 计划 5.8，已完成 4.6，完成率 0.793  (a fraction: 79.3%)

**Good:** 计划 5.8，已完成 4.6，完成率 79.3%
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..model import Finding, Severity
from ..rate_fractions import FRACTION, as_percent
from ..rate_table import rate_table
from ..rulebase import Context, Rule


def check(ctx: Context) -> list[Finding]:
    table = rate_table(ctx)
    rows = np.flatnonzero(table.outcome == FRACTION)
    files = ctx.column("file")[table.rate[rows]]
    findings = []
    for file in dict.fromkeys(files.tolist()):
        picked = rows[files == file]
        first = int(picked[0])
        ids = [int(table.rate[first]), int(table.completed[first]), int(table.planned[first])]
        findings.append(column_finding(ctx, ids, len(picked)))
    return findings


def column_finding(ctx: Context, ids: list[int], count: int) -> Finding:
    """The one finding of a fraction column: *ids* are its first row's rate, completed and
    planned claims, *count* the rows that match only as fractions."""
    text = str(ctx.claim(ids[0])["text"])
    percent = f"{as_percent(text)}%"
    return ctx.finding(
        RULE,
        ids,
        *_messages(text, count),
        stated=text,
        expected=percent,
        fix_en=f"write the rates as percentages ({percent}), or give the column the percent "
        "format in Excel or WPS",
        fix_zh=f"把完成率写成百分数（{percent}），或在 Excel、WPS 中把该列设为百分比格式",
    )


def recount(finding: Finding, count: int) -> Finding:
    """*finding* (of :func:`column_finding`) for a column of *count* fraction rows: a table
    checked in blocks knows the count only after its last block."""
    assert finding.stated is not None
    en, zh = _messages(finding.stated, count)
    return replace(finding, messages={"en": en, "zh": zh})


def _messages(text: str, count: int) -> tuple[str, str]:
    shown = f"{text} = {as_percent(text)}%"
    return (
        f"rates look like fractions ({shown}): {count} rate(s) of this table match "
        "completed / planned only when multiplied by 100",
        f"完成率像是小数而非百分数（{shown}）：本表 {count} 个完成率乘以 100 后才与"
        "已完成 / 计划相符",
    )


RULE = Rule(
    code="AC106",
    name="rate-fraction",
    severity=Severity.WARNING,
    title_en="rate column holds fractions, not percentages",
    title_zh="完成率列填的是小数而非百分数",
    check=check,
)
