"""AC105 rounding-convention: the document's rounding convention, reported once.

**What it checks.** Among the rates whose arithmetic decides it (those that
match truncation but not rounding, or rounding but not truncation), which
convention the document follows: ``truncation``, ``rounding`` or ``mixed``.

**Why it matters.** A reviewer fixes a convention once for the whole document,
not rate by rate; a mixed document usually means two authors or two tools.

**Bad (warning):** five rates truncated, none rounded: "the document truncates its rates".

**Good:** every deciding rate rounded half-up.
"""

from __future__ import annotations

from ..model import Finding, Location, Severity
from ..rate_table import convention_counts, convention_of, rate_table
from ..rulebase import Context, Options, Rule


def check(ctx: Context) -> list[Finding]:
    from ..arrays import factorize

    truncated, rounded = convention_counts(rate_table(ctx))
    files = sorted(factorize(ctx.column("file"))[1].tolist())
    finding = summary(truncated, rounded, files, ctx.options)
    return [finding] if finding else []


def summary(truncated: int, rounded: int, files: list[str], options: Options) -> Finding | None:
    """The one finding for a document whose deciding rates are *truncated* and *rounded*
    (counts that add up over a table's blocks), or None if it rounds or it is accepted."""
    convention = convention_of(truncated, rounded)
    if convention not in ("truncation", "mixed") or options.rounding in ("truncate", "any"):
        return None
    deciding = truncated + rounded
    if convention == "truncation":
        en = f"the document truncates its rates: {truncated} of {deciding} deciding rates are cut off, none rounded"
        zh = f"本文件的完成率采用截断而非四舍五入：{deciding} 个可判定的完成率中 {truncated} 个为截断"
    else:
        en = f"the document mixes conventions: {truncated} of {deciding} deciding rates truncated, the rest rounded"
        zh = f"本文件修约方式不一致：{deciding} 个可判定的完成率中 {truncated} 个为截断，其余为四舍五入"
    return Finding(
        code=RULE.code,
        rule=RULE.name,
        severity=Severity(options.severity.get(RULE.code, RULE.severity.value)),
        messages={"en": en, "zh": zh},
        locations=[Location(file, 1) for file in files],
        stated=convention,
        expected="rounding",
        fixes={"en": "round every rate half-up (四舍五入)", "zh": "所有完成率统一四舍五入"},
    )


RULE = Rule(
    code="AC105",
    name="rounding-convention",
    severity=Severity.WARNING,
    title_en="document does not round its rates",
    title_zh="文件未按四舍五入修约完成率",
    check=check,
)
