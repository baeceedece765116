"""AC502 schema: a table row that breaks the table schema (``schemas/table.yaml``).

**What it checks.** Reported while reading a table, by the pandera schema of the
table format: an unknown ``kind`` (only ``progress``/进度 and ``share``/占比), an
empty ``item``, an over-long unit, or cells beyond the header's width.

**Why it matters.** A row with the wrong kind is checked by the wrong rules.

**Bad:** 类型 ``percentage``

**Good:** 类型 ``share``
"""

from __future__ import annotations

from ..model import Severity
from ..rulebase import Rule

RULE = Rule(
    code="AC502",
    name="schema",
    severity=Severity.ERROR,
    title_en="row breaks the table schema",
    title_zh="行不符合表格结构",
    check=None,
)
