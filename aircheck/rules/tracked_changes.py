"""AC503 tracked-changes: a Word draft that still holds tracked changes.

**What it checks.** Reported while reading a DOCX: the draft has tracked insertions,
deletions or moves (修订) that nobody has accepted or rejected yet. aircheck reads
the draft as Word shows it with every change accepted (inserted text counted,
deleted text left out) and names the first line with a change.

**Why it matters.** Whoever accepts or rejects the changes later may publish figures
other than the ones checked: a rejected insertion brings the deleted figure back.

**Bad:** 完成率 ~~65.0%~~ <u>69.8%</u> (a tracked change still open)

**Good:** every change accepted or rejected, then the draft checked again
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Finding, Location, Severity
from ..rulebase import Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..text.loaders import SourceLine

RULE = Rule(
    code="AC503",
    name="tracked-changes",
    severity=Severity.INFO,
    title_en="draft has tracked changes; read as if accepted",
    title_zh="稿件含修订痕迹，按全部接受来读",
    check=None,
)


def tracked_changes(lines: Sequence[SourceLine], file: str) -> list[Finding]:
    """One AC503 finding at the first line with tracked changes, or none."""
    changed = [line for line in lines if line.tracked]
    if not changed:
        return []
    count = len(changed)
    return [
        Finding(
            code=RULE.code,
            rule=RULE.name,
            severity=RULE.severity,
            messages={
                "en": f"the draft has tracked changes on {count} line(s), the first here; "
                "it was read as if every change were accepted (insertions in, deletions out)",
                "zh": f"稿件有 {count} 行含修订痕迹，此处为第一处；已按全部接受修订来读"
                "（插入的计入，删除的不计）",
            },
            locations=[Location(file, changed[0].number)],
            fixes={
                "en": "accept or reject every change in Word, then check the draft again",
                "zh": "在 Word 中接受或拒绝全部修订后，再检查一遍",
            },
        )
    ]
