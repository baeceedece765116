"""AC502 schema: a table row that breaks the table schema (``schemas/table.yaml``).

**What it checks.** Reported while reading a table, by the pandera schema of the
table format: an unknown ``kind`` (only ``progress``/进度 and ``share``/占比), an
empty ``item``, an over-long unit, or cells beyond the header's width. A header
aircheck does not know (a typo such as 完成律, or 序号) is reported as info on line 1:
its column is not read.

**Why it matters.** A row with the wrong kind is checked by the wrong rules, and a
misspelt header would silently switch a check off.

**Bad:** 类型 ``percentage``

**Good:** 类型 ``share``
"""

from __future__ import annotations

from ..model import Severity
from ..rulebase import Rule

#: a header aircheck does not know is info (its column is not read); a broken row is an error
ALSO = (Severity.INFO,)

RULE = Rule(
    code="AC502",
    name="schema",
    severity=Severity.ERROR,
    title_en="row breaks the table schema",
    title_zh="行不符合表格结构",
    check=None,
)
